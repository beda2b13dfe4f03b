// `npm start`: the whole product on one machine. Starts the embedded PostgreSQL (or uses DATABASE_URL),
// applies migrations, seeds demo data on a fresh database, builds the app when the sources changed, and
// serves it on PORT (3000). Ctrl-C stops the app and the embedded database cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { ConfigError, dataDir, env } from '@/lib/env';
import { openDatabase, type Database } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { portInUse } from '@/lib/db/embedded';
import { localSecret } from '@/lib/auth/secret';
import { printDemoLogins } from '@/lib/seed/users';
import { seedAll } from '@/lib/seed/all';
import { fail } from './cli-util';
import { buildIfNeeded, nextBin, root } from './build-util';

const dev = process.argv.includes('--dev');

async function main() {
  let e;
  try {
    e = env();
  } catch (err) {
    if (err instanceof ConfigError) fail(err);
    throw err;
  }
  if (await portInUse(e.PORT, '0.0.0.0')) {
    throw new Error(
      `Port ${e.PORT} is already in use. Stop the other program or start on another port: PORT=3001 npm start`,
    );
  }
  let db: Database | undefined;
  const running: { child?: ChildProcess } = {};
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const child = running.child;
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    if (db?.embedded?.owned) console.log('Stopping the embedded PostgreSQL…');
    await db?.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    db = await openDatabase((s) => console.log(s.trim()));
    console.log(
      db.embedded ? `Database: embedded PostgreSQL (${db.embedded.dir})` : 'Database: DATABASE_URL',
    );
    await migrate(db.url, { log: console.log });
    await seedAll(db.url, e, console.log);
    if (!dev) buildIfNeeded();
  } catch (err) {
    await db?.close();
    throw err;
  }

  const secret = e.NEXTAUTH_SECRET ?? localSecret(dataDir());
  const url = e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`;
  const child = spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '-p', String(e.PORT)], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: url,
      NODE_ENV: dev ? 'development' : 'production',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  running.child = child;
  child.on('exit', (code) => void stop(code ?? 0));
  console.log(`\nProativa is starting at ${url}`);
  printDemoLogins();
}

main().catch(fail);
