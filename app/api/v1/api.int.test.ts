// Every /api/v1 route handler: the right role gets through, other roles get 403, no credentials 401,
// a bad API key 401, malformed JSON 400 — and refused calls change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { db } from '@/lib/db';
import { hashApiSecret } from '@/lib/auth/session';
import { ROLES, type Role } from '@/lib/auth/roles';
import * as health from '@/app/api/v1/health/route';
import * as me from '@/app/api/v1/me/route';
import * as users from '@/app/api/v1/users/route';

let t: TestDatabase;
let ids: Record<Role, string>;
const keys = {} as Record<Role, string>;
const ctx = { params: Promise.resolve({}) };

function req(path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  if (init.body !== undefined && !headers.has('content-type'))
    headers.set('content-type', 'application/json');
  return new Request(`http://localhost${path}`, { ...init, headers });
}
const newUser = (email: string) =>
  JSON.stringify({ name: 'Api Made', email, role: 'MANAGER', password: 'long-enough-password' });

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  for (const r of ROLES) keys[r] = await createApiKeyFor(r);
});
afterAll(() => t.drop());

describe('GET /api/v1/health', () => {
  it('tells anyone only up or down, without a 401 for a bad key', async () => {
    signInAs(null);
    for (const r of [req('/api/v1/health'), req('/api/v1/health', { key: 'pk_nothing_here' })]) {
      const res = await health.GET(r);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    }
  });

  it('reports database, migrations and model to a signed-in user or an API key', async () => {
    const details = {
      status: 'ok',
      database: { ok: true },
      migrations: { ok: true, pending: [] },
      model: { loaded: false },
    };
    signInAs(ids.EXECUTIVE);
    expect(await (await health.GET(req('/api/v1/health'))).json()).toMatchObject(details);
    signInAs(null);
    expect(await (await health.GET(req('/api/v1/health', { key: keys.MANAGER }))).json()).toMatchObject(
      details,
    );
  });
});

describe('GET /api/v1/me', () => {
  it.each(ROLES)('answers %s with who they are, by session and by API key', async (role) => {
    signInAs(ids[role]);
    expect(await (await me.GET(req('/api/v1/me'), ctx)).json()).toMatchObject({ role, kind: 'user' });
    signInAs(null);
    expect(await (await me.GET(req('/api/v1/me', { key: keys[role] }), ctx)).json()).toMatchObject({
      role,
      kind: 'apiKey',
    });
  });

  it('accepts a key whose secret contains underscores (base64url)', async () => {
    signInAs(null);
    const secret = '_abc_def-ghi_jkl_mno_';
    await db.apiKey.create({
      data: {
        name: 'underscores',
        prefix: 'abcdef987654',
        role: 'EXECUTIVE',
        secretHash: hashApiSecret(secret),
      },
    });
    const res = await me.GET(req('/api/v1/me', { key: `pk_abcdef987654_${secret}` }), ctx);
    expect(await res.json()).toMatchObject({ role: 'EXECUTIVE', kind: 'apiKey', name: 'underscores' });
  });

  it('accepts the Bearer scheme in any case', async () => {
    signInAs(null);
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const r = req('/api/v1/me', { headers: { authorization: `${scheme} ${keys.ADMIN}` } });
      expect(await (await me.GET(r, ctx)).json(), scheme).toMatchObject({ role: 'ADMIN', kind: 'apiKey' });
    }
  });

  it('answers 401 without credentials and with a bad or revoked key', async () => {
    signInAs(null);
    expect((await me.GET(req('/api/v1/me'), ctx)).status).toBe(401);
    expect((await me.GET(req('/api/v1/me', { key: 'pk_nothing_here' }), ctx)).status).toBe(401);
    const k = await createApiKeyFor('ADMIN');
    await db.apiKey.update({ where: { prefix: k.split('_')[1]! }, data: { revokedAt: new Date() } });
    const res = await me.GET(req('/api/v1/me', { key: k }), ctx);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Chave de API inválida ou revogada.' },
    });
    const en = await me.GET(req('/api/v1/me', { key: k, headers: { 'accept-language': 'en' } }), ctx);
    expect(await en.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Invalid or revoked API key.' },
    });
  });
});

describe('/api/v1/users', () => {
  it.each(ROLES.filter((r) => r !== 'ADMIN'))(
    'refuses %s with 403 (session and API key) and creates nothing',
    async (role) => {
      const before = await db.user.count();
      signInAs(ids[role]);
      expect((await users.GET(req('/api/v1/users'), ctx)).status).toBe(403);
      const res = await users.POST(
        req('/api/v1/users', { method: 'POST', body: newUser(`x-${role}@test.local`) }),
        ctx,
      );
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('FORBIDDEN');
      signInAs(null);
      expect(
        (
          await users.POST(
            req('/api/v1/users', { method: 'POST', key: keys[role], body: newUser(`y-${role}@test.local`) }),
            ctx,
          )
        ).status,
      ).toBe(403);
      expect(await db.user.count()).toBe(before);
    },
  );

  it('lets an admin list and create users, with 400 for malformed JSON or fields and 409 for a duplicate', async () => {
    signInAs(ids.ADMIN);
    const list = await (await users.GET(req('/api/v1/users'), ctx)).json();
    expect(list.users.map((u: { email: string }) => u.email)).toContain('admin@test.local');
    expect(list.users[0]).not.toHaveProperty('passwordHash');
    const created = await users.POST(
      req('/api/v1/users', { method: 'POST', body: newUser('api@test.local') }),
      ctx,
    );
    expect(created.status).toBe(201);
    const bad = await users.POST(req('/api/v1/users', { method: 'POST', body: '{"name": ' }), ctx);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INVALID_JSON');
    const invalid = await users.POST(
      req('/api/v1/users', { method: 'POST', body: JSON.stringify({ email: 'nope' }) }),
      ctx,
    );
    expect(invalid.status).toBe(400);
    const body = await invalid.json();
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'email',
      'name',
      'password',
      'role',
    ]);
    const dup = await users.POST(
      req('/api/v1/users', { method: 'POST', body: newUser('api@test.local') }),
      ctx,
    );
    expect(dup.status).toBe(409);
    signInAs(null);
    expect((await users.GET(req('/api/v1/users', { key: keys.ADMIN }), ctx)).status).toBe(200);
    expect((await users.GET(req('/api/v1/users'), ctx)).status).toBe(401);
  });
});
