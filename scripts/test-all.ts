// `npm test`: lint, typecheck, unit, integration (real PostgreSQL) and end-to-end tests, in that order, then
// the benchmark harness at quick size (after e2e, so the production build its real-time section uses exists;
// it exits non-zero when a section throws, so the harness cannot rot), stopping at the first failure.
import { spawnSync } from 'node:child_process';

const steps: [string, string[]][] = [
  ['lint', ['run', 'lint']],
  ['typecheck', ['run', 'typecheck']],
  ['unit tests', ['run', 'test:unit']],
  ['integration tests', ['run', 'test:integration']],
  ['end-to-end tests', ['run', 'test:e2e']],
  ['benchmarks (quick)', ['run', 'bench', '--', '--quick']],
];

const only = process.argv.slice(2);
for (const [name, args] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync('npm', args, { stdio: 'inherit', env: process.env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n${name} failed after ${secs}s.`);
    process.exit(r.status ?? 1);
  }
  console.log(`${name} passed in ${secs}s.`);
  // The production build of the end-to-end step need not type-check again (next.config.ts).
  if (name === 'typecheck') process.env.PROATIVA_TYPECHECKED = '1';
}
