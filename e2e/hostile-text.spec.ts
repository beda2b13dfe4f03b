// Names are data, not markup: a client or user named like an HTML tag, a script or a spreadsheet formula is
// shown exactly as typed, nothing runs and no element is injected (clients list, client page, sidebar,
// Configurações).
import { expect, test, type Page } from '@playwright/test';
import { storageState } from './roles';
import { HOSTILE, HOSTILE_CLIENTS, HOSTILE_STATEMENTS, loadPortfolio } from './portfolio';

test.beforeAll(async ({ playwright }, testInfo) => {
  await loadPortfolio(playwright, testInfo, [
    ['clients', HOSTILE_CLIENTS],
    ['statements', HOSTILE_STATEMENTS],
  ]);
});

/** Any alert()/confirm() the page opens is recorded (and dismissed) so the test can assert there was none. */
function recordDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

test.describe('clients named like markup (manager)', () => {
  test.use({ storageState: storageState('MANAGER') });

  test('render as text on the clients list and the client page', async ({ page }) => {
    const dialogs = recordDialogs(page);
    await page.goto('/clients?q=E2E-XSS');
    const table = page.getByTestId('clients-table');
    await expect(table.locator('tbody tr')).toHaveCount(3);
    const name = (id: string) => table.locator(`tr[data-client="${id}"]`).getByTestId('client-name');
    await expect(name('E2E-XSS-1')).toHaveText(HOSTILE.img);
    await expect(name('E2E-XSS-2')).toHaveText(HOSTILE.formula);
    await expect(name('E2E-XSS-3')).toHaveText(HOSTILE.script);
    // An unknown segment code is shown as stored, as text too.
    await expect(table.locator('tr[data-client="E2E-XSS-3"]').getByTestId('client-segment')).toContainText(
      HOSTILE.segment,
    );
    await expect(table.locator('img, script, b')).toHaveCount(0);
    // The segment filter lists the code as an option's text.
    await expect(page.locator('#segment option', { hasText: HOSTILE.segment })).toHaveCount(1);

    await table.getByRole('link', { name: 'E2E-XSS-1' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('E2E-XSS-1');
    await expect(page.getByTestId('client-name')).toHaveText(HOSTILE.img);
    await expect(page.locator('main img')).toHaveCount(0);
    await expect(page).toHaveTitle('Cliente E2E-XSS-1 · Proativa');
    expect(dialogs).toEqual([]);
  });
});

test.describe('a user named like markup', () => {
  test.use({ storageState: storageState('ADMIN') });

  test('shows as text in the sidebar and in Configurações', async ({ page, browser, request }) => {
    const email = `e2e.hostil.${test.info().retry}.${Date.now()}@proativa.demo`;
    const password = 'uma-senha-longa-456';
    const created = await request.post('/api/v1/users', {
      data: { name: HOSTILE.img, email, role: 'MANAGER', password },
    });
    expect(created.status(), await created.text()).toBe(201);

    const dialogs = recordDialogs(page);
    await page.goto('/settings');
    const row = page.locator(`tr[data-email="${email}"]`);
    await expect(row).toContainText(HOSTILE.img);
    await expect(row.locator('img')).toHaveCount(0);

    const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    try {
      const p2 = await ctx.newPage();
      const dialogs2 = recordDialogs(p2);
      await p2.goto('/login');
      await p2.getByLabel('E-mail').fill(email);
      await p2.getByLabel('Senha').fill(password);
      await p2.getByRole('button', { name: 'Entrar' }).click();
      await expect(p2.getByTestId('current-user')).toHaveText(HOSTILE.img);
      await expect(p2.getByTestId('current-role')).toHaveText('Gerente de carteira');
      await expect(p2.locator('.sidebar img')).toHaveCount(0);
      expect(dialogs2).toEqual([]);
    } finally {
      await ctx.close();
    }
    expect(dialogs).toEqual([]);
  });
});
