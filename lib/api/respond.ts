// Typed JSON responses for /api/v1 route handlers: errors carry a code and a message, never a stack trace.
import 'server-only';
import { ZodError } from 'zod';
import { AuthError, authorize, type Actor } from '@/lib/auth/session';
import type { Permission } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { fieldErrorsOf } from '@/lib/validations/issues';
import { log, requestIdFrom, withLogContext } from '@/lib/log';

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

export async function readJson(
  request: Request,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await request.text();
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const reason = e instanceof Error ? e.message : 'unparseable';
    return {
      ok: false,
      response: apiError(400, 'INVALID_JSON', `The request body is not valid JSON: ${reason}`),
    };
  }
}

/**
 * Wraps a route handler: authorizes the permission (session cookie or API key), then runs it; maps auth errors
 * to 401/403, validation errors to 400, and anything unexpected to a 500 without internals.
 */
export function handler<C>(
  permission: Permission,
  fn: (request: Request, actor: Actor, context: C) => Promise<Response>,
): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    const requestId = requestIdFrom(request.headers);
    return withLogContext({ requestId }, async () => {
      let response: Response;
      try {
        const actor = await authorize(permission, request);
        response = await fn(request, actor, context);
      } catch (e) {
        response = errorResponse(e, request);
      }
      if (!response.headers.has('x-request-id')) {
        try {
          response.headers.set('x-request-id', requestId);
        } catch {
          // immutable headers (a proxied Response): the id is still on every log line
        }
      }
      return response;
    });
  };
}
