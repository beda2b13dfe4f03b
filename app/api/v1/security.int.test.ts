// The API under bad input and cross-site use: cookie-authenticated writes from another origin are refused
// (API keys are not), JSON bodies must say they are JSON and stay under their size cap (refused while
// streaming, not after), ids that are not uuids and NUL characters are 400s naming the field, never 500s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { db } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { DEFAULT_JSON_MAX_BYTES } from '@/lib/api/respond';
import { MODEL_MAX_BYTES } from '@/lib/validations/models';
import * as me from '@/app/api/v1/me/route';
import * as users from '@/app/api/v1/users/route';
import * as features from '@/app/api/v1/features/route';
import * as oneClient from '@/app/api/v1/features/[externalId]/route';
import * as models from '@/app/api/v1/models/route';
import * as oneModel from '@/app/api/v1/models/[id]/route';
import * as download from '@/app/api/v1/models/[id]/download/route';
import * as promote from '@/app/api/v1/models/[id]/promote/route';
import * as training from '@/app/api/v1/training/route';
import * as oneJob from '@/app/api/v1/training/[id]/route';
import * as nextauth from '@/app/api/auth/[...nextauth]/route';
import { NextRequest } from 'next/server';

let t: TestDatabase;
let ids: Record<Role, string>;
let dsKey: string;
const none = { params: Promise.resolve({}) };
const DASHES = '-'.repeat(36);

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  dsKey = await createApiKeyFor('DATA_SCIENTIST');
});
afterAll(() => t.drop());

const newUser = (email: string, name = 'Cross Site') =>
  JSON.stringify({ name, email, role: 'ADMIN', password: 'long-enough-password' });

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    body,
    headers: { host: 'localhost', ...headers },
    duplex: 'half',
  } as RequestInit);
}

/** A body that records how much of it the server pulled. */
function countedStream(totalBytes: number, chunk = 64 * 1024) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (state.pulled >= totalBytes) return c.close();
      state.pulled += chunk;
      c.enqueue(new Uint8Array(chunk).fill(0x20));
    },
  });
  return { stream, state };
}

describe('cross-site requests with the session cookie', () => {
  it('refuses a text/plain POST from another origin that used to create an ADMIN', async () => {
    signInAs(ids.ADMIN);
    const before = await db.user.count();
    const res = await users.POST(
      post('/api/v1/users', newUser('csrf@evil.example'), {
        'content-type': 'text/plain',
        origin: 'https://evil.example',
      }),
      none,
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('FORBIDDEN');
    expect(await db.user.count()).toBe(before);
  });

  it('refuses another origin even with a JSON body, and a foreign Referer when Origin is absent', async () => {
    signInAs(ids.ADMIN);
    const json = { 'content-type': 'application/json' };
    for (const h of <Record<string, string>[]>[
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/x' },
    ]) {
      const res = await users.POST(
        post('/api/v1/users', newUser('csrf2@evil.example'), { ...json, ...h }),
        none,
      );
      expect(res.status, JSON.stringify(h)).toBe(403);
    }
    expect(await db.user.findUnique({ where: { email: 'csrf2@evil.example' } })).toBeNull();
  });

  it('checks the origin of raw-file uploads too', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const res = await models.POST(
      post('/api/v1/models?fileName=m.txt', 'tree\n', {
        'content-type': 'application/octet-stream',
        origin: 'https://evil.example',
      }),
      none,
    );
    expect(res.status).toBe(403);
  });

  it("accepts the app's own pages, and API keys from anywhere (no ambient credential)", async () => {
    signInAs(ids.ADMIN);
    const own = await users.POST(
      post('/api/v1/users', newUser('own@test.local'), {
        'content-type': 'application/json',
        origin: 'http://localhost',
      }),
      none,
    );
    expect(own.status).toBe(201);
    signInAs(null);
    // Managing users is not open to API keys at all (lib/auth/scopes.ts): a features call stands for them.
    const withKey = await features.POST(
      post('/api/v1/features', JSON.stringify({ asOfMonth: '2026-08', statements: [] }), {
        'content-type': 'application/json',
        origin: 'https://elsewhere.example',
        authorization: `Bearer ${dsKey}`,
      }),
      none,
    );
    expect(withKey.status).toBe(200);
  });
});

describe('JSON bodies', () => {
  it('must be declared as JSON (415), be UTF-8 JSON (400) and fit the cap (413)', async () => {
    signInAs(ids.ADMIN);
    const plain = await users.POST(
      post('/api/v1/users', newUser('x@test.local'), { 'content-type': 'text/plain' }),
      none,
    );
    expect(plain.status).toBe(415);
    expect((await plain.json()).error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    const latin1 = await users.POST(
      post('/api/v1/users', new Uint8Array([0x7b, 0xe9, 0x7d]), { 'content-type': 'application/json' }),
      none,
    );
    expect(latin1.status).toBe(400);
    expect((await latin1.json()).error.code).toBe('INVALID_JSON');
  });

  it('refuses a declared 50 MB body before reading any of it', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const { stream, state } = countedStream(50 * 1024 * 1024);
    const res = await features.POST(
      post('/api/v1/features', stream, {
        'content-type': 'application/json',
        'content-length': String(50 * 1024 * 1024),
      }),
      none,
    );
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(state.pulled).toBeLessThanOrEqual(128 * 1024);
  });

  it('stops reading an undeclared body as soon as it passes the cap', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const { stream, state } = countedStream(50 * 1024 * 1024);
    const res = await features.POST(
      post('/api/v1/features', stream, { 'content-type': 'application/json' }),
      none,
    );
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(DEFAULT_JSON_MAX_BYTES + 3 * 64 * 1024);
  });

  it('caps what anyone may post to the sign-in endpoints', async () => {
    const { stream, state } = countedStream(50 * 1024 * 1024);
    const req = new NextRequest('http://localhost/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: stream,
      duplex: 'half',
    } as ConstructorParameters<typeof NextRequest>[1]);
    const res = await nextauth.POST(req, {
      params: Promise.resolve({ nextauth: ['callback', 'credentials'] }),
    });
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(256 * 1024);
  });

  it('refuses a model file declared above MODEL_MAX_BYTES without reading it', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const { stream, state } = countedStream(MODEL_MAX_BYTES + 1);
    const res = await models.POST(
      post('/api/v1/models?fileName=big.txt', stream, {
        'content-type': 'application/octet-stream',
        'content-length': String(MODEL_MAX_BYTES + 1),
      }),
      none,
    );
    expect(res.status).toBe(413);
    expect(state.pulled).toBeLessThanOrEqual(128 * 1024);
  });
});

describe('bad input is a 4xx naming the field', () => {
  const get = (path: string) => new Request(`http://localhost${path}`);
  const idCtx = (id: string) => ({ params: Promise.resolve({ id }) });

  it('answers 400 for ids that only look like uuids', async () => {
    signInAs(ids.DATA_SCIENTIST);
    for (const res of [
      await oneModel.GET(get(`/api/v1/models/${DASHES}`), idCtx(DASHES)),
      await download.GET(get(`/api/v1/models/${DASHES}/download`), idCtx(DASHES)),
      await promote.POST(post(`/api/v1/models/${DASHES}/promote`, ''), idCtx(DASHES)),
      await oneJob.GET(get(`/api/v1/training/${DASHES}`), idCtx(DASHES)),
    ]) {
      expect(res.status).toBe(400);
      expect((await res.json()).error.details).toEqual([{ path: 'id', message: 'Identificador inválido.' }]);
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await oneModel.GET(get(`/api/v1/models/${unknown}`), idCtx(unknown))).status).toBe(404);
    expect((await oneJob.GET(get(`/api/v1/training/${unknown}`), idCtx(unknown))).status).toBe(404);
  });

  it('answers 400 for a limit that is not a small integer', async () => {
    signInAs(ids.DATA_SCIENTIST);
    for (const limit of ['1e20', 'Infinity', '-1', '2.5', '500']) {
      const res = await training.GET(get(`/api/v1/training?limit=${limit}`), none);
      expect(res.status, limit).toBe(400);
      expect((await res.json()).error.details[0].path).toBe('limit');
    }
    expect((await training.GET(get('/api/v1/training?limit=5'), none)).status).toBe(200);
  });

  it('answers 400 naming `name` for a NUL in a new user, and `externalId` for one in a client id', async () => {
    signInAs(ids.ADMIN);
    const res = await users.POST(
      post('/api/v1/users', newUser('nul@test.local', 'Nul\u0000Name'), {
        'content-type': 'application/json',
      }),
      none,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.map((d: { path: string }) => d.path)).toEqual(['name']);
    signInAs(ids.DATA_SCIENTIST);
    const nul = 'A\u0000B';
    const c = await oneClient.GET(get('/api/v1/features/x?asOfMonth=2026-01'), {
      params: Promise.resolve({ externalId: nul }),
    });
    expect(c.status).toBe(400);
    expect((await c.json()).error.details[0].path).toBe('externalId');
  });
});

describe('answers', () => {
  it('are never cached and carry the request id', async () => {
    signInAs(ids.MANAGER);
    const res = await me.GET(
      new Request('http://localhost/api/v1/me', { headers: { 'x-request-id': 'req-12345678' } }),
      none,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toBe('req-12345678');
  });
});
