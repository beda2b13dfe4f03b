// Benchmark of the pure feature path: fs-v1 vectors per second over simulated 24-month histories (warm median
// of computeFeaturesInto, and the allocating computeFeatures), next to a floor measured on the same histories:
// one pass that reads every statement's numeric fields and does nothing else (the memory traffic alone).
// Run: npm run bench -- features
import type { ClientHistory } from '@/lib/domain/raw';
import { computeFeatures, computeFeaturesInto, NUM_FEATURES } from '@/lib/features/fs-v1';
import { generatePortfolio } from '@/lib/simulator/generate';
import { loadAverage, type Figure, type SectionContext } from './harness';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The floor: every statement field a feature could read, summed; best of `runs` (clients/s). */
function readPass(histories: ClientHistory[], runs = 3): { rate: number; checksum: number } {
  let best = 0;
  let checksum = 0;
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    let sum = 0;
    for (const h of histories) {
      for (const s of h.statements) {
        sum +=
          s.creditLimit +
          s.statementBalance +
          (s.minimumDue ?? 0) +
          s.amountPaid +
          (s.revolvingBalance ?? 0) +
          s.monthsPastDue +
          (s.purchases ?? 0) +
          (s.cashAdvances ?? 0);
      }
      for (const b of h.bureau) sum += Object.keys(b).length;
    }
    best = Math.max(best, histories.length / ((performance.now() - t0) / 1000));
    checksum = sum;
  }
  return { rate: best, checksum };
}

export async function benchFeaturesPure(ctx: SectionContext): Promise<Figure[]> {
  const clients = ctx.params.featureClients;
  const months = 24;
  const asOf = '2026-11'; // month 23 of 24: the full 6-month window and bureau history are in play
  let t0 = performance.now();
  const histories: ClientHistory[] = [];
  let statements = 0;
  for (const b of generatePortfolio({ clients, months, seed: 1 })) {
    histories.push({ client: b.client, statements: b.statements, bureau: b.bureau });
    statements += b.statements.length;
    if (histories.length % 10_000 === 0) ctx.progress(histories.length, clients, 'clients generated');
  }
  const genSecs = (performance.now() - t0) / 1000;
  ctx.log(
    `simulator: ${fmt(clients)} clients x ${months} months (${fmt(statements)} statements) in ${genSecs.toFixed(2)} s ` +
      `= ${fmt(clients / genSecs)} clients/s, ${fmt(statements / genSecs)} statements/s`,
  );
  ctx.details.clients = clients;
  ctx.details.statements = statements;
  ctx.details.simulatorClientsPerSecond = Math.round(clients / genSecs);

  const loadFloor = loadAverage();
  const floor = readPass(histories);
  const floorMeasure = { name: 'read every statement field', value: floor.rate, unit: 'clients/s' };

  const loadInto = loadAverage();
  const out = new Float64Array(clients * NUM_FEATURES);
  const rates: number[] = [];
  for (let run = 0; run < 4; run++) {
    t0 = performance.now();
    for (let i = 0; i < histories.length; i++)
      computeFeaturesInto(histories[i]!, asOf, out, i * NUM_FEATURES);
    rates.push(clients / ((performance.now() - t0) / 1000));
  }
  let nan = 0;
  for (let i = 0; i < out.length; i++) if (out[i] !== out[i]) nan++;
  const warm = rates.slice(1).sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)]!;
  ctx.log(
    `computeFeaturesInto (as of ${asOf}): first run ${fmt(rates[0]!)} clients/s, warm median ` +
      `${fmt(median)} clients/s (${((100 * nan) / out.length).toFixed(1)}% NaN cells); floor ${fmt(floor.rate)} clients/s`,
  );
  const loadAlloc = loadAverage();
  t0 = performance.now();
  let checksum = 0;
  for (let i = 0; i < histories.length; i++) checksum += computeFeatures(histories[i]!, asOf)[0]! || 0;
  const allocRate = clients / ((performance.now() - t0) / 1000);
  ctx.log(
    `computeFeatures (allocating a Float64Array each): ${fmt(allocRate)} clients/s (checksum ${checksum.toFixed(0)})`,
  );
  ctx.details.target = `> 200,000 clients/s: ${warm[0]! > 200_000 ? 'met' : 'NOT met'}`;
  ctx.log(`target ${String(ctx.details.target)}`);
  return [
    ctx.figure('computeFeaturesInto, warm median', median, 'clients/s', floorMeasure, {
      loadBefore: loadInto,
      details: { firstRun: rates[0], nanShare: nan / out.length, floorLoadBefore: loadFloor },
    }),
    ctx.figure('computeFeatures (allocating)', allocRate, 'clients/s', floorMeasure, {
      loadBefore: loadAlloc,
    }),
  ];
}
