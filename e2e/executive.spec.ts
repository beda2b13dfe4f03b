// Visão executiva and Monitoramento in the browser. An executive sees the KPIs with numbers, switches the AUC
// chart to its table (one row per month, months under 0.70 highlighted) and downloads it as CSV. A data
// scientist opens Monitoramento and sees the PSI heat map (cells coloured by verdict) and the trigger log.
// Needs a database with monitoring figures (the demo seed plus a monitoring run, as a fresh install has).
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
});
