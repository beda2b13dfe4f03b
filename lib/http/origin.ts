// Where an unsafe request (POST, PUT, PATCH, DELETE) comes from, for the CSRF check of cookie-authenticated
// route handlers (lib/api/respond.ts) and server actions (proxy.ts). Pure.
//
// The app's own origin is its public URL (NEXTAUTH_URL) or the host the request was addressed to (Host, or
// with TRUST_PROXY the proxy's X-Forwarded-Host: a browser cannot set either on a cross-site request).
// Origin is what browsers send on every cross-origin request and every POST; Referer is the fallback when a
// privacy setting drops Origin. A request with neither is not from a browser page, so it cannot be carrying
// a victim's cookie on an attacker's behalf: it is let through (scripts and Playwright's request fixture
// send no Origin). `Origin: null` (sandboxed frames, some redirects) is foreign.

export type OriginVerdict = 'same' | 'foreign' | 'absent';

export interface OriginPolicy {
  /** NEXTAUTH_URL, when set. */
  appUrl?: string;
  /** Reverse proxies trusted to set X-Forwarded-Host (lib/env.ts TRUST_PROXY). */
  trustProxy: number;
}

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function parse(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function requestOrigin(headers: Headers, requestUrl: string, policy: OriginPolicy): OriginVerdict {
  const claimed = headers.get('origin') ?? headers.get('referer');
  if (claimed === null || claimed === '') return 'absent';
  const from = parse(claimed);
  if (!from || (from.protocol !== 'http:' && from.protocol !== 'https:')) return 'foreign';
  const app = parse(policy.appUrl);
  if (app && app.origin === from.origin) return 'same';
  const hosts = new Set<string>();
  const host = headers.get('host');
  if (host) hosts.add(host.trim().toLowerCase());
  else {
    const own = parse(requestUrl);
    if (own) hosts.add(own.host);
  }
  if (policy.trustProxy > 0) {
    const forwarded = headers.get('x-forwarded-host')?.split(',')[0]?.trim().toLowerCase();
    if (forwarded) hosts.add(forwarded);
  }
  return hosts.has(from.host) ? 'same' : 'foreign';
}
