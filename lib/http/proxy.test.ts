// proxy.ts: what runs before every page and every body-less API request.
import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { config, proxy } from '@/proxy';

const SIGNED_IN = { cookie: 'next-auth.session-token=abc' };

function request(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new NextRequest(`http://localhost:3000${path}`, {
    method: init.method ?? 'GET',
    headers: { host: 'localhost:3000', ...init.headers },
    body: init.body,
  });
}

describe('proxy', () => {
  it('gives every page a nonce-based CSP, the same one Next.js is told to render with', async () => {
    const res = await proxy(request('/alerts', { headers: SIGNED_IN }));
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]+=*' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    // NextResponse.next({ request: { headers } }) forwards request headers as x-middleware-request-*.
    expect(res.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(res.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
    const other = await proxy(request('/alerts', { headers: SIGNED_IN }));
    expect(other.headers.get('content-security-policy')).not.toBe(csp);
  });

  it('sets one request id for the handler and the answer, keeping a sane caller id', async () => {
    const res = await proxy(
      request('/alerts', { headers: { ...SIGNED_IN, 'x-request-id': 'caller-123456' } }),
    );
    expect(res.headers.get('x-request-id')).toBe('caller-123456');
    expect(res.headers.get('x-middleware-request-x-request-id')).toBe('caller-123456');
    const api = await proxy(request('/api/v1/me'));
    expect(api.headers.get('x-middleware-request-x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('redirects signed-out browsers on pages only: never /login, never the API', async () => {
    const page = await proxy(request('/monitoring'));
    expect(page.status).toBe(307);
    expect(page.headers.get('location')).toBe('http://localhost:3000/login');
    expect((await proxy(request('/login'))).status).toBe(200);
    const api = await proxy(request('/api/v1/me'));
    expect(api.status).toBe(200);
    expect(api.headers.get('location')).toBeNull();
  });

  it('refuses a server action posted from another origin with a 403, not a 500', async () => {
    const res = await proxy(
      request('/settings', {
        method: 'POST',
        headers: {
          ...SIGNED_IN,
          'next-action': 'abc123',
          origin: 'https://evil.example',
          'content-type': 'text/plain',
        },
        body: '[]',
      }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('answers an unparseable action body with a 400 and an oversized one with a 413', async () => {
    const action = { ...SIGNED_IN, 'next-action': 'abc123', origin: 'http://localhost:3000' };
    const bad = await proxy(
      request('/settings', {
        method: 'POST',
        headers: { ...action, 'content-type': 'text/plain' },
        body: '{"0":',
      }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INVALID_INPUT');
    const badForm = await proxy(
      request('/settings', {
        method: 'POST',
        headers: { ...action, 'content-type': 'multipart/form-data; boundary=x' },
        body: 'not multipart at all',
      }),
    );
    expect(badForm.status).toBe(400);
    const big = await proxy(
      request('/settings', {
        method: 'POST',
        headers: { ...action, 'content-type': 'text/plain', 'content-length': String(2 * 1024 * 1024) },
        body: '[]',
      }),
    );
    expect(big.status).toBe(413);
    const good = await proxy(
      request('/settings', {
        method: 'POST',
        headers: { ...action, 'content-type': 'text/plain' },
        body: '["$K1"]',
      }),
    );
    expect(good.status).toBe(200);
  });

  it('answers a malformed %-encoding with a JSON 400 on the API and the not-found page elsewhere', async () => {
    const api = await proxy(request('/api/v1/features/%FF%FE'));
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    const page = await proxy(request('/clients/%FF', { headers: SIGNED_IN }));
    expect(page.headers.get('x-middleware-rewrite')).toBe('http://localhost:3000/_malformed-path');
  });

  it('never sees an API request with a body (Next.js would buffer and truncate it)', () => {
    const api = config.matcher[1] as { source: string; missing: { key: string }[] };
    expect(api.source).toBe('/api/:path*');
    expect(api.missing.map((m) => m.key).sort()).toEqual(['content-length', 'transfer-encoding']);
    const pages = new RegExp(`^${config.matcher[0] as string}$`);
    expect(pages.test('/api/v1/ingest/statements')).toBe(false);
    expect(pages.test('/_next/static/chunks/app.js')).toBe(false);
    expect(pages.test('/clients/ABC-1')).toBe(true);
    expect(pages.test('/login')).toBe(true);
  });
});
