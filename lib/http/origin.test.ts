import { describe, expect, it } from 'vitest';
import { requestOrigin } from '@/lib/http/origin';

const policy = { appUrl: 'https://proativa.example.com.br', trustProxy: 0 };
const verdict = (h: Record<string, string>, p = policy) =>
  requestOrigin(new Headers(h), 'http://localhost:3000/api/v1/users', p);

describe('origin of an unsafe request', () => {
  it("accepts the app's public origin and the host the request was addressed to", () => {
    expect(verdict({ origin: 'https://proativa.example.com.br' })).toBe('same');
    expect(verdict({ origin: 'http://intranet:3000', host: 'intranet:3000' })).toBe('same');
  });

  it('refuses another site, a null or malformed Origin, and falls back to the Referer', () => {
    expect(verdict({ origin: 'https://evil.example', host: 'proativa.example.com.br' })).toBe('foreign');
    expect(verdict({ origin: 'null' })).toBe('foreign');
    expect(verdict({ origin: 'javascript:alert(1)' })).toBe('foreign');
    expect(verdict({ referer: 'https://evil.example/page' })).toBe('foreign');
    expect(verdict({ referer: 'https://proativa.example.com.br/settings' })).toBe('same');
    expect(verdict({})).toBe('absent');
  });

  it('trusts X-Forwarded-Host only behind a trusted proxy', () => {
    const h = { origin: 'https://evil.example', host: 'app:3000', 'x-forwarded-host': 'evil.example' };
    expect(verdict(h)).toBe('foreign');
    expect(verdict(h, { trustProxy: 1, appUrl: '' })).toBe('same');
  });
});
