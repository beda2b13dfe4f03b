// Sections that must run in a child process (queue, executive: their modules import next/navigation, which does
// not load under the react-server condition the harness uses) get their parameters from the harness in
// BENCH_PARAMS and hand their figures back through the file named in BENCH_FIGURES_FILE.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  makeFigure,
  makeProgress,
  paramsFromEnv,
  type BenchParams,
  type Figure,
  type LoadAverage,
  type Measure,
} from './harness';

interface ChildOutput {
  figures: Figure[];
  details: Record<string, unknown>;
}

/** What a child section uses in place of the harness's context. */
export interface ChildContext {
  params: BenchParams;
  details: Record<string, unknown>;
  figure(
    name: string,
    value: number,
    unit: string,
    floor: Measure,
    opts?: { loadBefore?: LoadAverage; details?: Record<string, unknown> },
  ): Figure;
  progress(done: number, total: number, what?: string): void;
  /** Hands the figures to the harness (when it started this process). */
  finish(figures: Figure[]): void;
}

export function childContext(name: string): ChildContext {
  const details: Record<string, unknown> = {};
  return {
    params: paramsFromEnv(),
    details,
    figure: makeFigure,
    progress: makeProgress(name, (s) => process.stdout.write(s), Boolean(process.stdout.isTTY)),
    finish(figures) {
      const file = process.env.BENCH_FIGURES_FILE;
      if (file) fs.writeFileSync(file, JSON.stringify({ figures, details } satisfies ChildOutput));
    },
  };
}

/**
 * Runs `script` in a child tsx process without the react-server condition, with the server-only hook, and
 * returns the figures it handed back. A child that exits non-zero or hands nothing back fails the section.
 */
export async function runIsolated(
  script: string,
  params: BenchParams,
  details: Record<string, unknown>,
): Promise<Figure[]> {
  const file = path.join(os.tmpdir(), `proativa-bench-figures-${crypto.randomBytes(4).toString('hex')}.json`);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('npx', ['tsx', '--import', './scripts/bench/server-only-hook.mjs', script], {
        stdio: 'inherit',
        env: { ...process.env, BENCH_PARAMS: JSON.stringify(params), BENCH_FIGURES_FILE: file },
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`)),
      );
    });
    if (!fs.existsSync(file)) throw new Error(`${script} exited without handing back its figures`);
    const out = JSON.parse(fs.readFileSync(file, 'utf8')) as ChildOutput;
    Object.assign(details, out.details);
    return out.figures;
  } finally {
    fs.rmSync(file, { force: true });
  }
}
