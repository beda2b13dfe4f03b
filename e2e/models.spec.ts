// The model registry in the browser, as a data scientist: a model with the wrong features is refused with the
// reason next to the file field; a trained fs-v1 model is uploaded, its card shown, promoted and served.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { storageState } from './roles';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { trainGbdt } from '@/lib/ml/train/gbdt';
import { syntheticCredit } from '@/lib/ml/train/synthetic';
import { writeLightGbmText } from '@/lib/ml/lightgbm/write';

let dir: string;
let goodFile: string;
let badFile: string;

function modelText(names: string[], seed: number): string {
  const d = syntheticCredit(1500, names.length, seed);
  const { ensemble } = trainGbdt(
    { X: d.X, nRows: d.nRows, featureNames: names, y: d.y },
    { numIterations: 12, numLeaves: 8, seed },
  );
  return writeLightGbmText(ensemble);
}

test.describe('models (data scientist)', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ storageState: storageState('DATA_SCIENTIST') });

  test.beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-e2e-models-'));
    goodFile = path.join(dir, 'proativa-e2e.txt');
    fs.writeFileSync(goodFile, modelText([...FEATURE_NAMES], 1));
    const names = [...FEATURE_NAMES];
    names[0] = 'renda_mensal';
    badFile = path.join(dir, 'wrong-features.txt');
    fs.writeFileSync(badFile, modelText(names, 2));
  });

  // The other specs expect an empty registry (the Modelos empty state): leave the database as found.
  test.afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    const url = process.env.E2E_DATABASE_URL;
    if (!url) return;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`delete from "ModelVersion" where name = 'e2e-lgbm'`);
    await c.end();
  });

  test('uploads a model, sees its card, promotes it and sees it as champion', async ({ page }) => {
    await page.goto('/models');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Modelos');

    await page.getByLabel('Arquivo do modelo (ONNX ou LightGBM .txt)').setInputFiles(badFile);
    await page.getByRole('button', { name: 'Registrar' }).click();
    const fieldError = page.getByTestId('model-file-error');
    await expect(fieldError).toContainText(FEATURE_NAMES[0]!);
    await expect(fieldError).toContainText('renda_mensal');

    await page.getByLabel('Arquivo do modelo (ONNX ou LightGBM .txt)').setInputFiles(goodFile);
    await page.getByTestId('upload-model-form').getByLabel('Nome', { exact: true }).fill('e2e-lgbm');
    await page.getByRole('button', { name: 'Registrar' }).click();
    await expect(page).toHaveURL(/\/models\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('e2e-lgbm v1');
    await expect(page.getByTestId('model-status')).toHaveText('Candidato');
    await expect(page.getByTestId('num-trees')).toHaveText('12');
    await expect(page.getByTestId('parity')).toContainText('ONNX vs TypeScript max |Δ| =');
    await expect(page.getByTestId('parity')).toContainText('aprovado');
    await expect(page.getByTestId('importance-chart')).toBeVisible();
    await expect(page.getByTestId('feature-list').getByRole('listitem')).toHaveCount(FEATURE_NAMES.length);

    await page.getByRole('button', { name: 'Promover a campeão' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Promover e2e-lgbm v1 a campeão?');
    await dialog.getByRole('button', { name: 'Confirmar' }).click();
    await expect(page.getByTestId('model-status')).toHaveText('★ Campeão');

    await page.goto('/models');
    await expect(page.getByTestId('champion-summary')).toContainText('e2e-lgbm v1');
    await expect(page.locator('tr[data-model="e2e-lgbm v1"] [data-testid="model-status"]')).toHaveAttribute(
      'data-status',
      'CHAMPION',
    );
  });

  test('the readiness probe reports the promoted champion as loaded', async ({ request }) => {
    const health = await (await request.get('/api/v1/health')).json();
    expect(health.model).toMatchObject({ ok: true, loaded: true, version: 'e2e-lgbm v1' });
  });
});

test.describe('unknown model pages (data scientist)', () => {
  test.use({ storageState: storageState('DATA_SCIENTIST') });

  test('an unknown or malformed version id, and a comparison of unknown ids, answer HTTP 404', async ({
    page,
  }) => {
    for (const url of [
      '/models/00000000-0000-4000-8000-000000000000',
      `/models/${'-'.repeat(36)}`,
      '/models/compare?a=00000000-0000-4000-8000-000000000000&b=00000000-0000-4000-8000-000000000001',
    ]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    }
  });
});
