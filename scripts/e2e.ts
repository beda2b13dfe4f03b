// `npm run test:e2e`: builds the app if needed, starts it on a fresh database (a throwaway embedded cluster,
// or a new database on DATABASE_URL's server), seeds the demo users, and runs Playwright against it.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { freePort } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { prismaFor, scratchDatabase } from '@/lib/db/connect';
import { seedDemoUsers } from '@/lib/seed/users';
import { buildIfNeeded, nextBin, root } from './build-util';
import { fail } from './cli-util';

async function waitForHealth(url: string, child: { exitCode: number | null }) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('The app exited before it was ready.');
    try {
      const r = await fetch(`${url}/api/v1/health`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The app did not become healthy at ${url} within 90 s.`);
}

async function main() {
  buildIfNeeded();
  const db = await scratchDatabase('proativa_e2e');
  let server: ReturnType<typeof spawn> | undefined;
  try {
    await migrate(db.url);
    const { prisma, close } = prismaFor(db.url);
    await seedDemoUsers(prisma);
    await close();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        NEXTAUTH_URL: baseUrl,
        NEXTAUTH_SECRET: crypto.randomBytes(32).toString('hex'),
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    });
    await waitForHealth(baseUrl, server);
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', ...process.argv.slice(2)],
      {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, BASE_URL: baseUrl, E2E_DATABASE_URL: db.url },
      },
    );
    process.exitCode = r.status ?? 1;
  } finally {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server?.once('exit', r));
    }
    await db.drop();
  }
}

main().catch(fail);
