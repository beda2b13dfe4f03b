// Benchmark of the in-app GBDT trainer: UCI credit-default test AUC, training time and rows/s, and the
// training time on 200k synthetic rows x 14 features (the product retrains on ~500k x 14).

import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { auc } from '@/lib/metrics/classification';
import { trainGbdt } from '@/lib/ml/train/gbdt';
import { syntheticCredit } from '@/lib/ml/train/synthetic';
import { predictRawForTest } from '@/lib/ml/train/test-predict';
import { loadUciSplit, uciCsvPath } from '@/lib/ml/train/uci';

function rate(rows: number, millis: number): string {
  return `${Math.round((rows / millis) * 1000).toLocaleString('en-US')} rows/s`;
}

/** Runs fn and returns its result with the process CPU milliseconds spent (wall time misleads on a busy host). */
function withCpu<T>(fn: () => T): { value: T; cpuMillis: number } {
  const before = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(before);
  return { value, cpuMillis: (used.user + used.system) / 1000 };
}

export async function benchTraining(): Promise<void> {
  const csv = uciCsvPath();
  if (fs.existsSync(csv)) {
    const data = loadUciSplit(csv);
    const { value: result, cpuMillis } = withCpu(() =>
      trainGbdt({ ...data.train, featureNames: data.featureNames }, {}),
    );
    const testAuc = auc(predictRawForTest(result.ensemble, data.test.X, data.test.nRows), data.test.y);
    const ms = result.trainingMillis;
    console.log(
      `training: UCI ${data.train.nRows} rows x ${data.featureNames.length} features, 100 rounds, 31 leaves: ` +
        `test AUC ${testAuc.toFixed(4)}, ${ms.toFixed(0)} ms wall (${cpuMillis.toFixed(0)} ms CPU), ` +
        rate(data.train.nRows, ms),
    );
  } else {
    console.log(`training: UCI benchmark skipped (no shared data at ${csv})`);
  }
  // BENCH_TRAINING_ROWS=500000 measures the product's retraining size.
  const nRows = Number(process.env.BENCH_TRAINING_ROWS ?? 200_000);
  if (!Number.isInteger(nRows) || nRows < 100) {
    throw new RangeError(
      `BENCH_TRAINING_ROWS must be an integer >= 100, got ${process.env.BENCH_TRAINING_ROWS}`,
    );
  }
  const synthetic = syntheticCredit(nRows, 14, 1);
  const { value: result, cpuMillis } = withCpu(() => trainGbdt(synthetic, {}));
  const ms = result.trainingMillis;
  console.log(
    `training: synthetic ${nRows} rows x 14 features, 100 rounds, 31 leaves: ${ms.toFixed(0)} ms wall ` +
      `(${cpuMillis.toFixed(0)} ms CPU), ` +
      `${rate(nRows, ms)}, final train log loss ${result.history.at(-1)?.trainLoss.toFixed(4)}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchTraining();
}
