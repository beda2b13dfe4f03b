// Benchmark of the in-app GBDT trainer: UCI credit-default test AUC, training time and rows/s, and the
// training time on synthetic rows x 14 features (the product retrains on ~500k x 14). Floor, measured on the
// same matrix: 100 passes reading every cell once (what 100 boosting rounds must at least touch), rows/s.
// Run: npm run bench -- training (BENCH_TRAINING_ROWS=500000 measures the product's retraining size)
import fs from 'node:fs';
import { auc } from '@/lib/metrics/classification';
import { trainGbdt } from '@/lib/ml/train/gbdt';
import { syntheticCredit } from '@/lib/ml/train/synthetic';
import { predictRawForTest } from '@/lib/ml/train/test-predict';
import { loadUciSplit, uciCsvPath } from '@/lib/ml/train/uci';
import { loadAverage, type Figure, type Measure, type SectionContext } from './harness';

const ROUNDS = 100; // trainGbdt's default numIterations

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

/** The floor: ROUNDS sequential passes over the feature matrix, each cell read once per pass. */
function touchFloor(X: ArrayLike<number>, nRows: number): Measure {
  const t0 = performance.now();
  let sum = 0;
  for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < X.length; i++) sum += X[i]! || 0;
  const ms = performance.now() - t0;
  if (sum === 0.123456789) throw new Error('unreachable'); // keeps the loop from being optimised away
  return { name: `${ROUNDS} passes reading every cell`, value: (nRows / ms) * 1000, unit: 'rows/s' };
}

export async function benchTraining(ctx: SectionContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  const csv = uciCsvPath();
  if (fs.existsSync(csv)) {
    const data = loadUciSplit(csv);
    const loadBefore = loadAverage();
    const { value: result, cpuMillis } = withCpu(() =>
      trainGbdt({ ...data.train, featureNames: data.featureNames }, {}),
    );
    const testAuc = auc(predictRawForTest(result.ensemble, data.test.X, data.test.nRows), data.test.y);
    const ms = result.trainingMillis;
    ctx.log(
      `training: UCI ${data.train.nRows} rows x ${data.featureNames.length} features, 100 rounds, 31 leaves: ` +
        `test AUC ${testAuc.toFixed(4)}, ${ms.toFixed(0)} ms wall (${cpuMillis.toFixed(0)} ms CPU), ` +
        rate(data.train.nRows, ms),
    );
    figures.push(
      ctx.figure(
        `GBDT training, UCI ${data.train.nRows} rows`,
        (data.train.nRows / ms) * 1000,
        'rows/s',
        touchFloor(data.train.X, data.train.nRows),
        { loadBefore, details: { testAuc, wallMillis: ms, cpuMillis } },
      ),
    );
  } else {
    ctx.log(`training: UCI benchmark skipped (no shared data at ${csv})`);
    ctx.details.uci = `skipped: no data at ${csv}`;
  }
  const nRows = ctx.params.trainingRows;
  if (!Number.isInteger(nRows) || nRows < 100) {
    throw new RangeError(`BENCH_TRAINING_ROWS must be an integer >= 100, got ${nRows}`);
  }
  const synthetic = syntheticCredit(nRows, 14, 1);
  const loadBefore = loadAverage();
  const { value: result, cpuMillis } = withCpu(() => trainGbdt(synthetic, {}));
  const ms = result.trainingMillis;
  const finalLoss = result.history.at(-1)?.trainLoss;
  ctx.log(
    `training: synthetic ${nRows} rows x 14 features, 100 rounds, 31 leaves: ${ms.toFixed(0)} ms wall ` +
      `(${cpuMillis.toFixed(0)} ms CPU), ` +
      `${rate(nRows, ms)}, final train log loss ${finalLoss?.toFixed(4)}`,
  );
  figures.push(
    ctx.figure(
      `GBDT training, synthetic ${nRows} x 14`,
      (nRows / ms) * 1000,
      'rows/s',
      touchFloor(synthetic.X, nRows),
      { loadBefore, details: { wallMillis: ms, cpuMillis, finalTrainLoss: finalLoss } },
    ),
  );
  return figures;
}
