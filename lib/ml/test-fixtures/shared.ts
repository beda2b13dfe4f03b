// The LightGBM models and LightGBM's own predictions in ../shared/data (never copied into the repo). A clone
// elsewhere has no such folder: tests then skip, and nothing here reads a file until a test asks for it.
import fs from 'node:fs';
import path from 'node:path';

export const LIGHTGBM_TEXT_DIR = path.resolve(process.cwd(), '../shared/data/lightgbm-text');
export const hasLightgbmText = fs.existsSync(LIGHTGBM_TEXT_DIR);

export function readLightgbmText(file: string): string {
  return fs.readFileSync(path.join(LIGHTGBM_TEXT_DIR, file), 'utf8');
}

/** The 57 breast-cancer test rows (30 tab-separated features, trailing tab), or [] without the shared data. */
export function breastCancerRows(): number[][] {
  if (!hasLightgbmText) return [];
  return readLightgbmText('breast_cancer_test.tsv')
    .trim()
    .split('\n')
    .map((l) =>
      l
        .split('\t')
        .filter((c) => c !== '')
        .map(Number),
    );
}
