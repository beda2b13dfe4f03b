// Real-time features over the API: from the database and from a raw history in the request, identical to the
// stored batch snapshot; only data scientists may call it; the recompute action is refused to other roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import { ROLES, type Role } from '@/lib/auth/roles';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { clientHistoryFromDb, storedSnapshot } from '@/lib/features/store';
import { featuresToJson } from '@/lib/features/json';
import * as one from '@/app/api/v1/features/[externalId]/route';
import * as raw from '@/app/api/v1/features/route';
import { computeFeatures } from '@/lib/actions/compute-features';
import { initialActionState } from '@/lib/actions/action-state';

let t: TestDatabase;
let ids: Record<Role, string>;
let ext: string;
const keys = {} as Record<Role, string>;
const ctx = (externalId: string) => ({ params: Promise.resolve({ externalId }) });

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  for (const r of ROLES) keys[r] = await createApiKeyFor(r);
  await seedDemoPortfolio(pool(), { clients: 50, months: 8, today: new Date('2026-11-26T12:00:00Z') });
  ext = (await pool().query(`select "externalId" from "Client" order by id limit 1`)).rows[0].externalId;
});
afterAll(() => t.drop());

describe('GET /api/v1/features/{externalId}', () => {
  it('computes the same vector as the stored batch snapshot', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const res = await one.GET(new Request(`http://x/api/v1/features/${ext}?asOfMonth=2026-08`), ctx(ext));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ clientExternalId: ext, asOfMonth: '2026-08', featureSetVersion: 'fs-v1' });
    expect(body.features).toEqual(featuresToJson((await storedSnapshot(pool(), ext, '2026-08'))!));
  });

  it('answers 404 for an unknown client and 400 for a bad month', async () => {
    signInAs(ids.DATA_SCIENTIST);
    expect(
      (await one.GET(new Request('http://x/api/v1/features/NOPE?asOfMonth=2026-08'), ctx('NOPE'))).status,
    ).toBe(404);
    expect(
      (await one.GET(new Request(`http://x/api/v1/features/${ext}?asOfMonth=2026-8`), ctx(ext))).status,
    ).toBe(400);
  });

  it.each(['EXECUTIVE', 'MANAGER', 'ADMIN'] as Role[])(
    'refuses %s with 403 (session and API key)',
    async (role) => {
      signInAs(ids[role]);
      expect(
        (await one.GET(new Request(`http://x/api/v1/features/${ext}?asOfMonth=2026-08`), ctx(ext))).status,
      ).toBe(403);
      signInAs(null);
      const withKey = new Request(`http://x/api/v1/features/${ext}?asOfMonth=2026-08`, {
        headers: { authorization: `Bearer ${keys[role]}` },
      });
      expect((await one.GET(withKey, ctx(ext))).status).toBe(403);
    },
  );
});

describe('POST /api/v1/features (raw history in the request)', () => {
  it('gives the same vector as the database path, and names invalid records', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const h = (await clientHistoryFromDb(pool(), ext))!;
    const statements = h.statements.map(({ clientExternalId: _c, ...s }) => s);
    const bureau = h.bureau.map(({ clientExternalId: _c, ...b }) => b);
    const res = await raw.POST(
      new Request('http://x/api/v1/features', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ asOfMonth: '2026-08', statements, bureau }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    expect((await res.json()).features).toEqual(
      featuresToJson((await storedSnapshot(pool(), ext, '2026-08'))!),
    );

    const bad = await raw.POST(
      new Request('http://x/api/v1/features', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          asOfMonth: '2026-08',
          statements: [{ ...statements[0], creditLimit: 'lots' }],
        }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.details).toEqual([{ path: 'statements[0].creditLimit', message: expect.any(String) }]);
  });
});

describe('compute-features action', () => {
  it.each(['EXECUTIVE', 'MANAGER', 'ADMIN'] as Role[])(
    'refuses %s with 403 and computes nothing',
    async (role) => {
      signInAs(ids[role]);
      const before = (await pool().query(`select count(*)::int n from "FeatureRun"`)).rows[0].n;
      const f = new FormData();
      f.set('asOfMonth', '2024-01');
      expect(await computeFeatures(initialActionState, f)).toMatchObject({ ok: false, status: 403 });
      expect((await pool().query(`select count(*)::int n from "FeatureRun"`)).rows[0].n).toBe(before);
    },
  );

  it('lets a data scientist recompute a month', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const f = new FormData();
    f.set('asOfMonth', '2026-08');
    expect(await computeFeatures(initialActionState, f)).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^50 clientes calculados para 08\/2026 em \d+,\d s\.$/),
    });
  });
});
