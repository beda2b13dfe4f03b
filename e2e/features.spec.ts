// A data scientist loads a small book over the API, computes a month's features on the Variáveis page, sees
// their distribution, and looks one client up in real time.
import { expect, test } from '@playwright/test';
import { storageState } from './roles';

test.use({ storageState: storageState('DATA_SCIENTIST') });

const CLIENTS = `externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp
E2E-F1,MASS,SE,1990-01-01,2020-01-01,true,true,false,false
E2E-F2,AFFLUENT,S,1980-01-01,2019-01-01,false,false,false,false
`;
const STATEMENTS = `clientExternalId,referenceMonth,creditLimit,statementBalance,minimumDue,amountPaid,revolvingBalance,monthsPastDue
E2E-F1,2025-04,1000,500,75,500,0,0
E2E-F1,2025-05,1000,800,120,120,680,0
E2E-F1,2025-06,1000,900,135,0,900,1
E2E-F2,2025-06,20000,2000,300,2000,0,0
`;

test('computes a month on the Variáveis page and looks a client up in real time', async ({
  page,
  request,
}) => {
  for (const [kind, body] of [
    ['clients', CLIENTS],
    ['statements', STATEMENTS],
  ] as const) {
    const res = await request.post(`/api/v1/ingest/${kind}`, {
      data: body,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status(), await res.text()).toBe(200);
  }
  // The e2e database holds a small demo install whose months are computed: open 2025-06 and recompute it, so
  // the clients this spec just loaded get their features.
  await page.goto('/features?month=2025-06');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Variáveis');
  await page.getByRole('button', { name: 'Recalcular o mês' }).click();
  await expect(page.getByRole('status').filter({ hasText: /\S/ }).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Mês de referência').first()).toHaveValue('2025-06');
  await expect(page.getByTestId('feature-table').locator('tr[data-feature]')).toHaveCount(14);
  await expect(page.getByTestId('run-summary')).toContainText('clientes');

  await page.getByLabel('Cliente (ID externo)').fill('E2E-F1');
  await page.locator('#lookup-month').fill('2025-06');
  await page.getByRole('button', { name: 'Calcular', exact: true }).click();
  const result = page.getByTestId('lookup-result');
  await expect(result.locator('tr', { hasText: 'atraso_max_3m' })).toContainText('1');
  await expect(result.locator('tr', { hasText: 'meses_historico' })).toContainText('3');
  await expect(result.locator('tr', { hasText: 'scr_num_instituicoes' })).toContainText('ausente');
});
