// Pontuação in the browser. A data scientist starts a batch run for a month, watches the progress bar reach
// 100% and reads the summary (three bands, the histogram, which never takes keyboard focus); the run appears
// in the table with who started it. An executive sees the page and its runs without the start form or a
// cancel button. The spec brings what a run needs: its own small book (loaded over the ingestion API), a
// champion (a freshly trained fs-v1 model uploaded and promoted over the API, different on every attempt so a
// retry scores anew), the month's features (computed on the Variáveis page when none exist yet) and, when the
// database has none, the default policy v1 (a fresh install activates it; the e2e database starts empty).
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { ROLE_USERS, storageState } from './roles';
import { loadPortfolio } from './portfolio';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { trainGbdt } from '@/lib/ml/train/gbdt';
import { syntheticCredit } from '@/lib/ml/train/synthetic';
import { writeLightGbmText } from '@/lib/ml/lightgbm/write';
import { DEFAULT_POLICY, policyToRow } from '@/lib/policy/policy';

const MONTH = '2025-06';
const CLIENTS = 40;

const CLIENT_HEADER =
  'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp';
const STATEMENT_HEADER =
  'clientExternalId,referenceMonth,creditLimit,statementBalance,minimumDue,amountPaid,revolvingBalance,monthsPastDue';

/** Clients whose card use ranges from light to maxed out, every statement current (all in the population). */
function book(): { clients: string; statements: string } {
  const clients = [CLIENT_HEADER];
  const statements = [STATEMENT_HEADER];
  for (let i = 1; i <= CLIENTS; i++) {
    const id = `E2E-SC-${String(i).padStart(2, '0')}`;
    clients.push(`${id},MASS,SE,1985-01-01,2018-01-01,${i % 2 === 0},true,false,${i % 3 === 0}`);
    const limit = 2000 + 100 * i;
    const use = i / CLIENTS; // 2.5% .. 100% of the limit
    for (const [k, month] of ['2025-04', '2025-05', MONTH].entries()) {
      const balance = Math.round(limit * Math.min(1, use * (0.8 + 0.1 * k)));
      const minimum = Math.round(balance * 0.15);
      const paid = i % 4 === 0 ? minimum : balance;
      statements.push(`${id},${month},${limit},${balance},${minimum},${paid},${balance - paid},0`);
    }
  }
  return { clients: `${clients.join('\n')}\n`, statements: `${statements.join('\n')}\n` };
}

/** A LightGBM text model over the fs-v1 features; the seed makes each attempt's file (and version) new. */
function modelText(seed: number): string {
  const d = syntheticCredit(1500, FEATURE_NAMES.length, seed);
  const { ensemble } = trainGbdt(
    { X: d.X, nRows: d.nRows, featureNames: [...FEATURE_NAMES], y: d.y },
    { numIterations: 10, numLeaves: 8, seed },
  );
  return writeLightGbmText(ensemble);
}

/** The default policy v1, active, when the database has no policy at all (what a fresh install does). */
async function ensurePolicy(): Promise<void> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const p = policyToRow(DEFAULT_POLICY);
    await c.query(
      `INSERT INTO "DecisionPolicy" (version, status, "moderateThreshold", "criticalThreshold", "holdoutShare",
                                     "holdoutSalt", "performanceWindowMonths", "channelPreference", note,
                                     "approvedAt", "activatedAt")
       SELECT $1, 'ACTIVE', $2, $3, $4, $5, $6, $7::"Channel"[], 'default', now(), now()
        WHERE NOT EXISTS (SELECT 1 FROM "DecisionPolicy")`,
      [
        p.version,
        p.moderateThreshold,
        p.criticalThreshold,
        p.holdoutShare,
        p.holdoutSalt,
        p.performanceWindowMonths,
        p.channelPreference,
      ],
    );
  } finally {
    await c.end();
  }
}

let modelLabel = '';

test.beforeAll(async ({ playwright }, testInfo) => {
  const { clients, statements } = book();
  await loadPortfolio(playwright, testInfo, [
    ['clients', clients],
    ['statements', statements],
  ]);
  await ensurePolicy();
  const api = await playwright.request.newContext({
    baseURL: testInfo.project.use.baseURL,
    storageState: storageState('DATA_SCIENTIST'),
  });
  try {
    const seed = 100 + ((Date.now() / 1000) % 100_000);
    const up = await api.post('/api/v1/models?fileName=e2e-scoring.txt&name=e2e-scoring', {
      data: modelText(Math.floor(seed)),
      headers: { 'content-type': 'text/plain' },
    });
    expect(up.status(), await up.text()).toBe(201);
    const model = (await up.json()) as { id: string; name: string; version: number };
    modelLabel = `${model.name} v${model.version}`;
    const promoted = await api.post(`/api/v1/models/${model.id}/promote`);
    expect(promoted.status(), await promoted.text()).toBe(200);
  } finally {
    await api.dispose();
  }
});

test.describe('Pontuação (data scientist)', () => {
  test.use({ storageState: storageState('DATA_SCIENTIST') });

  test('starts a run, sees the progress reach 100% and the summary with three bands', async ({ page }) => {
    // The month's features: computed here when this spec runs on its own against a fresh database.
    await page.goto('/features');
    if (await page.getByTestId('empty-state').isVisible()) {
      await page.locator('#compute-month').fill(MONTH);
      await page.getByRole('button', { name: 'Calcular as variáveis do mês' }).click();
      await expect(page.getByTestId('feature-table')).toBeVisible({ timeout: 30_000 });
    }

    await page.goto('/scoring');
    await expect(page).toHaveTitle('Pontuação · Proativa');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pontuação');
    const form = page.getByTestId('start-run-form');
    await expect(form.getByTestId('run-setup-model')).toHaveText(`${modelLabel} (campeão)`);
    await expect(form.getByTestId('run-setup-policy')).toContainText(/versão \d+ \(ativa\)/);
    await form.getByLabel('Mês de referência').selectOption(MONTH);
    await expect(form.getByLabel('Mês de referência')).toHaveValue(MONTH);
    await form.getByRole('button', { name: 'Iniciar pontuação' }).click();
    await expect(page.getByTestId('start-run-status')).toContainText('Pontuação de 06/2025 iniciada');
    await expect(page).toHaveURL(/\/scoring\?run=[0-9a-f-]{36}$/);
    const runId = new URL(page.url()).searchParams.get('run')!;

    const detail = page.getByTestId('run-detail');
    await expect(detail).toHaveAttribute('data-run', runId);
    await expect(detail.getByRole('heading', { level: 2 })).toContainText('Execução de 06/2025');
    // The in-process worker takes the chunks; the bar is polled every second until it is full.
    await expect(detail.getByTestId('run-progress-pct')).toHaveText('100%', { timeout: 60_000 });
    await expect(detail.getByTestId('run-progress-bar')).toHaveJSProperty('value', 1);
    await expect(detail.getByTestId('run-status')).toHaveText('Concluída');
    const clients = (await detail.getByTestId('run-progress-clients').textContent()) ?? '';
    const m = /^([\d.]+) de ([\d.]+) clientes$/.exec(clients);
    expect(m, clients).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    expect(Number(m![2]!.replace(/\./g, ''))).toBeGreaterThanOrEqual(CLIENTS);

    const summary = detail.getByTestId('run-summary');
    await expect(summary).toBeVisible();
    const bands = summary.getByTestId('summary-bands').locator('tbody tr');
    await expect(bands).toHaveCount(3);
    await expect(bands.locator('th')).toHaveText(['Crítico', 'Moderado', 'Baixo']);
    // The three bands add up to every client decided.
    const counts = await bands.locator('td:nth-of-type(1)').allTextContents();
    const total = counts.reduce((s, c) => s + Number(c.replace(/\./g, '')), 0);
    await expect(summary.getByTestId('summary-decisions')).toHaveText(
      new Intl.NumberFormat('pt-BR').format(total),
    );
    await expect(summary.getByTestId('summary-holdout')).toContainText('%');

    // The histogram is drawn for the eye and read from its table: nothing in the chart is a keyboard stop.
    const histogram = summary.getByTestId('score-histogram');
    await expect(histogram.locator('svg.recharts-surface').first()).toBeVisible();
    await expect(histogram.locator('[tabindex]:not([tabindex="-1"])')).toHaveCount(0);
    await expect(histogram.getByTestId('score-histogram-table').locator('tbody tr')).toHaveCount(20);
    await page.getByTestId('start-run-form').getByLabel('Mês de referência').focus();
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const inChart = await page.evaluate(
        () => !!document.activeElement?.closest('[data-testid="score-histogram"]'),
      );
      expect(inChart, `Tab ${i + 1}`).toBe(false);
    }

    // The table lists the run on top, marked as the one shown, with who started it.
    const row = page.getByTestId('runs-table').locator(`tr[data-run="${runId}"]`);
    await expect(row).toHaveAttribute('aria-current', 'true');
    await expect(row).toContainText('06/2025');
    await expect(row).toContainText('Concluída');
    await expect(row).toContainText(ROLE_USERS.DATA_SCIENTIST.name);
    await expect(page.getByTestId('runs-table').locator('tbody tr').first()).toHaveAttribute(
      'data-run',
      runId,
    );
  });

  test('an unknown or malformed run in the address shows the newest run with a notice', async ({ page }) => {
    const res = await page.goto('/scoring?run=nao-e-um-id');
    expect(res?.status()).toBe(200);
    await expect(page.getByTestId('run-notice')).toContainText('identificador de execução inválido');
    await expect(page.getByTestId('run-detail')).toBeVisible();
    await page.goto('/scoring?run=0b6e4f00-0000-4000-8000-00000000abcd');
    await expect(page.getByTestId('run-notice')).toContainText('não foi encontrada');
  });
});

test.describe('Pontuação (executive)', () => {
  test.use({ storageState: storageState('EXECUTIVE') });

  test('sees the runs and their summary, without the start form or a cancel button', async ({ page }) => {
    await page.goto('/scoring');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pontuação');
    await expect(
      page.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', { name: 'Pontuação' }),
    ).toBeVisible();
    // After the data scientist's run above the table and the run's detail are there; on their own, the empty state.
    await expect(page.getByTestId('runs-table').or(page.getByTestId('empty-state'))).toBeVisible();
    if (await page.getByTestId('runs-table').isVisible()) {
      await expect(page.getByTestId('run-detail')).toBeVisible();
    }
    await expect(page.getByTestId('start-run-form')).toHaveCount(0);
    await expect(page.getByTestId('cancel-run')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Iniciar pontuação' })).toHaveCount(0);
  });
});
