import { expect, test } from '@playwright/test';
import { ROLE_USERS, storageState } from './roles';

const NAV: Record<string, string[]> = {
  EXECUTIVE: ['Visão executiva', 'Manual da conversa', 'Monitoramento', 'Pontuação', 'Política', 'API'],
  MANAGER: ['Fila de alertas', 'Manual da conversa', 'Clientes', 'API'],
  DATA_SCIENTIST: [
    'Clientes',
    'Monitoramento',
    'Modelos',
    'Pontuação',
    'Variáveis',
    'Política',
    'Campanhas',
    'Ingestão',
    'API',
  ],
  ADMIN: [
    'Fila de alertas',
    'Manual da conversa',
    'Clientes',
    'Modelos',
    'Pontuação',
    'Política',
    'Campanhas',
    'Ingestão',
    'Configurações',
    'Carteiras',
    'API',
  ],
};
/** Pages whose title says more than their short navigation label. */
const HEADING: Record<string, string> = {
  API: 'Referência da API',
  Política: 'Política de decisão',
  'Manual da conversa': 'Manual da conversa consultiva',
  Carteiras: 'Carteiras',
};
// Pages of other roles, including ones with a loading skeleton (the 403 must still be a real status).
const FORBIDDEN_PAGES: Record<string, string[]> = {
  EXECUTIVE: ['/settings', '/ingestion', '/models', '/alerts', '/campaigns'],
  MANAGER: ['/models', '/ingestion', '/features', '/scoring', '/campaigns', '/monitoring'],
  DATA_SCIENTIST: ['/alerts', '/settings', '/executive'],
  ADMIN: ['/executive', '/features', '/monitoring'],
};

for (const role of Object.keys(ROLE_USERS)) {
  test.describe(`${role}`, () => {
    test.use({ storageState: storageState(role) });

    test('sees only their navigation, and each page opens under its title', async ({ page }) => {
      await page.goto('/');
      const nav = page.getByRole('navigation', { name: 'Navegação principal' });
      await expect(nav.getByRole('link')).toHaveText(NAV[role]!);
      for (const label of NAV[role]!) {
        await nav.getByRole('link', { name: label }).click();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(HEADING[label] ?? label);
      }
    });

    test("gets 403 on another role's page and API", async ({ page, request }) => {
      for (const path of FORBIDDEN_PAGES[role]!) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBe(403);
        await expect(page.getByTestId('forbidden')).toBeVisible();
      }
      if (role !== 'ADMIN') {
        const api = await request.get('/api/v1/users');
        expect(api.status()).toBe(403);
        expect((await api.json()).error.code).toBe('FORBIDDEN');
      }
    });
  });
}

test.describe('signed out', () => {
  test('is sent to the login page, and bad credentials get a clear message', async ({ page }) => {
    await page.goto('/monitoring');
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel('E-mail').fill('ninguem@proativa.demo');
    await page.getByLabel('Senha').fill('senha-errada');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page.locator('#login-status')).toHaveText(
      /^E-mail ou senha inválidos, ou tentativas demais/,
    );
    await page.getByLabel('E-mail').fill(ROLE_USERS.MANAGER.email);
    await page.getByLabel('Senha').fill('senha-errada');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page.locator('#login-status')).toHaveText(
      /^E-mail ou senha inválidos, ou tentativas demais/,
    );
  });

  test('the API answers 401 with JSON, not a page', async ({ request }) => {
    const res = await request.get('/api/v1/me');
    expect(res.status()).toBe(401);
    expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
  });
});

test.describe('admin', () => {
  test.use({ storageState: storageState('ADMIN') });

  test('creates a user who can then sign in, and switches the interface to English', async ({
    page,
    browser,
  }) => {
    await page.goto('/settings');
    await page.getByLabel('Nome', { exact: true }).fill('Nova Gerente');
    await page.getByLabel('E-mail').fill('nova.gerente@proativa.demo');
    await page.locator('#new-user-role').selectOption('MANAGER');
    await page.getByLabel('Senha inicial').fill('uma-senha-longa-123');
    await page.getByRole('button', { name: 'Criar usuário' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'criado' })).toBeVisible();
    await expect(page.locator('tr[data-email="nova.gerente@proativa.demo"]')).toBeVisible();

    const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const p2 = await ctx.newPage();
    await p2.goto('/login');
    await p2.getByLabel('E-mail').fill('nova.gerente@proativa.demo');
    await p2.getByLabel('Senha').fill('uma-senha-longa-123');
    await p2.getByRole('button', { name: 'Entrar' }).click();
    await expect(p2.getByTestId('current-role')).toHaveText('Gerente de carteira');
    await ctx.close();

    await page.getByLabel('Idioma', { exact: true }).selectOption('en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
    await page.getByLabel('Language', { exact: true }).selectOption('pt-BR');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Configurações');
  });
});
