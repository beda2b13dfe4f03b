// Typed JSON responses for /api/v1 route handlers: errors carry a code and a message, never a stack trace.
import 'server-only';
import { ZodError } from 'zod';
import { AuthError, authorize, type Actor } from '@/lib/auth/session';
import type { Permission } from '@/lib/auth/roles';

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
  | 'INTERNAL';

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
    try {
      const actor = await authorize(permission, request);
      return await fn(request, actor, context);
    } catch (e) {
      if (e instanceof AuthError)
        return apiError(e.status, e.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', e.message);
      if (e instanceof ZodError) {
        return apiError(
          400,
          'INVALID_INPUT',
          'Invalid input.',
          e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      }
      console.error('[api] unexpected error:', e);
      return apiError(500, 'INTERNAL', 'Unexpected server error. It has been logged.');
    }
  };
}
