// Loader of the public UCI "Default of Credit Card Clients" file into the trainer's matrix layout, with the
// project's fixed split (ID % 5 == 0 is the test set). Used by the trainer's benchmark test and script.

import fs from 'node:fs';
import path from 'node:path';

export const UCI_LABEL = 'default.payment.next.month';

export interface UciSplit {
  featureNames: string[];
  train: { X: Float32Array; nRows: number; y: Uint8Array };
  test: { X: Float32Array; nRows: number; y: Uint8Array };
}

/** Path of the shared UCI CSV, resolved from the repository root (the shared data lives beside it). */
export function uciCsvPath(cwd = process.cwd()): string {
  return path.resolve(cwd, '../shared/data/uci/UCI_Credit_Card.csv');
}

/** Parses the CSV (quoted header, numeric body); every column except ID and the label is a feature. */
export function loadUciSplit(file = uciCsvPath()): UciSplit {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split(',').map((h) => h.replace(/^"|"$/g, ''));
  const idCol = header.indexOf('ID');
  const labelCol = header.indexOf(UCI_LABEL);
  if (idCol < 0 || labelCol < 0) throw new Error(`${file}: header lacks ID or ${UCI_LABEL}`);
  const featureCols = header.map((_, i) => i).filter((i) => i !== idCol && i !== labelCol);
  const featureNames = featureCols.map((i) => header[i]!);
  const trainX: number[] = [];
  const testX: number[] = [];
  const trainY: number[] = [];
  const testY: number[] = [];
  for (let li = 1; li < lines.length; li++) {
    const cells = lines[li]!.split(',').map(Number);
    const id = cells[idCol]!;
    const label = cells[labelCol]!;
    if (!Number.isInteger(id) || (label !== 0 && label !== 1)) {
      throw new Error(`${file} line ${li + 1}: bad ID or label`);
    }
    const isTest = id % 5 === 0;
    const X = isTest ? testX : trainX;
    for (const c of featureCols) X.push(cells[c]!);
    (isTest ? testY : trainY).push(label);
  }
  return {
    featureNames,
    train: { X: Float32Array.from(trainX), nRows: trainY.length, y: Uint8Array.from(trainY) },
    test: { X: Float32Array.from(testX), nRows: testY.length, y: Uint8Array.from(testY) },
  };
}
