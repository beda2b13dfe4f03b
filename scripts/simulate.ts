// Writes a synthetic demo portfolio as raw CSV files: tsx scripts/simulate.ts --clients N --months M --seed S --out DIR
// (optional --start YYYY-MM, --shift YYYY-MM, --shift-strength X).

import path from 'node:path';
import { parseArgs } from 'node:util';
import { writePortfolioCsv } from '@/lib/simulator/csv';
import { resolveParams } from '@/lib/simulator/generate';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '20000' },
      months: { type: 'string', default: '24' },
      seed: { type: 'string', default: '42' },
      start: { type: 'string', default: '2025-01' },
      shift: { type: 'string' },
      'shift-strength': { type: 'string' },
      out: { type: 'string', default: '.data/simulated' },
    },
  });
  const num = (name: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || v.trim() === '' || !Number.isFinite(n))
      throw new Error(`--${name} must be a number, got '${v}'`);
    return n;
  };
  const params = resolveParams({
    clients: num('clients', values.clients),
    months: num('months', values.months),
    seed: num('seed', values.seed),
    startMonth: values.start,
    shiftStartMonth: values.shift,
    shiftStrength:
      values['shift-strength'] === undefined ? undefined : num('shift-strength', values['shift-strength']),
  });
  const outDir = path.resolve(values.out!);
  const t0 = performance.now();
  const s = await writePortfolioCsv(params, outDir);
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `simulated ${s.clients} clients x ${params.months} months from ${params.startMonth} (seed ${params.seed}, ` +
      `shift from ${params.shiftStartMonth}) in ${secs.toFixed(1)} s -> ${outDir}`,
  );
  console.log(
    `  statements ${s.statements}, bureau ${s.bureau}, outcomes ${s.outcomes} ` +
      `(${s.defaults} defaults, ${((100 * s.defaults) / Math.max(1, s.outcomes)).toFixed(2)}%), ` +
      `${Math.round(s.statements / secs)} statement rows/s`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
