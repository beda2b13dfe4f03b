// Typed JSON responses for /api/v1 route handlers: errors carry a code and a message, never a stack trace;
// bodies are read with a size cap; cookie-authenticated writes must come from the app's own origin.
import 'server-only';
import { ZodError } from 'zod';
import { AuthError, authorize, usesAuthorizationHeader, type Actor } from '@/lib/auth/session';
import type { Permission } from '@/lib/auth/roles';
import { RateLimitError } from '@/lib/auth/rate-limit';
import type { Scope } from '@/lib/auth/scopes';
import { env } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { UNSAFE_METHODS, requestOrigin } from '@/lib/http/origin';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey, type Params } from '@/lib/i18n/translate';
import { fieldErrorsOf } from '@/lib/validations/issues';
import { log, requestIdFrom, withLogContext } from '@/lib/log';
import { observeApiRequest } from '@/lib/observability/http';

export type ApiErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNPROCESSABLE'
  | 'RATE_LIMITED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAVAILABLE'
  | 'INTERNAL';

const CODE_OF_STATUS: Record<number, ApiErrorCode> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** Maps any error a handler may throw to its JSON response, translated in the request's locale. */
export function errorResponse(e: unknown, request: Request): Response {
  const locale = localeOfRequest(request);
  if (e instanceof RateLimitError) {
    const res = apiError(
      429,
      'RATE_LIMITED',
      translateKey(locale, 'errors.auth.rateLimited', {
        limit: e.limitPerMinute,
        seconds: e.retryAfterSeconds,
      }),
      { limitPerMinute: e.limitPerMinute, retryAfterSeconds: e.retryAfterSeconds },
    );
    res.headers.set('retry-after', String(e.retryAfterSeconds));
    return res;
  }
  if (e instanceof AuthError) {
    return apiError(
      e.status,
      e.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN',
      translateKey(locale, e.key, e.params),
    );
  }
  if (isAppError(e)) {
    return apiError(
      e.status,
      CODE_OF_STATUS[e.status] ?? 'INVALID_INPUT',
      translateKey(locale, `errors.${e.code}`, e.params),
      e.field ? { field: e.field, ...e.params } : Object.keys(e.params).length ? e.params : undefined,
    );
  }
  if (e instanceof ZodError) {
    const fields = fieldErrorsOf(e, locale);
    return apiError(
      400,
      'INVALID_INPUT',
      translateKey(locale, 'validation.checkFields'),
      Object.entries(fields).flatMap(([path, messages]) => messages.map((message) => ({ path, message }))),
    );
  }
  log.error({ err: e, url: request.url, method: request.method }, 'unexpected error in route handler');
  return apiError(500, 'INTERNAL', translateKey(locale, 'errors.unexpected'));
}

export function apiError(status: number, code: ApiErrorCode, message: string, details?: unknown): Response {
  return Response.json(
    { error: { code, message, ...(details === undefined ? {} : { details }) } },
    { status },
  );
}

/** Largest JSON body a route reads unless it says otherwise (readJson's maxBytes). */
export const DEFAULT_JSON_MAX_BYTES = 1024 * 1024;

function declaredLength(request: Request): number | null {
  const v = request.headers.get('content-length')?.trim();
  return v && /^\d{1,15}$/.test(v) ? Number(v) : null;
}

/**
 * Reads a request body into memory, never more than maxBytes of it: a declared Content-Length above the cap
 * is refused before reading, and a body that turns out longer is cut off (the stream cancelled) as soon as
 * it passes the cap. With a Content-Length the bytes land in one buffer of that size, without copies.
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<Uint8Array | 'too-large'> {
  const declared = declaredLength(request);
  if (declared !== null && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return 'too-large';
  }
  if (!request.body) return new Uint8Array(0);
  let buf = new Uint8Array(declared ?? Math.min(64 * 1024, maxBytes));
  let length = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (length + value.byteLength > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return 'too-large';
    }
    if (length + value.byteLength > buf.byteLength) {
      const grown = new Uint8Array(
        Math.min(maxBytes, Math.max(length + value.byteLength, buf.byteLength * 2)),
      );
      grown.set(buf.subarray(0, length));
      buf = grown;
    }
    buf.set(value, length);
    length += value.byteLength;
  }
  // A short body in a large buffer would keep the whole buffer alive.
  return length * 4 < buf.byteLength * 3 ? buf.slice(0, length) : buf.subarray(0, length);
}

/** application/json, or a structured JSON type (application/problem+json), any parameters. */
function isJsonContentType(header: string | null): boolean {
  const mime = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return mime === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(mime);
}

/**
 * The request's JSON body, or the error response to send: 415 unless the body is declared as JSON (a form or
 * text/plain body is what a cross-site page can post without asking), 413 above maxBytes, 400 when it is not
 * UTF-8 JSON.
 */
export async function readJson(
  request: Request,
  opts: { maxBytes?: number } = {},
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const locale = localeOfRequest(request);
  const fail = (status: number, code: ApiErrorCode, key: string, params?: Params, details?: unknown) => ({
    ok: false as const,
    response: apiError(status, code, translateKey(locale, key, params), details),
  });
  const type = request.headers.get('content-type');
  if (!isJsonContentType(type)) {
    await request.body?.cancel().catch(() => undefined);
    return fail(415, 'UNSUPPORTED_MEDIA_TYPE', 'api.body.notJson', { type: type ?? '—' });
  }
  const maxBytes = opts.maxBytes ?? DEFAULT_JSON_MAX_BYTES;
  const bytes = await readBodyCapped(request, maxBytes);
  if (bytes === 'too-large') return fail(413, 'PAYLOAD_TOO_LARGE', 'api.body.tooLarge', { limit: maxBytes });
  if (bytes.length === 0) return fail(400, 'INVALID_JSON', 'api.body.empty');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(400, 'INVALID_JSON', 'api.body.notUtf8');
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    // The parser's own words (position of the error) for the developer; the message is translated.
    return fail(400, 'INVALID_JSON', 'api.body.invalidJson', undefined, {
      reason: e instanceof Error ? e.message : 'unparseable',
    });
  }
}

/**
 * The CSRF check, for every handler in one place. SameSite=Lax keeps the session cookie off cross-site
 * subrequests but not off every cross-site POST (top-level form posts, same-site sibling hosts), so a
 * cookie-authenticated unsafe request must also come from the app's own pages (lib/http/origin.ts). Requests
 * with an Authorization header (API keys) carry no ambient credential and are not checked.
 */
function refuseForeignOrigin(request: Request): void {
  if (!UNSAFE_METHODS.has(request.method.toUpperCase()) || usesAuthorizationHeader(request)) return;
  const e = env();
  const verdict = requestOrigin(request.headers, request.url, {
    appUrl: e.NEXTAUTH_URL,
    trustProxy: e.TRUST_PROXY,
  });
  if (verdict === 'foreign') {
    log.warn(
      { origin: request.headers.get('origin'), referer: request.headers.get('referer'), url: request.url },
      'cross-origin request refused',
    );
    throw new AuthError(403, 'errors.auth.foreignOrigin');
  }
}

/**
 * Wraps a route handler: refuses cross-site cookie requests (403), authorizes the permission (session cookie
 * or API key), then runs it; maps auth errors to 401/403, a key over its rate limit to 429 with Retry-After,
 * validation errors to 400, and anything unexpected to a 500 without internals. Every answer gets
 * X-Request-Id and, unless the handler chose, no-store. An API key also needs the permission's scope
 * (lib/auth/scopes.ts); `opts.scope` overrides it for a route that needs another. `opts.credential` lets a
 * route accept one more credential of its own (the metrics bearer token), checked before the session and keys.
 * Every answer's latency lands in the request histogram (lib/observability/http.ts), without waiting on it.
 */
export function handler<C>(
  permission: Permission,
  fn: (request: Request, actor: Actor, context: C) => Promise<Response>,
  opts: { scope?: Scope | null; credential?: (request: Request) => Actor | null } = {},
): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    const started = performance.now();
    const requestId = requestIdFrom(request.headers);
    return withLogContext({ requestId }, async () => {
      let response: Response;
      try {
        refuseForeignOrigin(request);
        const actor = opts.credential?.(request) ?? (await authorize(permission, request, opts));
        response = await fn(request, actor, context);
      } catch (e) {
        response = errorResponse(e, request);
      }
      try {
        if (!response.headers.has('x-request-id')) response.headers.set('x-request-id', requestId);
        // Answers carry the caller's data: no shared cache, no browser back/forward copy.
        if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
      } catch {
        // immutable headers (a proxied Response): the id is still on every log line
      }
      observeApiRequest(request, context, response.status, started);
      return response;
    });
  };
}
