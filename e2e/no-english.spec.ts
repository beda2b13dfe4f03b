// In Portuguese, no English leaks: for every main page of every role, the sign-in page and the 404/403 pages,
// the visible text, the text people hear (aria-label, placeholder, title, alt, options) and the document title
// contain none of the English words that used to slip through. Finance and ML jargon that Brazilian teams use
// in English (AUC, KS, PSI, drift, feature store, score, ...) is allowed.
import { expect, test, type Page } from '@playwright/test';
import { storageState } from './roles';
import { loadPortfolio, PT_CLIENTS, PT_STATEMENTS } from './portfolio';

/** Whole words or phrases, case-sensitive (so 'Features' fails but the jargon 'feature store' passes). */
const ENGLISH = [
  'Model card',
  'best iteration',
  'missing',
  'Missing',
  'Sign in',
  'Sign out',
  'Signing in',
  'Loading',
  'Error',
  'Page',
  'Next',
  'Previous',
  'Download',
  'Upload',
  'Settings',
  'Users',
  'Features',
  'Clients',
  'Client',
  'AFFLUENT',
  'MASS',
  'PRIVATE',
  'Search',
  'Save',
  'Saving',
  'Cancel',
  'Delete',
  'Submit',
  'Language',
  'Password',
  'Month',
  'Models',
  'Monitoring',
  'Ingestion',
  'Executive view',
  'Alert queue',
  'Something went wrong',
  'Try again',
  'Not found',
  'not found',
  'Access denied',
  'Back to',
  'Nothing here yet',
  'Main navigation',
  'Skip to content',
  'Pagination',
  'Network error',
  'Unknown',
  'is required',
  'must be',
  'undefined',
  'Invalid Date',
];
/** Jargon kept in English in Brazilian finance and data teams; removed before looking for leaks. */
const ALLOWED = [
  'feature store',
  'AUC',
  'KS',
  'Gini',
  'PSI',
  'drift',
  'ONNX',
  'LightGBM',
  'score',
  'e-mail',
  'API',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wholeWord = (w: string, flags = 'u') =>
  new RegExp(`(?<![\\p{L}\\p{N}_])${escape(w)}(?![\\p{L}\\p{N}_])`, flags);

function englishLeaks(text: string): string[] {
  let t = text;
  for (const a of ALLOWED) t = t.replace(wholeWord(a, 'giu'), ' ');
  const found = ENGLISH.filter((w) => wholeWord(w).test(t));
  if (t.includes('[object Object]')) found.push('[object Object]');
  return found;
}

/** Waits until the page has its heading and no skeleton is still loading. */
async function settle(page: Page) {
  await expect(page.locator('h1').first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
  // Polling widgets may keep the network busy; a quiet moment is enough, not required.
  await page.waitForLoadState('networkidle', { timeout: 1_500 }).catch(() => undefined);
}

/** Everything a person reads or hears on the page, plus its title. */
async function allText(page: Page): Promise<string> {
  const body = await page.evaluate(() => {
    const heard = [
      ...document.querySelectorAll('[aria-label],[placeholder],[title],[alt],[aria-description]'),
    ]
      .flatMap((el) =>
        ['aria-label', 'placeholder', 'title', 'alt', 'aria-description'].map((a) => el.getAttribute(a)),
      )
      .filter(Boolean);
    const options = [...document.querySelectorAll('option')].map((o) => o.textContent);
    const svgTitles = [...document.querySelectorAll('svg title')].map((t) => t.textContent);
    return [document.body.innerText, ...heard, ...options, ...svgTitles].join('\n');
  });
  return `${await page.title()}\n${body}`;
}

/** Hydration mismatches (React errors 418/423/425) would show text the server did not render. */
function watchHydration(page: Page): string[] {
  const problems: string[] = [];
  const hydration = /hydrat|Minified React error #(418|423|425)/i;
  page.on('pageerror', (e) => hydration.test(e.message) && problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && hydration.test(m.text()) && problems.push(m.text()));
  return problems;
}

async function expectPortuguese(page: Page, path: string, status = 200) {
  const problems = watchHydration(page);
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(status);
  await settle(page);
  expect(await page.locator('html').getAttribute('lang'), path).toBe('pt-BR');
  expect(englishLeaks(await allText(page)), path).toEqual([]);
  expect(problems, path).toEqual([]);
}

const PAGES: Record<string, string[]> = {
  EXECUTIVE: ['/executive', '/monitoring', '/scoring', '/policy'],
  MANAGER: ['/alerts', '/clients', '/clients?q=E2E-PT', '/clients/E2E-PT-1', '/clients/E2E-PT-3'],
  DATA_SCIENTIST: [
    '/clients',
    '/clients/E2E-PT-1',
    '/monitoring',
    '/models',
    '/scoring',
    '/features',
    '/policy',
    '/ingestion',
  ],
  ADMIN: ['/clients', '/models', '/scoring', '/policy', '/ingestion', '/settings'],
};

test.beforeAll(async ({ playwright }, testInfo) => {
  await loadPortfolio(playwright, testInfo, [
    ['clients', PT_CLIENTS],
    ['statements', PT_STATEMENTS],
  ]);
});

test('the word check itself finds leaks and lets jargon through', () => {
  expect(englishLeaks('Página 1 de 2 · AUC 0,73 · drift do score · feature store')).toEqual([]);
  expect(englishLeaks('Next · Features · limite ausente (missing)')).toEqual(['missing', 'Next', 'Features']);
  expect(englishLeaks('Clientes · Segmento MASSIFICADO')).toEqual([]);
});

for (const [role, paths] of Object.entries(PAGES)) {
  test.describe(role, () => {
    test.use({ storageState: storageState(role) });
    test.beforeEach(async ({ context, baseURL }) => {
      await context.addCookies([{ name: 'locale', value: 'pt-BR', url: baseURL! }]);
    });

    test('every page reads in Portuguese', async ({ page }) => {
      for (const path of paths) await expectPortuguese(page, path);
    });
  });
}

test.describe('outside the shell', () => {
  test.use({ storageState: storageState('EXECUTIVE') });

  test('the 404 and 403 pages read in Portuguese', async ({ page }) => {
    await expectPortuguese(page, '/esta-pagina-nao-existe', 404);
    await expectPortuguese(page, '/settings', 403);
  });
});

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('the sign-in page, its title and its error messages read in Portuguese', async ({ page }) => {
    await expectPortuguese(page, '/login');
    await expect(page).toHaveTitle('Entrar · Proativa');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page.locator('#login-status')).not.toBeEmpty();
    expect(englishLeaks(await allText(page))).toEqual([]);
  });
});
