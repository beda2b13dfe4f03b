// A malformed alert id is an unknown alert, answered before any query: the reads return null (the page answers
// 404; its layout and page render in parallel, so the page's own read must not reach PostgreSQL, whose uuid cast
// would log "invalid input syntax for type uuid"), the services answer 404, and the route handlers 400 naming
// `id` (the API's convention for malformed ids, as /api/v1/models and /api/v1/scoring/runs), never a 500.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import type { Actor } from '@/lib/auth/session';
import { getAlert } from '@/lib/data/alerts';
import { getAlertInsights } from '@/lib/data/alert-detail';
import { listAlerts, readAlert } from './queue';
import { assignAlert, claimAlert, transitionAlert } from './service';
import * as one from '@/app/api/v1/alerts/[id]/route';
import * as claim from '@/app/api/v1/alerts/[id]/claim/route';
import * as transition from '@/app/api/v1/alerts/[id]/transition/route';

let t: TestDatabase;
let ids: Record<Role, string>;
const BAD = [
  'not-a-uuid',
  '',
  "1' OR '1'='1",
  '00000000-0000-0000-0000-00000000000',
  `${'a'.repeat(8)}-zzzz-4000-8000-${'b'.repeat(12)}`,
];

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
});
afterAll(() => t.drop());

/** Runs fn with the pool's query and connect spied; returns how many times either was called. */
async function queriesDuring(fn: () => Promise<unknown>): Promise<number> {
  const p = pool();
  const q = vi.spyOn(p, 'query');
  const c = vi.spyOn(p, 'connect');
  try {
    await fn();
  } finally {
    q.mockRestore();
    c.mockRestore();
  }
  return q.mock.calls.length + c.mock.calls.length;
}

describe('malformed alert ids', () => {
  const manager = (): Actor =>
    ({
      kind: 'user',
      id: ids.MANAGER,
      name: 'Gerente',
      email: 'm@test.local',
      role: 'MANAGER',
      locale: 'pt-BR',
    }) as Actor;
  const who = () => ({ userId: ids.MANAGER, name: 'Gerente', role: 'MANAGER' as const, apiKeyId: null });
  const admin = () => ({ userId: ids.ADMIN, name: 'Admin', role: 'ADMIN' as const, apiKeyId: null });

  it('reads answer null without a query', async () => {
    for (const id of BAD) {
      const n = await queriesDuring(async () => {
        expect(await getAlert(id, manager())).toBeNull();
        expect(await readAlert(id, { userId: ids.MANAGER, role: 'MANAGER' })).toBeNull();
        expect(await getAlertInsights(id, manager(), 'pt-BR')).toBeNull();
      });
      expect(n).toBe(0);
    }
  });

  it('services answer 404 (assign: 422 for a malformed assignee) without a query', async () => {
    for (const id of BAD) {
      const n = await queriesDuring(async () => {
        await expect(claimAlert(id, who())).rejects.toMatchObject({ status: 404, code: 'alerts.notFound' });
        await expect(transitionAlert(id, who(), { to: 'CONTACTED' })).rejects.toMatchObject({ status: 404 });
        await expect(assignAlert(id, ids.MANAGER, admin())).rejects.toMatchObject({ status: 404 });
      });
      expect(n).toBe(0);
    }
    const good = '00000000-0000-4000-8000-000000000001';
    await expect(assignAlert(good, 'nobody', admin())).rejects.toMatchObject({
      status: 422,
      field: 'assigneeId',
    });
  });

  it('a malformed assignee filter matches nothing instead of failing the queue', async () => {
    const page = await listAlerts({ assignee: 'not-a-uuid' }, { userId: ids.ADMIN, role: 'ADMIN' });
    expect(page.total).toBe(0);
  });

  it('route handlers answer 400 naming id', async () => {
    const key = await createApiKeyFor('MANAGER');
    const headers = {
      host: 'localhost',
      authorization: `Bearer ${key}`,
      'x-proativa-acting-user': 'manager@test.local',
    };
    const ctx = { params: Promise.resolve({ id: 'not-a-uuid' }) };
    const get = await one.GET(new Request('http://localhost/api/v1/alerts/not-a-uuid', { headers }), ctx);
    const post = (path: string, body?: unknown) =>
      new Request(`http://localhost/api/v1/alerts/not-a-uuid${path}`, {
        method: 'POST',
        headers: { ...headers, origin: 'http://localhost', 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
    const c = await claim.POST(post('/claim'), ctx);
    const tr = await transition.POST(post('/transition', { to: 'CONTACTED' }), ctx);
    for (const res of [get, c, tr]) {
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain('id');
    }
  });
});
