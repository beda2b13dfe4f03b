// Alert detail (issue 9): headline with the probability, reason codes and charts, the savings simulator reacting
// to the term, and the playbook page for a manager. Uses the demo book's alerts (queue rows carry data-alert-id).
import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.use({ storageState: storageState('MANAGER') });

test('a manager opens an alert: headline, reasons, charts and the simulator', async ({ page }) => {
  await page.goto('/alerts?scope=pool');
  const row = page.getByTestId('queue-row').first();
  await expect(row).toBeVisible();
  const alertId = await row.getAttribute('data-alert-id');
  expect(alertId).toMatch(/^[0-9a-f-]{36}$/);
  await page.goto(`/alerts/${alertId}`);

  await expect(page.getByTestId('alert-headline')).toContainText(/Probabilidade \d,\d\d/);
  await expect(page.getByTestId('alert-reason').first()).toBeVisible();
  await expect(page.getByTestId('chart-limit-use').locator('svg').first()).toBeVisible();
  await expect(page.getByTestId('chart-payments').locator('svg').first()).toBeVisible();

  const savings = page.getByTestId('simulator-savings');
  await expect(savings).toContainText('R$');
  await page.getByTestId('simulator-balance').fill('5000');
  await page.getByTestId('simulator-term').fill('12');
  const at12 = await savings.textContent();
  await page.getByTestId('simulator-term').fill('36');
  await expect(savings).not.toHaveText(at12 ?? '');
  await page.getByTestId('simulator-term').fill('0');
  await expect(page.getByTestId('simulator-invalid')).toBeVisible();
});

test('an invalid alert id is a 404', async ({ page }) => {
  const res = await page.goto('/alerts/not-a-uuid');
  expect(res?.status()).toBe(404);
});

test('the playbook renders for a manager', async ({ page }) => {
  await page.goto('/playbook');
  await expect(page.getByTestId('playbook-script')).toBeVisible();
  expect(await page.getByTestId('playbook-objection').count()).toBeGreaterThanOrEqual(6);
  await expect(page.getByTestId('playbook-compliance')).toContainText('LGPD');
});
