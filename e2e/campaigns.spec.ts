// Campanhas in the browser. A data scientist opens the page and reads the demo experiment's results table (one
// row per variant, with the rates' intervals and the uplift vs the holdout or the reason it has none yet); creates an experiment
// with two variants and sees it listed as a draft. A manager (no campaigns:view) gets 403 on /campaigns.
// The demo seed (lib/seed/demo-offers.ts) creates the demo experiment; the e2e database may start empty, so the
// spec inserts the same experiment (no sends yet) when it is missing.
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { ROLE_USERS, storageState } from './roles';

// The name lib/seed/demo-offers.ts gives it (that module is server-only, so it is not imported here).
const DEMO_EXPERIMENT = 'Demonstração: tom da mensagem (faixa moderada)';

async function ensureDemoExperiment(): Promise<void> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const found = await c.query(`SELECT 1 FROM "Experiment" WHERE name = $1`, [DEMO_EXPERIMENT]);
    if (found.rowCount) return;
    const e = await c.query<{ id: string }>(
      `INSERT INTO "Experiment" (id, name, band, status, salt, "startedAt")
       VALUES (gen_random_uuid(), $1, 'MODERATE',
               (CASE WHEN EXISTS (SELECT 1 FROM "Experiment" WHERE status = 'RUNNING' AND band = 'MODERATE'
                                   AND segment IS NULL) THEN 'STOPPED' ELSE 'RUNNING' END)::"ExperimentStatus",
               'e2e-demo', now()) RETURNING id`,
      [DEMO_EXPERIMENT],
    );
    await c.query(
      `INSERT INTO "ExperimentVariant" ("experimentId", key, template, weight)
       VALUES ($1, 'A', 'Olá {primeiroNome}, preparamos uma condição especial para você.', 1),
              ($1, 'B', '{primeiroNome}, troque juros altos por uma parcela menor.', 1)`,
      [e.rows[0]!.id],
    );
  } finally {
    await c.end();
  }
}

test.describe('Campanhas as a data scientist', () => {
  test.use({ storageState: storageState(ROLE_USERS.DATA_SCIENTIST.role) });
  test.beforeAll(ensureDemoExperiment);

  test('shows the demo experiment results table', async ({ page }) => {
    const res = await page.goto('/campaigns');
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: 'Campanhas' })).toBeVisible();
    const demo = page.locator(`[data-testid="experiment"][data-name="${DEMO_EXPERIMENT}"]`);
    await expect(demo).toBeVisible();
    const table = demo.getByTestId('experiment-results');
    await expect(table).toBeVisible();
    await expect(table.locator('[data-testid="variant-row"][data-key="A"]')).toBeVisible();
    await expect(table.locator('[data-testid="variant-row"][data-key="B"]')).toBeVisible();
    // The uplift vs the holdout, or why there is none yet (no sends, no matured outcome): never a bare "n/a".
    const uplift = table.getByTestId('variant-uplift').first();
    await expect(uplift).toHaveAttribute(
      'data-state',
      /^(value|noSends|noHoldout|holdoutNotMatured|variantNotMatured)$/,
    );
    await expect(uplift).not.toHaveText(/^\s*n\/a\s*$/);
    await expect(demo.getByTestId('experiment-holdout')).toContainText('Grupo de controle');
    await expect(page.getByTestId('outbox-counts')).toBeVisible();
  });

  test('creates an experiment with two variants and sees it listed', async ({ page }) => {
    const name = `E2E experimento ${Date.now().toString(36)}`;
    await page.goto('/campaigns');
    const form = page.getByTestId('create-experiment');
    await form.locator('#exp-name').fill(name);
    await form.locator('#exp-band').selectOption('CRITICAL');
    await form.locator('#exp-v0-template').fill('Olá {primeiroNome}, temos uma proposta para você.');
    await form.locator('#exp-v1-template').fill('{primeiroNome}, sua parcela pode ficar menor.');
    await form.locator('#exp-v1-weight').fill('2');
    await form.getByTestId('create-experiment-submit').click();
    await expect(page.getByTestId('create-experiment-status')).toContainText(name);
    const created = page.locator(`[data-testid="experiment"][data-name="${name}"]`);
    await expect(created).toBeVisible();
    await expect(created.getByTestId('experiment-status')).toHaveAttribute('data-status', 'DRAFT');
    await expect(created.getByTestId('variant-row')).toHaveCount(2);
    await expect(created.getByTestId('experiment-start')).toBeVisible();
  });

  test('shows field errors next to the fields', async ({ page }) => {
    await page.goto('/campaigns');
    const form = page.getByTestId('create-experiment');
    await form.getByTestId('create-experiment-submit').click();
    await expect(form.getByTestId('exp-name-error')).toBeVisible();
  });
});

test.describe('Campanhas as a manager', () => {
  test.use({ storageState: storageState(ROLE_USERS.MANAGER.role) });

  test('is forbidden', async ({ page }) => {
    const res = await page.goto('/campaigns');
    expect(res?.status()).toBe(403);
  });
});
