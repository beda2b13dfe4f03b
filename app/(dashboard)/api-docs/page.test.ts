// The API reference page as a signed-in user reads it in Portuguese: one entry per registered operation,
// grouped by tag, with who may call it, its fields and a curl example, and the link to the OpenAPI document.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { registeredOperations } from '@/lib/api/openapi';

const auth = vi.hoisted(() => ({ asked: [] as string[] }));

vi.mock('@/lib/auth/session', () => ({
  requirePage: async (permission: string) => {
    auth.asked.push(permission);
    return { kind: 'user', id: 'u', name: 'Ana', email: null, role: 'MANAGER', locale: 'pt-BR' };
  },
}));
// The page's server-side next-intl calls, answered from the catalogue as the app's request config does.
vi.mock('next-intl/server', async () => {
  const { catalog } = await import('@/lib/i18n/catalog');
  const { formats } = await import('@/lib/i18n/formats');
  const { createTranslator } = await import('next-intl');
  const messages = catalog['pt-BR'];
  return {
    getLocale: async () => 'pt-BR',
    getTranslations: async (namespace: string) =>
      createTranslator({
        locale: 'pt-BR',
        messages,
        namespace: namespace as never,
        formats,
        timeZone: 'America/Sao_Paulo',
        onError: (e: Error) => {
          throw e;
        },
      }),
  };
});

const { default: ApiDocsPage, generateMetadata } = await import('./page');

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The text of the operation entry whose heading shows this method and path. */
function entry(html: string, method: string, path: string): string {
  const articles = html.split('<article').slice(1);
  const found = articles.find((a) => text(a).includes(`${method} ${path} `));
  return found ? text(found) : '';
}

describe('API reference page', () => {
  let html = '';
  beforeAll(async () => {
    html = renderToStaticMarkup(createElement('div', null, await ApiDocsPage()));
  });

  it('is open to every signed-in role and titled in Portuguese', async () => {
    expect(auth.asked).toEqual(['profile:view']);
    expect(await generateMetadata()).toEqual({ title: 'Referência da API' });
    expect(html).toContain('<h1>Referência da API</h1>');
    expect(html).toContain('href="/api/v1/openapi.json"');
  });

  it('shows every registered operation once, grouped under its tag', () => {
    const count = (html.match(/data-testid="api-operation"/g) ?? []).length;
    expect(count).toBe(registeredOperations().length);
    for (const group of ['Pontuação', 'Decisões', 'Políticas', 'Ingestão', 'Modelos', 'Sistema']) {
      expect(html).toContain(`>${group}</h2>`);
    }
    // Scoring comes first, the System group last.
    const all = text(html);
    expect(all.indexOf('POST /api/v1/score ')).toBeGreaterThan(-1);
    expect(all.indexOf('POST /api/v1/score ')).toBeLessThan(all.indexOf('GET /api/v1/health '));
  });

  it('tells who may call each operation', () => {
    const score = entry(html, 'POST', '/api/v1/score');
    expect(score).toContain('Sessão com a permissão score:realtime ou chave de API com o escopo score');
    expect(score).toContain('Cientista de dados, Administrador');
    expect(entry(html, 'POST', '/api/v1/models/{id}/promote')).toContain('Não aceita chave de API');
    expect(entry(html, 'GET', '/api/v1/health')).toContain('Público: não exige credencial.');
  });

  it('renders parameters, body fields with their rules, and answers', () => {
    const score = entry(html, 'POST', '/api/v1/score');
    expect(score).toContain('explain consulta');
    expect(score).toContain('history.asOfMonth string sim');
    expect(score).toContain('caracteres: máx. 64');
    expect(score).toMatch(/429 .*Retry-After/);
    const ingest = entry(html, 'POST', '/api/v1/ingest/{kind}');
    expect(ingest).toContain('Tipo de conteúdo: text/csv');
    expect(ingest).toContain('application/x-ndjson');
    expect(ingest).toContain('um de: "clients", "statements", "bureau", "outcomes", "uci"');
  });

  it('gives a curl example with an API key', () => {
    const score = entry(html, 'POST', '/api/v1/score');
    expect(score).toContain("curl -X POST 'http://localhost:3000/api/v1/score'");
    expect(score).toContain("-H 'Authorization: Bearer pk_...'");
    expect(score).toContain(`-d '{"externalId":"SIM-0000001"}'`);
    expect(entry(html, 'POST', '/api/v1/ingest/{kind}')).toContain("--data-binary '@data.csv'");
    expect(entry(html, 'GET', '/api/v1/decisions/export')).toContain(
      '/api/v1/decisions/export?asOfMonth=2026-01',
    );
  });
});
