// Monitoramento's trigger log, as a data scientist: the AUC trigger of the demo opened a retraining request; it
// is started from its row, the row then reads "Treinando" and the training job exists. Runs in the serial
// project (playwright.config.ts): the trainer's new CANDIDATE model must not surprise the other specs.
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.use({ storageState: storageState('DATA_SCIENTIST') });

test('starts a retraining from the trigger that asked for it', async ({ page }) => {
  await page.goto('/monitoring');
  const launch = page.getByTestId('retraining-launch').first();
  await expect(launch).toBeVisible();
  await launch.click();
  await expect(page.getByTestId('retraining-status').filter({ hasText: 'Treinando' }).first()).toBeVisible();

  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set (scripts/e2e.ts sets it)');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT status::text AS status FROM "RetrainingRequest" ORDER BY "createdAt" DESC LIMIT 1`,
    );
    expect(r.rows[0]?.status).toBe('TRAINING');
    const j = await c.query(`SELECT count(*)::int AS n FROM "TrainingJob"`);
    expect(j.rows[0].n).toBeGreaterThan(0);
  } finally {
    await c.end();
  }
});
