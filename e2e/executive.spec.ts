// Visão executiva and Monitoramento in the browser. An executive sees the KPIs with numbers, switches the AUC
// chart to its table (one row per month, months under 0.70 highlighted) and downloads it as CSV. A data
// scientist opens Monitoramento, sees the PSI heat map (cells coloured by verdict) and the trigger log, and starts
// the retraining the AUC trigger asked for.
// Needs a database with monitoring figures (the demo seed plus a monitoring run, as a fresh install has).
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.describe('executive dashboard (executive)', () => {
  test.use({ storageState: storageState('EXECUTIVE') });

  test('KPIs render with numbers; the AUC table lists months and exports CSV', async ({ page }) => {
    await page.goto('/executive');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    for (const k of ['clients', 'critical', 'alertsOpen', 'sla', 'sent', 'accepted', 'conversion']) {
      await expect(page.getByTestId(`kpi-${k}`)).toContainText(/\d/);
    }
    await expect(page.getByTestId('model-health-badge')).toBeVisible();
    await expect(page.getByTestId('provision-formula')).toBeVisible();

    const auc = page.getByTestId('chart-auc');
    await auc.getByTestId('chart-auc-toggle').click();
    const rows = auc.getByTestId('chart-auc-table').locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(rows.first().locator('td').first()).toHaveText(/\d{2}\/\d{4}/);

    const download = page.waitForEvent('download');
    await auc.getByTestId('chart-auc-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const path = await file.path();
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(path, 'utf8');
    expect(text.split('\r\n').length).toBeGreaterThan(2);
  });
});

test.describe('monitoring (data scientist)', () => {
  test.use({ storageState: storageState('DATA_SCIENTIST') });

  test('shows the PSI heat map and the trigger log', async ({ page }) => {
    await page.goto('/monitoring');
    const heat = page.getByTestId('psi-heatmap-grid');
    await expect(heat).toBeVisible();
    expect(await heat.locator('td[data-verdict]').count()).toBeGreaterThan(0);
    const log = page.getByTestId('trigger-log');
    await expect(log).toBeVisible();
    await expect(log.getByTestId('trigger-row').first()).toBeVisible();
    await expect(page.getByTestId('monitoring-recompute')).toBeVisible();
  });

  // The server renders the figures into the first paint: the HTML alone holds the heat map and the trigger log.
  test('the first paint already carries the heat map and the trigger log', async ({ page }) => {
    const r = await page.request.get('/monitoring');
    expect(r.status()).toBe(200);
    const html = await r.text();
    expect(html).toContain('data-testid="psi-heatmap-grid"');
    expect(html).toContain('data-testid="trigger-row"');
  });

  // The demo's AUC trigger opened a retraining request: it is started from its row, which then reads Treinando,
  // and the request points at a training job (the trainer's CANDIDATE is never promoted by itself).
  test('starts the retraining the AUC trigger asked for', async ({ page }) => {
    await page.goto('/monitoring');
    const launch = page.getByTestId('retraining-launch').first();
    await expect(launch).toBeVisible();
    await launch.click();
    await expect(
      page.getByTestId('retraining-status').filter({ hasText: 'Treinando' }).first(),
    ).toBeVisible();
    const url = process.env.E2E_DATABASE_URL;
    if (!url) throw new Error('E2E_DATABASE_URL is not set (scripts/e2e.ts sets it)');
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const r = await c.query(
        `SELECT count(*)::int AS n FROM "RetrainingRequest" rr JOIN "TrainingJob" j ON j.id = rr."trainingJobId"
          WHERE rr.status = 'TRAINING'`,
      );
      expect(r.rows[0].n).toBe(1);
    } finally {
      await c.end();
    }
  });
});
