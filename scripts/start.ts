// `npm start`: the whole product on one machine. Starts the embedded PostgreSQL (or uses DATABASE_URL),
// applies migrations, seeds demo data on a fresh database, builds the app when the sources changed, and
// serves it on PORT (3000). Ctrl-C stops the app and the embedded database cleanly.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, dataDir, env } from '@/lib/env';
import { openDatabase, prismaFor, type Database } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { portInUse } from '@/lib/db/embedded';
import { localSecret } from '@/lib/auth/secret';
import { printDemoLogins, seedDemoUsers } from '@/lib/seed/users';
import { fail } from './cli-util';

const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

/** A cheap fingerprint of everything that goes into the build, to rebuild only when it changed. */
function sourceFingerprint(): string {
  const h = crypto.createHash('sha256');
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.statSync(p);
        h.update(`${path.relative(root, p)}|${st.size}|${st.mtimeMs}\n`);
      }
    }
  };
  for (const d of ['app', 'components', 'lib', 'public', 'models']) walk(path.join(root, d));
  for (const f of ['next.config.ts', 'package-lock.json', 'tsconfig.json', 'proxy.ts', 'instrumentation.ts']) {
    const p = path.join(root, f);
    if (fs.existsSync(p)) h.update(`${f}|${fs.statSync(p).mtimeMs}\n`);
  }
  return h.digest('hex');
}

function buildIfNeeded() {
  const stamp = path.join(root, '.next', 'proativa-fingerprint');
  const fp = sourceFingerprint();
  const built = fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === fp;
  if (built) return;
  console.log('Building the web app (first start or sources changed; this takes a minute or two)…');
  const r = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error('`next build` failed (see the output above).');
  fs.writeFileSync(stamp, fp);
}

async function main() {
  let e;
  try {
    e = env();
  } catch (err) {
    if (err instanceof ConfigError) fail(err);
    throw err;
  }
  if (await portInUse(e.PORT, '0.0.0.0')) {
    throw new Error(`Port ${e.PORT} is already in use. Stop the other program or start on another port: PORT=3001 npm start`);
  }
  let db: Database | undefined;
  let child: ChildProcess | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    if (db?.embedded?.owned) console.log('Stopping the embedded PostgreSQL…');
    await db?.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    db = await openDatabase((s) => console.log(s.trim()));
    console.log(db.embedded ? `Database: embedded PostgreSQL (${db.embedded.dir})` : 'Database: DATABASE_URL');
    await migrate(db.url, { log: console.log });
    const { prisma, close } = prismaFor(db.url);
    try {
      const created = await seedDemoUsers(prisma);
      if (created.length) console.log(`Seeded ${created.length} demo users.`);
    } finally {
      await close();
    }
    if (!dev) buildIfNeeded();
  } catch (err) {
    await db?.close();
    throw err;
  }

  const secret = e.NEXTAUTH_SECRET ?? localSecret(dataDir());
  const url = e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`;
  child = spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '-p', String(e.PORT)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: db.url, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: url, NODE_ENV: dev ? 'development' : 'production' },
  });
  child.on('exit', (code) => void stop(code ?? 0));
  console.log(`\nProativa is starting at ${url}`);
  printDemoLogins();
}

main().catch(fail);
