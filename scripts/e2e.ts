// `npm run test:e2e`: builds the app if needed, starts it on a fresh database (a throwaway embedded cluster,
// or a new database on DATABASE_URL's server), seeds the demo users, and runs Playwright against it.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { freePort } from '@/lib/db/embedded';
import { migrate } from '@/lib/db/migrate';
import { scratchDatabase } from '@/lib/db/connect';
import { seedAll } from '@/lib/seed/all';
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
  // A throwaway install: no fsync (lib/db/embedded.ts).
  const db = await scratchDatabase('proativa_e2e', { durable: false });
  let server: ReturnType<typeof spawn> | undefined;
  try {
    await migrate(db.url);
    // A fresh install in miniature: the demo users, a small demo book with its backfilled decisions, the
    // simulated operation and the monitoring figures, through the same seed `npm start` runs (the specs that
    // need their own data still bring it).
    const started = Date.now();
    await seedAll(
      db.url,
      { DEMO_CLIENTS: Number(process.env.E2E_DEMO_CLIENTS ?? 1500), DEMO_MONTHS: 24 },
      () => undefined,
    );
    console.log(`e2e database seeded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
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
