// What users noticed in the shell and on the Clientes/Variáveis pages: the sidebar scrolling away on long
// pages, no favicon, an unbranded off-centre 404, raw figures (0.497737, 2025-06, 11912345678, AFFLUENT) and
// hidden histogram bars taking keyboard focus.
import { expect, test, type Page } from '@playwright/test';
import { storageState } from './roles';
import { loadPortfolio, PT_CLIENTS, PT_STATEMENTS } from './portfolio';

test.beforeAll(async ({ playwright }, testInfo) => {
  await loadPortfolio(playwright, testInfo, [
    ['clients', PT_CLIENTS],
    ['statements', PT_STATEMENTS],
  ]);
});

/** The horizontal centre of an element against the viewport's, in pixels. */
async function offCentre(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).boundingBox();
  const width = page.viewportSize()!.width;
  return Math.abs(box!.x + box!.width / 2 - width / 2);
}

async function offCentreIn(page: Page, selector: string, container: string): Promise<number> {
  const box = await page.locator(selector).boundingBox();
  const outer = await page.locator(container).first().boundingBox();
  return Math.abs(box!.x + box!.width / 2 - (outer!.x + outer!.width / 2));
}

test.describe('the sidebar (manager)', () => {
  test.use({ storageState: storageState('MANAGER'), viewport: { width: 1280, height: 600 } });

  test('stays in view, with the user menu, at the top and at the bottom of a long page', async ({ page }) => {
    await page.goto('/clients/E2E-PT-1');
    await expect(page.getByTestId('client-statements')).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Navegação principal' });
    const signOut = page.getByRole('button', { name: 'Sair' });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height, 'the page must be long enough to scroll').toBeGreaterThan(900);

    await expect(signOut).toBeInViewport();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect(nav.getByRole('link', { name: 'Clientes' })).toBeInViewport();
    await expect(signOut).toBeInViewport();
  });

  test('on a phone, becomes a bar above the page and nothing overflows sideways', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/clients?q=E2E-PT');
    await expect(page.getByTestId('clients-table')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Navegação principal' })).toBeInViewport();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
  });
});

test.describe('figures in Brazilian format (manager)', () => {
  test.use({ storageState: storageState('MANAGER') });

  test('the clients list shows R$, mm/aaaa, percentages, phones and segment names', async ({ page }) => {
    await page.goto('/clients?q=E2E-PT');
    const row = (id: string) => page.locator(`tr[data-client="${id}"]`);
    await expect(row('E2E-PT-1')).toContainText(/R\$\s5\.000,00/);
    await expect(row('E2E-PT-1')).toContainText('06/2025');
    await expect(row('E2E-PT-1')).toContainText('90,0%');
    await expect(row('E2E-PT-1').getByTestId('client-phone')).toHaveText('(11) 91234-5678');
    await expect(row('E2E-PT-1').getByTestId('client-segment')).toHaveText('Alta renda / Sudeste');
    await expect(row('E2E-PT-2').getByTestId('client-phone')).toHaveText('(81) 3333-4444');
    await expect(row('E2E-PT-2').getByTestId('client-segment')).toHaveText('Massificado / Nordeste');
    await expect(row('E2E-PT-3').getByTestId('client-segment')).toHaveText('Private / Sul');
    await expect(page.getByTestId('clients-total')).toHaveText('3 clientes');
    await expect(page.locator('#segment option')).toContainText(['Todos os segmentos', 'Alta renda']);
  });

  test('the client page formats each feature by its unit and months as mm/aaaa', async ({ page }) => {
    await page.goto('/clients/E2E-PT-1');
    await expect(page).toHaveTitle('Cliente E2E-PT-1 · Proativa');
    const features = page.getByTestId('client-features');
    const value = (name: string) => features.locator(`tr[data-feature="${name}"] td`);
    await expect(page.getByRole('heading', { name: 'Variáveis (fs-v1) em 06/2025' })).toBeVisible();
    await expect(value('limite_credito')).toHaveText(/^R\$\s5\.000,00$/);
    await expect(value('utilizacao_limite_media_3m')).toHaveText('76,7%');
    await expect(value('meses_historico')).toHaveText('3');
    await expect(value('atraso_max_3m')).toHaveText('1');
    await expect(value('scr_num_instituicoes')).toHaveText('ausente');
    await expect(page.getByTestId('client-statements').locator('tbody tr td:first-child')).toHaveText([
      '06/2025',
      '05/2025',
      '04/2025',
    ]);
  });

  test('an unknown client is a real 404 with the branded page', async ({ page }) => {
    const res = await page.goto('/clients/NAO-EXISTE');
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toBeVisible();
  });
});

test.describe('outside the shell (executive)', () => {
  // Signed in: the proxy sends signed-out browsers to the sign-in page before any 404.
  test.use({ storageState: storageState('EXECUTIVE') });

  test('the 404 and 403 pages are centred, branded cards with a way back', async ({ page }) => {
    const denied = await page.goto('/settings');
    expect(denied?.status()).toBe(403);
    await expect(page.getByTestId('forbidden')).toContainText('Proativa');
    // Signed in, the 403 keeps the shell (navigation stays usable): the card is centred in the main area.
    expect(await offCentreIn(page, '[data-testid="forbidden"]', 'main')).toBeLessThanOrEqual(2);

    const res = await page.goto('/esta-pagina-nao-existe');
    expect(res?.status()).toBe(404);
    const card = page.getByTestId('not-found');
    await expect(card.getByRole('heading', { level: 1 })).toHaveText('Página não encontrada');
    await expect(card).toContainText('Proativa');
    await expect(page).toHaveTitle('Página não encontrada · Proativa');
    expect(await offCentre(page, '[data-testid="not-found"]')).toBeLessThanOrEqual(2);
    await card.getByRole('link', { name: 'Voltar ao início' }).click();
    await expect(page).toHaveURL(/\/executive$/);
  });
});

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('has a favicon and touch icon that load without signing in', async ({ page, request }) => {
    await page.goto('/login');
    await expect(page.locator('link[rel="icon"][href^="/favicon.svg"]')).toHaveCount(1);
    await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveCount(1);
    for (const [path, type] of [
      ['/favicon.svg', 'image/svg+xml'],
      ['/favicon.ico', 'image/'],
      ['/apple-touch-icon.png', 'image/png'],
    ] as const) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBe(200);
      expect(res.headers()['content-type'], path).toContain(type);
    }
  });
});

test.describe('Variáveis (data scientist)', () => {
  test.use({ storageState: storageState('DATA_SCIENTIST') });

  test('histogram bars are hidden from the keyboard and described by a table', async ({ page }) => {
    await page.goto('/features');
    if (await page.getByTestId('empty-state').isVisible()) {
      await page.locator('#compute-month').fill('2025-06');
      await page.getByRole('button', { name: 'Calcular as variáveis do mês' }).click();
    }
    await expect(page.getByTestId('feature-table')).toBeVisible({ timeout: 30_000 });
    const charts = page.locator('figure.histogram svg');
    await expect(charts.first()).toBeVisible();
    for (const svg of await charts.all()) {
      await expect(svg).toHaveAttribute('aria-hidden', 'true');
      await expect(svg).toHaveAttribute('focusable', 'false');
    }
    await expect(page.locator('figure.histogram [tabindex]')).toHaveCount(0);
    await expect(page.locator('figure.histogram table caption').first()).toContainText('Distribuição de');

    // Tab through the whole page: focus never lands inside a chart.
    await page.locator('#feature-month').focus();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const inChart = await page.evaluate(() => !!document.activeElement?.closest('figure.histogram'));
      expect(inChart, `Tab ${i + 1}`).toBe(false);
    }
    // Figures in the catalogue are formatted too: percentages with a comma.
    await expect(page.getByTestId('feature-table').locator('tr[data-feature] td.num').first()).toContainText(
      /%$/,
    );
  });
});
