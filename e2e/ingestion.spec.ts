// The data scientist loads the real UCI file through the Ingestão page (30,000 clients, 180,000 statements,
// 30,000 outcomes), loads it again and sees nothing change, then uploads a file with bad rows and downloads
// the rejection report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { storageState } from './roles';

const UCI = path.resolve(process.cwd(), '../shared/data/uci/UCI_Credit_Card.csv');
const hasUci = fs.existsSync(UCI);

test.use({ storageState: storageState('DATA_SCIENTIST') });

async function upload(page: import('@playwright/test').Page, kind: RegExp, file: string) {
  await page.getByRole('radio', { name: kind }).check();
  await page.getByLabel('Arquivo (CSV ou NDJSON)').setInputFiles(file);
  await page.getByRole('button', { name: 'Enviar e processar' }).click();
  const status = page.getByTestId('ingest-status');
  await expect(status).toHaveText(/^Lote \d+ (concluído|falhou)/, { timeout: 150_000 });
  return page.getByTestId('ingest-report');
}

const tableRow = (report: import('@playwright/test').Locator, table: string) =>
  report.locator(`[data-testid="table-counts"] tr[data-table="${table}"] td`);

test.describe('Ingestão', () => {
  // A clone elsewhere has no shared data folder: the UCI upload cannot run there.
  test('uploads the UCI file, then again with nothing changed', async ({ page }) => {
    test.skip(!hasUci, `the UCI file is not at ${UCI} (no shared data in this clone)`);
    test.setTimeout(300_000);
    await page.goto('/ingestion');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ingestão');

    await page.getByRole('radio', { name: /Arquivo UCI/ }).check();
    await expect(page.getByTestId('expected-columns')).toContainText('default.payment.next.month');

    let report = await upload(page, /^Arquivo UCI/, UCI);
    await expect(page.getByTestId('ingest-status')).toContainText('concluído');
    await expect(page.getByTestId('upload-progress').locator('progress').first()).toHaveAttribute(
      'value',
      '1',
    );
    await expect(report.getByTestId('count-received')).toHaveText('30.000');
    await expect(report.getByTestId('count-rejected')).toHaveText('0');
    await expect(tableRow(report, 'clients')).toHaveText(['Clientes', '30.000', '0', '0']);
    await expect(tableRow(report, 'statements')).toHaveText(['Faturas', '180.000', '0', '0']);
    await expect(tableRow(report, 'outcomes')).toHaveText(['Resultados', '30.000', '0', '0']);
    const history = page.getByTestId('batch-history');
    await expect(history.locator('tbody tr').first()).toContainText('UCI_Credit_Card.csv');
    await expect(history.locator('tbody tr').first()).toContainText('Concluído');

    report = await upload(page, /^Arquivo UCI/, UCI);
    await expect(report).toContainText('Nada mudou');
    await expect(report.getByTestId('count-inserted')).toHaveText('0');
    await expect(report.getByTestId('count-updated')).toHaveText('0');
    await expect(tableRow(report, 'clients')).toHaveText(['Clientes', '0', '0', '30.000']);
    await expect(tableRow(report, 'statements')).toHaveText(['Faturas', '0', '0', '180.000']);
    await expect(tableRow(report, 'outcomes')).toHaveText(['Resultados', '0', '0', '30.000']);
    // Both uploads are in the history, newest first (other specs may have recorded batches before).
    await expect(history.locator('tbody tr').nth(0)).toContainText('UCI_Credit_Card.csv');
    await expect(history.locator('tbody tr').nth(1)).toContainText('UCI_Credit_Card.csv');
  });

  test('shows the rejected lines of a bad file and downloads the rejection report', async ({ page }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-e2e-ingest-'));
    const file = path.join(dir, 'clientes-com-erros.csv');
    fs.writeFileSync(
      file,
      [
        'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name',
        'E2E-1,MASS,SE,1990-05-01,2020-01-10,true,false,true,false,ana@example.com.br,11987654321,Ana',
        'E2E-2,MASS,SE,1985-13-01,2019-01-01,true,true,true,true,,,',
        'E2E-3,AFFLUENT,S,,2021-03-01,talvez,false,false,false,,,',
        'E2E-4,PRIVATE,NE,,2022-07-15,false,false,false,false,nao-e-email,,',
        '',
      ].join('\n'),
    );
    try {
      await page.goto('/ingestion');
      // Field errors before anything is sent.
      await page.getByRole('button', { name: 'Enviar e processar' }).click();
      await expect(page.getByText('Escolha o tipo de dado.')).toBeVisible();
      await expect(page.getByText('Escolha um arquivo.')).toBeVisible();

      const report = await upload(page, /^Clientes/, file);
      await expect(report.getByTestId('count-received')).toHaveText('4');
      await expect(report.getByTestId('count-rejected')).toHaveText('3');
      const rows = report.getByTestId('rejections-table').locator('tbody tr');
      await expect(rows).toHaveCount(3);
      await expect(rows.nth(0)).toContainText('3');
      await expect(rows.nth(0)).toContainText('birthDate');
      await expect(rows.nth(1)).toContainText('consentApp');
      await expect(rows.nth(2)).toContainText('email');

      const downloading = page.waitForEvent('download');
      await report.getByTestId('download-rejections').click();
      const download = await downloading;
      const csv = fs
        .readFileSync((await download.path())!, 'utf8')
        .trim()
        .split(/\r?\n/);
      expect(csv[0]).toBe('linha,campo,código,motivo');
      expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
        '3,birthDate',
        '4,consentApp',
        '5,email',
      ]);
      await expect(
        page
          .getByTestId('batch-history')
          .locator('tbody tr')
          .first()
          .getByRole('link', { name: 'Rejeições (CSV)' }),
      ).toBeVisible();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
