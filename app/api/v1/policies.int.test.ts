// /api/v1/policies: the list and one version with its lifecycle, the impact of a version, and the workflow's
// writes (propose, approve, reject, activate). Every route refuses the wrong roles (403) and signed-out
// callers (401) with nothing changed; writes are for people (API keys get 403), and bad input is a typed 4xx.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { db, pool } from '@/lib/db';
import { ROLES, type Role } from '@/lib/auth/roles';
import { DEFAULT_POLICY } from '@/lib/policy/policy';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { approvePolicy, proposePolicy } from '@/lib/policy/workflow';
import type { Actor } from '@/lib/auth/session';
import * as list from '@/app/api/v1/policies/route';
import * as one from '@/app/api/v1/policies/[version]/route';
import * as impact from '@/app/api/v1/policies/[version]/impact/route';
import * as approve from '@/app/api/v1/policies/[version]/approve/route';
import * as reject from '@/app/api/v1/policies/[version]/reject/route';
import * as activate from '@/app/api/v1/policies/[version]/activate/route';

let t: TestDatabase;
let ids: Record<Role, string>;
let readKey: string;

const { version: _v, ...DEFAULT_RULES } = DEFAULT_POLICY;
const PROPOSAL = {
  rules: { ...DEFAULT_RULES, thresholds: { moderate: 0.18, critical: 0.45 } },
  note: 'Antecipar o contato.',
};
const none = { params: Promise.resolve({}) };
const v = (version: string) => ({ params: Promise.resolve({ version }) });

function req(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const method = init.method ?? 'GET';
  return new Request(`http://localhost/api/v1${path}`, {
    method,
    headers: {
      host: 'localhost',
      ...(method === 'GET' ? {} : { origin: 'http://localhost', 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined
      ? {}
      : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
}

const actor = (role: Role): Actor => ({
  kind: 'user',
  id: ids[role],
  name: `Test ${role}`,
  email: null,
  role,
  locale: 'pt-BR',
});

/** v1 active, v2 proposed by the data scientist, v3 approved by the admin. */
async function pendingVersions() {
  await pool().query(`DELETE FROM "DecisionPolicy"; DELETE FROM "AuditLog"`);
  await ensureDefaultPolicy();
  await proposePolicy(PROPOSAL, actor('DATA_SCIENTIST'));
  await proposePolicy(
    { ...PROPOSAL, rules: { ...PROPOSAL.rules, thresholds: { moderate: 0.19, critical: 0.45 } } },
    actor('DATA_SCIENTIST'),
  );
  await approvePolicy(3, actor('ADMIN'));
}

async function snapshot() {
  const [policies, audit] = await Promise.all([
    pool().query(`SELECT version, status FROM "DecisionPolicy" ORDER BY version`),
    db.auditLog.count(),
  ]);
  return { policies: policies.rows, audit };
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  readKey = await createApiKeyFor('DATA_SCIENTIST');
});
afterAll(() => t.drop());
beforeEach(pendingVersions);

const routes: {
  name: string;
  call: () => Promise<Response>;
  allowed: Role[];
  status: number;
}[] = [
  {
    name: 'GET /policies',
    call: () => list.GET(req('/policies'), none),
    allowed: ['EXECUTIVE', 'DATA_SCIENTIST', 'ADMIN'],
    status: 200,
  },
  {
    name: 'GET /policies/2',
    call: () => one.GET(req('/policies/2'), v('2')),
    allowed: ['EXECUTIVE', 'DATA_SCIENTIST', 'ADMIN'],
    status: 200,
  },
  {
    name: 'GET /policies/2/impact',
    call: () => impact.GET(req('/policies/2/impact'), v('2')),
    allowed: ['EXECUTIVE', 'DATA_SCIENTIST', 'ADMIN'],
    status: 200,
  },
  {
    name: 'POST /policies',
    call: () => list.POST(req('/policies', { method: 'POST', body: PROPOSAL }), none),
    allowed: ['DATA_SCIENTIST'],
    status: 201,
  },
  {
    name: 'POST /policies/2/approve',
    call: () => approve.POST(req('/policies/2/approve', { method: 'POST' }), v('2')),
    allowed: ['ADMIN'],
    status: 200,
  },
  {
    name: 'POST /policies/2/reject',
    call: () =>
      reject.POST(req('/policies/2/reject', { method: 'POST', body: { note: 'Não agora.' } }), v('2')),
    allowed: ['ADMIN'],
    status: 200,
  },
  {
    name: 'POST /policies/3/activate',
    call: () => activate.POST(req('/policies/3/activate', { method: 'POST' }), v('3')),
    allowed: ['DATA_SCIENTIST', 'ADMIN'],
    status: 200,
  },
];

describe.each(routes)('$name', ({ call, allowed, status }) => {
  it.each(ROLES.filter((r) => !allowed.includes(r)))(
    'refuses %s with 403 and changes nothing',
    async (role) => {
      signInAs(ids[role]);
      const before = await snapshot();
      const res = await call();
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('FORBIDDEN');
      expect(await snapshot()).toEqual(before);
    },
  );

  it('refuses a signed-out caller with 401 and changes nothing', async () => {
    signInAs(null);
    const before = await snapshot();
    const res = await call();
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
    expect(await snapshot()).toEqual(before);
  });

  it.each(allowed)('answers %s', async (role) => {
    signInAs(ids[role]);
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('policy routes', () => {
  it('lists every version with its lifecycle and who took each step', async () => {
    signInAs(ids.EXECUTIVE);
    const body = await (await list.GET(req('/policies'), none)).json();
    expect(body.policies.map((p: { version: number; status: string }) => [p.version, p.status])).toEqual([
      [3, 'APPROVED'],
      [2, 'PROPOSED'],
      [1, 'ACTIVE'],
    ]);
    expect(body.policies[0]).toMatchObject({
      rules: { version: 3, thresholds: { moderate: 0.19, critical: 0.45 }, holdoutShare: 0.05 },
      note: 'Antecipar o contato.',
      proposedBy: { id: ids.DATA_SCIENTIST, kind: 'user', name: 'Test DATA_SCIENTIST' },
      approvedBy: { id: ids.ADMIN, name: 'Test ADMIN' },
      activatedBy: null,
    });
    expect(Date.parse(body.policies[0].approvedAt)).not.toBeNaN();
  });

  it('proposes from the rules a GET answers with, and the version flows to ACTIVE', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const active = (await (await one.GET(req('/policies/1'), v('1'))).json()).policy;
    const { version: _x, ...rules } = active.rules;
    const created = await list.POST(
      req('/policies', {
        method: 'POST',
        body: { rules: { ...rules, holdoutShare: 0.1 }, note: 'Grupo de controle maior.' },
      }),
      none,
    );
    expect(created.status).toBe(201);
    const { policy } = await created.json();
    expect(policy).toMatchObject({ version: 4, status: 'PROPOSED', rules: { holdoutShare: 0.1 } });
    signInAs(ids.ADMIN);
    expect((await approve.POST(req('/policies/4/approve', { method: 'POST' }), v('4'))).status).toBe(200);
    const activated = await activate.POST(req('/policies/4/activate', { method: 'POST' }), v('4'));
    expect(await activated.json()).toMatchObject({ policy: { version: 4, status: 'ACTIVE' }, retired: 1 });
  });

  it('answers bad input with typed errors that name the field, never a 500', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const before = await snapshot();
    const invalid = await list.POST(
      req('/policies', {
        method: 'POST',
        body: { ...PROPOSAL, rules: { ...PROPOSAL.rules, thresholds: { moderate: 0.5, critical: 0.2 } } },
      }),
      none,
    );
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error).toMatchObject({
      code: 'INVALID_INPUT',
      details: [{ path: 'rules.thresholds.critical', message: expect.stringContaining('CRÍTICO') }],
    });
    const missingNote = await list.POST(
      req('/policies', { method: 'POST', body: { rules: PROPOSAL.rules } }),
      none,
    );
    expect((await missingNote.json()).error.details).toEqual([
      { path: 'note', message: 'Campo obrigatório.' },
    ]);
    const extra = await list.POST(
      req('/policies', { method: 'POST', body: { ...PROPOSAL, version: 9 } }),
      none,
    );
    expect(extra.status).toBe(400);
    const notJson = await list.POST(req('/policies', { method: 'POST', body: '{"rules":' }), none);
    expect([notJson.status, (await notJson.json()).error.code]).toEqual([400, 'INVALID_JSON']);
    const text = await list.POST(
      req('/policies', {
        method: 'POST',
        body: JSON.stringify(PROPOSAL),
        headers: { 'content-type': 'text/plain' },
      }),
      none,
    );
    expect(text.status).toBe(415);
    const huge = await list.POST(
      req('/policies', { method: 'POST', body: { ...PROPOSAL, note: 'x'.repeat(1024 * 1024) } }),
      none,
    );
    expect(huge.status).toBe(413);
    const foreign = await list.POST(
      req('/policies', { method: 'POST', body: PROPOSAL, headers: { origin: 'https://evil.example' } }),
      none,
    );
    expect(foreign.status).toBe(403);
    expect(await snapshot()).toEqual(before);

    const badVersion = await one.GET(req('/policies/abc'), v('abc'));
    expect(badVersion.status).toBe(400);
    expect((await badVersion.json()).error.details).toEqual([
      { path: 'version', message: 'Versão inválida: use um número inteiro a partir de 1.' },
    ]);
    const missing = await one.GET(req('/policies/404'), v('404'));
    expect([missing.status, (await missing.json()).error.code]).toEqual([404, 'NOT_FOUND']);
    const missingImpact = await impact.GET(req('/policies/404/impact'), v('404'));
    expect(missingImpact.status).toBe(404);
  });

  it('answers a refused step with 409 in the caller’s language, and four-eyes with 403', async () => {
    signInAs(ids.ADMIN);
    const res = await activate.POST(
      req('/policies/2/activate', { method: 'POST', headers: { 'accept-language': 'en' } }),
      v('2'),
    );
    expect(res.status).toBe(409);
    expect((await res.json()).error).toEqual({
      code: 'CONFLICT',
      message: 'Only an approved version can be activated: version 2 is proposed, awaiting approval.',
      details: { version: 2, status: 'PROPOSED' },
    });
    const blank = await reject.POST(
      req('/policies/2/reject', { method: 'POST', body: { note: '' } }),
      v('2'),
    );
    expect(blank.status).toBe(400);
    const noBody = await reject.POST(req('/policies/2/reject', { method: 'POST' }), v('2'));
    expect(noBody.status).toBe(400);

    await db.user.update({ where: { id: ids.DATA_SCIENTIST }, data: { role: 'ADMIN' } });
    try {
      signInAs(ids.DATA_SCIENTIST);
      const own = await approve.POST(req('/policies/2/approve', { method: 'POST' }), v('2'));
      expect(own.status).toBe(403);
      expect((await own.json()).error.message).toBe(
        'Quem propôs a versão 2 não pode aprová-la: outro administrador precisa revisá-la.',
      );
    } finally {
      await db.user.update({ where: { id: ids.DATA_SCIENTIST }, data: { role: 'DATA_SCIENTIST' } });
    }
    expect((await snapshot()).policies).toEqual([
      { version: 1, status: 'ACTIVE' },
      { version: 2, status: 'PROPOSED' },
      { version: 3, status: 'APPROVED' },
    ]);
  });

  it('lets an API key read the policies but never change them', async () => {
    signInAs(null);
    const auth = { authorization: `Bearer ${readKey}` };
    expect((await list.GET(req('/policies', { headers: auth }), none)).status).toBe(200);
    const before = await snapshot();
    const res = await list.POST(req('/policies', { method: 'POST', body: PROPOSAL, headers: auth }), none);
    expect(res.status).toBe(403);
    const act = await activate.POST(req('/policies/3/activate', { method: 'POST', headers: auth }), v('3'));
    expect(act.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('answers the impact with run null until a batch run has finished', async () => {
    signInAs(ids.EXECUTIVE);
    const res = await impact.GET(req('/policies/2/impact'), v('2'));
    expect(await res.json()).toEqual({ impact: { version: 2, run: null, comparison: null, holdout: null } });
  });
});
