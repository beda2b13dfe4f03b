// In front of every page (and of API requests without a body): gives the request its id and its page's
// Content-Security-Policy nonce, answers what Next.js itself would answer with a 500 (a server-action post
// from a foreign origin, an unparseable action body, a malformed %-encoding in the path) with a 4xx, and
// redirects signed-out browsers to /login. Not an authorization layer: every page, action and route handler
// checks permission again through lib/auth/session.ts.
//
// API requests *with* a body never come here (see the matcher): Next.js copies the body of every request a
// proxy sees into memory, up to experimental.proxyClientMaxBodySize (10 MB), before the route runs, and
// silently truncates it beyond that, which would break streamed ingestion and model uploads and defeat
// their size caps. Route handlers do their own CSRF and size checks (lib/api/respond.ts).
import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { UNSAFE_METHODS, requestOrigin } from '@/lib/http/origin';
import { requestIdFrom } from '@/lib/http/request-id';
import { newNonce, pageCsp } from '@/lib/http/security-headers';
import { LOCALE_COOKIE, isLocale, localeFromAcceptLanguage, type Locale } from '@/lib/i18n/locales';
import apiPt from '@/lib/i18n/messages/pt-BR/api.json';
import apiEn from '@/lib/i18n/messages/en/api.json';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];
/** Pages a signed-out browser may open. */
const PUBLIC_PAGES = new Set(['/login']);
/** Next.js's default serverActions.bodySizeLimit (1 MB): above it Next answers a fetch action with a 500. */
export const ACTION_MAX_BYTES = 1024 * 1024;

type ProxyMessage = keyof typeof apiPt.request;

function localeOf(request: NextRequest): Locale {
  const fromCookie = request.cookies.get(LOCALE_COOKIE)?.value;
  return isLocale(fromCookie) ? fromCookie : localeFromAcceptLanguage(request.headers.get('accept-language'));
}

function refuse(request: NextRequest, status: number, code: string, key: ProxyMessage, requestId: string) {
  const messages = localeOf(request) === 'en' ? apiEn.request : apiPt.request;
  return NextResponse.json(
    { error: { code, message: messages[key] } },
    { status, headers: { 'x-request-id': requestId, 'cache-control': 'no-store' } },
  );
}

/** A path Next.js could not decode (it would fail with a 500 while matching the route). */
export function malformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/**
 * Whether a server-action body cannot even be parsed: a fetch action's body is multipart form data or the
 * JSON text of React's encodeReply; Next.js fails on anything else with a 500. Only the parse is checked
 * here (a well-formed body with a wrong React payload still reaches Next's own handling).
 */
export async function malformedActionBody(request: Request): Promise<boolean> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  try {
    if (type.startsWith('multipart/form-data')) await request.formData();
    else if (!type.startsWith('application/x-www-form-urlencoded')) JSON.parse(await request.text());
    return false;
  } catch {
    return true;
  }
}

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const isApi = pathname === '/api' || pathname.startsWith('/api/');
  const requestId = requestIdFrom(request.headers);
  const forward = new Headers(request.headers);
  forward.set('x-request-id', requestId);

  if (isApi) {
    if (malformedPath(pathname)) return refuse(request, 400, 'INVALID_INPUT', 'malformedPath', requestId);
    return NextResponse.next({ request: { headers: forward } });
  }

  const e = env();
  if (UNSAFE_METHODS.has(request.method)) {
    const origin = requestOrigin(request.headers, request.url, {
      appUrl: e.NEXTAUTH_URL,
      trustProxy: e.TRUST_PROXY,
    });
    if (origin === 'foreign') return refuse(request, 403, 'FORBIDDEN', 'actionForeignOrigin', requestId);
    if (request.headers.has('next-action')) {
      const declared = Number(request.headers.get('content-length') ?? 0);
      if (declared > ACTION_MAX_BYTES) {
        return refuse(request, 413, 'PAYLOAD_TOO_LARGE', 'actionTooLarge', requestId);
      }
      if (await malformedActionBody(request)) {
        return refuse(request, 400, 'INVALID_INPUT', 'actionMalformed', requestId);
      }
    }
  }

  const nonce = newNonce();
  const https = request.nextUrl.protocol === 'https:' || !!e.NEXTAUTH_URL?.startsWith('https:');
  const csp = pageCsp(nonce, { dev: e.NODE_ENV === 'development', https });
  // Next.js takes the nonce from the request's CSP header and puts it on every script it renders.
  forward.set('content-security-policy', csp);
  forward.set('x-nonce', nonce);

  let response: NextResponse;
  if (malformedPath(pathname)) {
    // No route can match a path that does not decode: the app's own not-found page, with a 404.
    response = NextResponse.rewrite(new URL('/_malformed-path', request.url), {
      request: { headers: forward },
    });
  } else if (!PUBLIC_PAGES.has(pathname) && !SESSION_COOKIES.some((c) => request.cookies.has(c))) {
    const url = request.nextUrl.clone();
    url.pathname = '/login';
    url.search = '';
    response = NextResponse.redirect(url);
  } else {
    response = NextResponse.next({ request: { headers: forward } });
  }
  response.headers.set('content-security-policy', csp);
  response.headers.set('x-request-id', requestId);
  return response;
}

export const config = {
  matcher: [
    // Pages and their server actions: everything but the API, Next's own files and static assets.
    '/((?!api/|api$|_next/|__nextjs|.*\\.(?:png|svg|ico|css|js|map|txt|webmanifest|woff2?)$).*)',
    // API requests without a body only (why: top of this file).
    {
      source: '/api/:path*',
      missing: [
        { type: 'header', key: 'content-length' },
        { type: 'header', key: 'transfer-encoding' },
      ],
    },
  ],
};
