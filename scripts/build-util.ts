// Builds the Next.js app only when its inputs changed since the last build (used by `npm start` and e2e).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
export const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

/** A cheap fingerprint of everything that goes into the build: paths, sizes and modification times. */
function sourceFingerprint(): string {
  const h = crypto.createHash('sha256');
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\.test\.tsx?$/.test(e.name)) {
        const st = fs.statSync(p);
        h.update(`${path.relative(root, p)}|${st.size}|${st.mtimeMs}\n`);
      }
    }
  };
  for (const d of ['app', 'components', 'lib', 'public', 'models']) walk(path.join(root, d));
  for (const f of [
    'next.config.ts',
    'package-lock.json',
    'tsconfig.json',
    'proxy.ts',
    'instrumentation.ts',
  ]) {
    const p = path.join(root, f);
    if (fs.existsSync(p)) h.update(`${f}|${fs.statSync(p).mtimeMs}\n`);
  }
  return h.digest('hex');
}

export function buildIfNeeded(log: (s: string) => void = console.log): void {
  const stamp = path.join(root, '.next', 'proativa-fingerprint');
  const fp = sourceFingerprint();
  const built =
    fs.existsSync(path.join(root, '.next', 'BUILD_ID')) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8') === fp;
  if (built) return;
  log('Building the web app (first start or sources changed; this takes a minute or two)…');
  const r = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error('`next build` failed (see the output above).');
  fs.writeFileSync(stamp, fp);
}
