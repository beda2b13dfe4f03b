// Inference benchmark: rows/s of OnnxScorer.scoreBatch (the product path) vs a raw onnxruntime session.run on
// the same rows (1,000,000 by default; BENCH_INFERENCE_ROWS), and the overhead ratio. Targets: ratio <= 1.5,
// >= 500,000 rows/s. Run: npm run bench -- inference

import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { ensembleToOnnx } from '@/lib/ml/onnx/export';
import { OnnxScorer, SESSION_OPTIONS } from '@/lib/ml/onnx/ort-scorer';
import { mulberry32 as rng, syntheticEnsemble } from '@/lib/ml/test-fixtures/synthetic';
import { loadAverage, type Figure, type SectionContext } from './harness';

async function best(
  ROWS: number,
  log: (s: string) => void,
  label: string,
  runs: number,
  fn: () => Promise<void>,
): Promise<number> {
  let bestMs = Infinity;
  let cpuMs = 0;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const wall = performance.now() - t0;
    if (wall < bestMs) {
      bestMs = wall;
      const c = process.cpuUsage(c0);
      cpuMs = (c.user + c.system) / 1000;
    }
  }
  const rate = ROWS / (bestMs / 1000);
  // CPU time shows how much of the machine the run got: other processes on a shared host inflate wall time.
  log(
    `${label.padEnd(34)} ${bestMs.toFixed(0).padStart(6)} ms wall, ${cpuMs.toFixed(0).padStart(6)} ms CPU  ${Math.round(rate).toLocaleString('en-US').padStart(11)} rows/s`,
  );
  return bestMs;
}

export async function benchInference(ctx: SectionContext): Promise<Figure[]> {
  const ROWS = ctx.params.inferenceRows;
  // The default model a fresh install serves, exactly as served (models/); a synthetic ensemble of the same
  // size if it is missing.
  const onnxFile = path.resolve(process.cwd(), 'models/proativa-default.onnx');
  const textFile = path.resolve(process.cwd(), 'models/proativa-default.txt');
  const haveDefault = fs.existsSync(onnxFile) && fs.existsSync(textFile);
  const ensemble = haveDefault
    ? parseLightGbmText(fs.readFileSync(textFile, 'utf8'))
    : syntheticEnsemble(300, 15, 14);
  const nFeatures = ensemble.featureNames.length;
  const bytes = haveDefault
    ? new Uint8Array(fs.readFileSync(onnxFile))
    : ensembleToOnnx(ensemble, { zipmap: false });
  const source = haveDefault
    ? `default model models/proativa-default.onnx (${ensemble.trees.length} trees, ${nFeatures} features)`
    : `synthetic (${ensemble.trees.length} trees x 15 leaves, ${nFeatures} features; models/ is missing)`;

  const rand = rng(42);
  const data = new Float32Array(ROWS * nFeatures);
  // Values drawn around each feature's thresholds so that trees take varied paths; 2% missing.
  const ranges = ensemble.featureNames.map((_, f) => {
    const ts = ensemble.trees.flatMap((t) => t.threshold.filter((_, k) => t.splitFeature[k] === f));
    return ts.length ? [Math.min(...ts), Math.max(...ts)] : [0, 1];
  });
  for (let i = 0; i < data.length; i++) {
    const [lo, hi] = ranges[i % nFeatures]!;
    data[i] = rand() < 0.02 ? NaN : lo! + (rand() * 1.4 - 0.2) * (hi! - lo! || 1);
  }

  ctx.log(
    `model: ${source}; ${ROWS.toLocaleString('en-US')} rows; onnxruntime-node ${ort.env.versions.common}`,
  );
  const scorer = await OnnxScorer.create(bytes);
  // Same session options as the product, so the ratio measures only the product's own overhead.
  const raw = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
  const rawRun = async () => {
    const input = new ort.Tensor('float32', data, [ROWS, nFeatures]);
    await raw.run({ [raw.inputNames[0]!]: input }, [scorer.probabilityOutput]);
  };
  await rawRun(); // warm-up
  await scorer.scoreBatch(data, ROWS);
  const loadBefore = loadAverage();
  const rawMs = await best(ROWS, ctx.log, 'raw InferenceSession.run (1 call)', 3, rawRun);
  const productMs = await best(ROWS, ctx.log, 'OnnxScorer.scoreBatch (chunked)', 3, async () => {
    await scorer.scoreBatch(data, ROWS);
  });
  const rate = ROWS / (productMs / 1000);
  const ratio = productMs / rawMs;
  ctx.log(`overhead ratio (product / raw): ${ratio.toFixed(3)} (target <= 1.5)`);
  ctx.log(`product throughput: ${Math.round(rate).toLocaleString('en-US')} rows/s (target >= 500,000)`);
  ctx.details.model = source;
  ctx.details.rows = ROWS;
  ctx.details.targetsMet = ratio <= 1.5 && rate >= 500_000;
  ctx.log(`targets met: ${ctx.details.targetsMet ? 'yes' : 'NO'}`);
  await scorer.release();
  await raw.release();
  return [
    ctx.figure(
      'OnnxScorer.scoreBatch (product)',
      rate,
      'rows/s',
      { name: 'raw InferenceSession.run', value: ROWS / (rawMs / 1000), unit: 'rows/s' },
      { loadBefore, details: { productMs, rawMs } },
    ),
  ];
}
