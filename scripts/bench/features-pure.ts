// Benchmark of the pure feature path: fs-v1 vectors per second over simulated 24-month histories, and the
// simulator's own generation rate. Run: tsx scripts/bench/features-pure.ts [clients]
import { pathToFileURL } from 'node:url';
import type { ClientHistory } from '@/lib/domain/raw';
import { computeFeatures, computeFeaturesInto, NUM_FEATURES } from '@/lib/features/fs-v1';
import { generatePortfolio } from '@/lib/simulator/generate';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function benchFeaturesPure(clients = 200_000): Promise<void> {
  const months = 24;
  const asOf = '2026-11'; // month 23 of 24: the full 6-month window and bureau history are in play
  let t0 = performance.now();
  const histories: ClientHistory[] = [];
  let statements = 0;
  for (const b of generatePortfolio({ clients, months, seed: 1 })) {
    histories.push({ client: b.client, statements: b.statements, bureau: b.bureau });
    statements += b.statements.length;
  }
  const genSecs = (performance.now() - t0) / 1000;
  console.log(
    `simulator: ${fmt(clients)} clients x ${months} months (${fmt(statements)} statements) in ${genSecs.toFixed(2)} s ` +
      `= ${fmt(clients / genSecs)} clients/s, ${fmt(statements / genSecs)} statements/s`,
  );

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
  console.log(
    `computeFeaturesInto (as of ${asOf}): first run ${fmt(rates[0]!)} clients/s, warm median ` +
      `${fmt(warm[Math.floor(warm.length / 2)]!)} clients/s (${((100 * nan) / out.length).toFixed(1)}% NaN cells)`,
  );
  t0 = performance.now();
  let checksum = 0;
  for (let i = 0; i < histories.length; i++) checksum += computeFeatures(histories[i]!, asOf)[0]! || 0;
  const allocRate = clients / ((performance.now() - t0) / 1000);
  console.log(
    `computeFeatures (allocating a Float64Array each): ${fmt(allocRate)} clients/s (checksum ${checksum.toFixed(0)})`,
  );
  console.log(`target > 200,000 clients/s: ${warm[0]! > 200_000 ? 'met' : 'NOT met'}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 200_000);
  benchFeaturesPure(Number.isFinite(n) && n > 0 ? n : 200_000).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
