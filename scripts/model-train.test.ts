import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from './model-cli';
import { readLabelledCsv } from './model-train';
import { auc } from '@/lib/metrics/classification';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { OnnxScorer } from '@/lib/ml/onnx/ort-scorer';
import { predictProbaBatch } from '@/lib/ml/tree-eval';
import type { ModelCard } from '@/lib/models/card';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'model-train-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('readLabelledCsv', () => {
  it('takes every column but the label and the dropped ones, empty cells as missing', () => {
    const f = write('ok.csv', 'id,a,"b",y\n1,0.5,,1\n2,1.5,3,0\n');
    const t = readLabelledCsv(f, { label: 'y', drop: ['id'] });
    expect(t.featureNames).toEqual(['a', 'b']);
    expect(t.nRows).toBe(2);
    expect(Array.from(t.X)).toEqual([0.5, NaN, 1.5, 3]);
    expect(Array.from(t.y)).toEqual([1, 0]);
  });

  it('lists bad rows by file, line, column and reason', () => {
    const f = write('bad.csv', 'a,b,y\n1,2,1\n1,x,0\n1,2,2\n1,2\n');
    expect(() => readLabelledCsv(f, { label: 'y' })).toThrow(
      '3 bad rows in bad.csv:\nbad.csv line 3, column b: "x" is not a number\n' +
        'bad.csv line 4, column y: label must be 0 or 1, got "2"\nbad.csv line 5: expected 3 columns, found 2',
    );
    expect(() => readLabelledCsv(f, { label: 'target' })).toThrow('no label column "target"');
    expect(() => readLabelledCsv(f, { label: 'y', drop: ['zz'] })).toThrow(
      '--drop column "zz" is not in the header',
    );
  });
});

describe('model train (CLI)', () => {
  it('refuses a call without --out or with an unknown parameter, with usage', async () => {
    const f = write('tiny.csv', 'a,y\n1,1\n2,0\n');
    const io = capture();
    expect(await main(['train', f, '--label', 'y'], io)).toBe(2);
    expect(io.err).toContain('--out <dir> is required');
    const io2 = capture();
    expect(await main(['train', f, '--label', 'y', '--out', tmp, '--params', 'leaves=3'], io2)).toBe(1);
    expect(io2.err).toContain('unknown parameter "leaves"');
  });
});

const uciFile = path.resolve(process.cwd(), '../shared/data/uci/UCI_Credit_Card.csv');
const uciExists = fs.existsSync(uciFile);

// The UCI file lives in the shared data folder beside the repository; a clone elsewhere does not have it.
describe.skipIf(!uciExists)('model train on UCI Default of Credit Card Clients', () => {
  it('writes a model whose text and ONNX files score identically, with test AUC >= 0.78', async () => {
    const lines = fs.readFileSync(uciFile, 'utf8').split(/\r?\n/).filter(Boolean);
    const header = lines[0]!;
    const idCol = header
      .split(',')
      .map((h) => h.replace(/"/g, ''))
      .indexOf('ID');
    const trainLines = [header];
    const testLines = [header];
    for (const l of lines.slice(1)) (Number(l.split(',')[idCol]) % 5 === 0 ? testLines : trainLines).push(l);
    const trainCsv = write('uci-train.csv', trainLines.join('\n') + '\n');
    const testCsv = write('uci-test.csv', testLines.join('\n') + '\n');
    const out = path.join(tmp, 'uci-model');

    const io = capture();
    const code = await main(
      [
        'train',
        trainCsv,
        '--label',
        'default.payment.next.month',
        '--valid',
        testCsv,
        '--drop',
        'ID',
        '--params',
        'num_iterations=120,learning_rate=0.05,num_leaves=15,min_data_in_leaf=50,seed=3',
        '--out',
        out,
      ],
      io,
    );
    expect(io.err).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(io.out).toMatch(/valid AUC: 0\.\d{4}/);
    expect(io.out).toMatch(/training time: \d+\.\d\d s/);
    for (const f of ['model.onnx', 'model.txt', 'model-card.json', 'model-card.md']) {
      expect(fs.existsSync(path.join(out, f))).toBe(true);
    }

    const test = readLabelledCsv(testCsv, { label: 'default.payment.next.month', drop: ['ID'] });
    const ensemble = parseLightGbmText(fs.readFileSync(path.join(out, 'model.txt'), 'utf8'));
    expect(ensemble.featureNames).toEqual(test.featureNames);
    const ts = predictProbaBatch(ensemble, test.X, test.nRows, test.featureNames.length);
    const scorer = await OnnxScorer.create(new Uint8Array(fs.readFileSync(path.join(out, 'model.onnx'))));
    let maxDiff = 0;
    try {
      const onnx = await scorer.scoreBatch(test.X, test.nRows);
      for (let i = 0; i < test.nRows; i++) maxDiff = Math.max(maxDiff, Math.abs(onnx[i]! - ts[i]!));
    } finally {
      await scorer.release();
    }
    expect(maxDiff).toBeLessThanOrEqual(1e-6);
    const testAuc = auc(ts, test.y);
    expect(testAuc).toBeGreaterThanOrEqual(0.78);

    const card = JSON.parse(fs.readFileSync(path.join(out, 'model-card.json'), 'utf8')) as ModelCard;
    expect(card.metrics!.validation!.auc).toBeCloseTo(testAuc, 10);
    expect(card.training!.reproduce).toContain('npm run model -- train');
    expect(card.importanceGain![0]!.feature).toBe('PAY_0');
    expect(fs.readFileSync(path.join(out, 'model-card.md'), 'utf8')).toContain('| validation | 6000 |');
  });
});
