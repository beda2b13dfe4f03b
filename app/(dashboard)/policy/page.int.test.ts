// The Política page rendered from a real database, in Portuguese, for each role that may see it: the active
// rules in business language, every version's history, the buttons each role may use (four-eyes included),
// what a pending version would change on the last run, and the propose form for data scientists.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cloneElement, createElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import type { Actor } from '@/lib/auth/session';
import { DEFAULT_POLICY } from '@/lib/policy/policy';
import { bandOf } from '@/lib/policy/decide';
import { isHoldout } from '@/lib/policy/holdout';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { proposePolicy, rejectPolicy } from '@/lib/policy/workflow';

const session = vi.hoisted(() => ({ userId: null as string | null }));

vi.mock('next-auth', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next-auth')>()),
  getServerSession: vi.fn(async () => (session.userId ? { userId: session.userId } : null)),
}));
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
  headers: async () => new Headers(),
}));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));
vi.mock('next/navigation', () => ({
  redirect: (url: string) => {
    throw new Error(`NEXT_REDIRECT:${url}`);
  },
  forbidden: () => {
    throw new Error('NEXT_FORBIDDEN');
  },
  notFound: () => {
    throw new Error('NEXT_NOT_FOUND');
  },
  useRouter: () => ({ refresh: () => undefined, push: () => undefined }),
}));
// The page's server-side next-intl calls, answered from the catalogue as the app's request config does.
vi.mock('next-intl/server', async () => {
  const { catalog } = await import('@/lib/i18n/catalog');
  const { formats } = await import('@/lib/i18n/formats');
  const { createTranslator } = await import('next-intl');
  const messages = catalog['pt-BR'];
  return {
    getLocale: async () => 'pt-BR',
    getMessages: async () => messages,
    getTranslations: async (namespace: string) =>
      createTranslator({
        locale: 'pt-BR',
        messages,
        namespace: namespace as never,
        formats,
        timeZone: 'America/Sao_Paulo',
      }),
  };
});

const { default: PolicyPage } = await import('./page');

let t: TestDatabase;
let ids: Record<Role, string>;
const MODEL = '00000000-0000-4000-8000-0000000000aa';

/** Awaits the async server components of a tree (as the RSC renderer would), leaving the rest to React. */
async function resolve(node: ReactNode): Promise<ReactNode> {
  if (Array.isArray(node)) return Promise.all(node.map(resolve));
  if (!isValidElement(node)) return node;
  const el = node as ReactElement<{ children?: ReactNode }>;
  if (typeof el.type === 'function' && el.type.constructor.name === 'AsyncFunction') {
    return resolve(await (el.type as (p: unknown) => Promise<ReactNode>)(el.props));
  }
  const kids = el.props.children;
  if (kids === undefined) return el;
  // Spread, as JSX passes several children: React then expects no keys among them.
  if (Array.isArray(kids)) return cloneElement(el, undefined, ...(await Promise.all(kids.map(resolve))));
  return cloneElement(el, undefined, await resolve(kids));
}

async function render(role: Role): Promise<string> {
  session.userId = ids[role];
  return renderToStaticMarkup(createElement('div', null, await resolve(await PolicyPage())));
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/\s+/g, ' ');

/** The row of a table by its data attribute, as text. */
function row(html: string, attr: string): string {
  const m = new RegExp(`<tr[^>]*${attr}[^>]*>(.*?)</tr>`).exec(html);
  return m ? text(m[1]!).trim() : '';
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  await ensureDefaultPolicy();
  const actor = (role: Role): Actor => ({
    kind: 'user',
    id: ids[role],
    name: `Test ${role}`,
    email: null,
    role,
    locale: 'pt-BR',
  });
  const { version: _v, ...rules } = DEFAULT_POLICY;
  await proposePolicy(
    { rules: { ...rules, thresholds: { moderate: 0.15, critical: 0.45 } }, note: 'Antecipar o contato.' },
    actor('DATA_SCIENTIST'),
  );
  await proposePolicy(
    { rules: { ...rules, thresholds: { moderate: 0.3, critical: 0.6 } }, note: 'Menos contatos.' },
    actor('DATA_SCIENTIST'),
  );
  await rejectPolicy(3, actor('ADMIN'), 'Sem evidência de ganho.');

  // A finished batch run decided with v1: 10 clients with known scores.
  const p = pool();
  const scores = [0.05, 0.1, 0.16, 0.18, 0.25, 0.3, 0.46, 0.48, 0.55, 0.9];
  const externalIds = scores.map((_, i) => `CLI-${String(i).padStart(7, '0')}`);
  await p.query(
    `INSERT INTO "ModelVersion" (id, name, version, "sourceFormat", "sourceBytes", onnx, sha256, "featureNames",
                                 card, parity)
     VALUES ($1, 'stub', 1, 'onnx', '\\x00', '\\x00', '0', ARRAY[]::text[], '{}', '{}')`,
    [MODEL],
  );
  await p.query(
    `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart")
     SELECT x, 'varejo', 'SP', DATE '2020-01-01' FROM unnest($1::text[]) x`,
    [externalIds],
  );
  const run = await p.query<{ id: string }>(
    `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion",
                               "featureSetVersion", "finishedAt")
     VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', '2026-10', $1, 1, 'fs-v1', now()) RETURNING id`,
    [MODEL],
  );
  await p.query(
    `INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion",
                             "featureSetVersion", features, "yProba", band, action, channel, holdout,
                             "reasonCodes", "baseValue")
     SELECT $1, c.id, '2026-10', $2, 1, 'fs-v1', ARRAY[]::float8[], u.y, u.b::"Band", 'NONE', 'NONE', u.h, '[]', 0
       FROM unnest($3::text[], $4::float8[], $5::text[], $6::boolean[]) AS u(x, y, b, h)
       JOIN "Client" c ON c."externalId" = u.x`,
    [
      run.rows[0]!.id,
      MODEL,
      externalIds,
      scores,
      scores.map((s) => bandOf(s, DEFAULT_POLICY)),
      externalIds.map((x) => isHoldout(x, 'v1', 0.05)),
    ],
  );
}, 120_000);
afterAll(() => t.drop());

describe('Política page', () => {
  it('states the active rules in business language, with percentages and the channel order', async () => {
    const html = await render('EXECUTIVE');
    expect(text(html)).toContain('Versão ativa: v1');
    expect(text(html)).toMatch(/Ativa desde \d{2}\/\d{2}\/\d{4},? [\d:]+, ativada na instalação\./);
    expect(row(html, 'data-band="CRITICAL"')).toBe(
      'Crítico a partir de 50% Ligação do gerente de carteira Telefone',
    );
    expect(row(html, 'data-band="MODERATE"')).toBe(
      'Moderado de 20% até abaixo de 50% Oferta digital App → WhatsApp → SMS → E-mail: o primeiro, nesta ordem, em que o cliente deu consentimento',
    );
    expect(row(html, 'data-band="LOW"')).toBe('Baixo abaixo de 20% Nenhuma ação Nenhum');
    expect(text(html)).toContain('Grupo de controle: 5% dos clientes');
    expect(text(html)).toContain('o resultado de cada decisão é medido nos 3 meses seguintes');
  });

  it('lists every version with who proposed, approved, activated or rejected it', async () => {
    const html = await render('EXECUTIVE');
    const v2 = row(html, 'data-version="2"');
    expect(v2).toContain('v2 Proposta');
    expect(v2).toContain('Moderado a partir de 15% · Crítico a partir de 45%');
    expect(v2).toMatch(/Proposta por Test DATA_SCIENTIST em \d{2}\/\d{2}\/\d{4}/);
    const v3 = row(html, 'data-version="3"');
    expect(v3).toContain('Rejeitada');
    expect(v3).toContain('Motivo: Sem evidência de ganho.');
    expect(v3).toMatch(/Rejeitada por Test ADMIN em \d{2}\/\d{2}\/\d{4}/);
    expect(row(html, 'data-version="1"')).toMatch(/Proposta na instalação em .*Ativada na instalação em/);
    // Executives read; they get no buttons and no form.
    expect(html).not.toContain('<button');
    expect(html).not.toContain('propose-policy-form');
  });

  it('shows what the pending version would change on the last run, counted from the stored scores', async () => {
    const html = await render('EXECUTIVE');
    expect(text(html)).toContain('v2 (Proposta): o que mudaria na última execução');
    expect(text(html)).toContain('Execução de 10/2026, decidida com a v1: 10 clientes');
    // By hand, now (0.20/0.50) and with v2 (0.15/0.45): 0.05 0.1 LOW both; 0.16 0.18 LOW -> MODERATE;
    // 0.25 0.3 MODERATE both; 0.46 0.48 MODERATE -> CRITICAL; 0.55 0.9 CRITICAL both.
    const bands = /data-testid="impact-bands-2".*?<\/table>/.exec(html)![0];
    expect(row(bands, 'data-band="LOW"')).toBe('Baixo 4 (40,0%) 2 (20,0%) −2');
    expect(row(bands, 'data-band="MODERATE"')).toBe('Moderado 4 (40,0%) 4 (40,0%) 0');
    expect(row(bands, 'data-band="CRITICAL"')).toBe('Crítico 2 (20,0%) 4 (40,0%) +2');
    const matrix = /data-testid="impact-matrix-2".*?<\/table>/.exec(html)![0];
    expect(row(matrix, 'data-from="LOW"')).toBe('Baixo 2 2 0');
    expect(row(matrix, 'data-from="MODERATE"')).toBe('Moderado 0 2 2');
    expect(row(matrix, 'data-from="CRITICAL"')).toBe('Crítico 0 0 2');
    // Rejected versions are not pending: no impact for v3.
    expect(html).not.toContain('policy-impact-3');
  });

  it('gives an admin approve and reject, and a data scientist the form but not the approval', async () => {
    const admin = await render('ADMIN');
    const actions = /data-testid="policy-actions-2".*?<\/td>/.exec(admin)![0];
    expect(text(actions)).toContain('Aprovar');
    expect(text(actions)).toContain('Rejeitar');
    expect(admin).not.toContain('propose-policy-form');

    const ds = await render('DATA_SCIENTIST');
    expect(ds).not.toContain('policy-actions-2');
    expect(ds).toContain('data-testid="propose-policy-form"');
    // The form starts from the active rules, written as a Brazilian types them.
    expect(ds).toMatch(/name="moderateThreshold"[^>]*value="0,20"|value="0,20"[^>]*name="moderateThreshold"/);
    expect(ds).toMatch(/name="holdoutShare"[^>]*value="0,05"|value="0,05"[^>]*name="holdoutShare"/);
  });

  it('is refused to managers', async () => {
    session.userId = ids.MANAGER;
    await expect(PolicyPage()).rejects.toThrow('NEXT_FORBIDDEN');
  });
});
