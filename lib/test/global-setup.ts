// Integration tests run against a real PostgreSQL: DATABASE_URL's server when set (it must allow CREATE
// DATABASE), else a throwaway embedded cluster started here. Each test file then creates its own database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, startEmbeddedPostgres } from '@/lib/db/embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    const u = new URL(external);
    u.pathname = '/postgres';
    project.provide('pgAdminUrl', u.toString());
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-test-pg-'));
  fs.chmodSync(dir, 0o755); // the postgres system user (when running as root) must reach the cluster folder
  const pg = await startEmbeddedPostgres({
    dir: path.join(dir, 'cluster'),
    port: await freePort(),
    database: 'postgres',
    durable: false,
  });
  project.provide('pgAdminUrl', pg.url);
  return async () => {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
