// `npm test`: lint and typecheck (side by side: each is single-threaded and the machine has 2 cores), then unit,
// integration (real PostgreSQL) tests, the production build, then end-to-end tests and the benchmark harness at
// quick size side by side (`npm run bench -- --quick`: every section at a tenth of the size; its real-time
// section serves the same build), stopping at the first failure. The benchmarks fail the step only when a section throws, never on a
// figure: they run so the harness cannot rot, and the machine CI runs on is not a quiet one.
// `npm test -- unit integration` runs the named steps only.
import { spawn } from 'node:child_process';

/** Each step is one or more npm scripts run at the same time; the step fails when any of them fails. */
const steps: [string, string[][]][] = [
  [
    'lint and typecheck',
    [
      ['run', 'lint'],
      ['run', 'typecheck'],
    ],
  ],
  ['unit tests', [['run', 'test:unit']]],
  ['integration tests', [['run', 'test:integration']]],
  // One production build for both (each would otherwise start one of its own in the same .next).
  ['production build', [['run', 'build:if-needed']]],
  // Side by side: the browser tests leave much of the two cores idle (one page at a time), the quick benchmarks
  // use them; CI took 14.9 min with the two one after the other.
  [
    'end-to-end tests and quick benchmarks',
    [
      ['run', 'test:e2e'],
      ['run', 'bench', '--', '--quick'],
    ],
  ],
];

function run(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npm', args, { stdio: 'inherit', env: process.env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}

async function main() {
  const only = process.argv.slice(2);
  for (const [name, commands] of steps) {
    if (only.length && !only.some((o) => name.startsWith(o) || commands.some((c) => c[1] === o))) continue;
    const started = Date.now();
    console.log(`\n=== ${name} ===`);
    const codes = await Promise.all(commands.map(run));
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const failed = codes.findIndex((c) => c !== 0);
    if (failed >= 0) {
      console.error(`\n${name} failed after ${secs}s (npm ${commands[failed]!.join(' ')}).`);
      process.exit(codes[failed]!);
    }
    console.log(`${name} passed in ${secs}s.`);
    // The production build of the end-to-end step need not type-check again (next.config.ts).
    if (commands.some((c) => c[1] === 'typecheck')) process.env.PROATIVA_TYPECHECKED = '1';
  }
}

void main();
