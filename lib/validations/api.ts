// Shapes every /api/v1 answer shares, for the OpenAPI description (lib/api/openapi.ts): the error envelope
// lib/api/respond.ts builds, and the type helpers that tie a response schema to the value a handler returns.
import { z } from 'zod';

/** The codes lib/api/respond.ts's ApiErrorCode allows (lib/api/openapi.ts checks the two are the same). */
export const API_ERROR_CODES = [
  'INVALID_JSON',
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNPROCESSABLE',
  'RATE_LIMITED',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export const apiErrorCodeSchema = z.enum(API_ERROR_CODES).describe('Stable code for programs to branch on.');

/** One invalid field of a request: its path as the request writes it, and the reason in the caller's locale. */
export const fieldProblemSchema = z.object({
  path: z.string().describe('The field, e.g. "asOfMonth" or "history.statements[3].creditLimit".'),
  message: z.string().describe("Why it was refused, in the caller's language."),
});

export const apiErrorSchema = z
  .object({
    error: z.object({
      code: apiErrorCodeSchema,
      message: z.string().describe("What went wrong, in the caller's language (Accept-Language or cookie)."),
      details: z
        .union([z.array(fieldProblemSchema), z.record(z.string(), z.unknown())])
        .optional()
        .describe(
          'For invalid input, every problem found ({ path, message }); for other errors, the facts behind the ' +
            'message (e.g. { field, limitPerMinute, retryAfterSeconds, reason }).',
        ),
    }),
  })
  .meta({
    id: 'ApiError',
    description: 'Every error answer: a code, a translated message, never a stack trace.',
  });
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** What JSON.stringify makes of a value of type T: a Date becomes its ISO string, readonly arrays plain arrays. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** true only when A and B are the same type (each assignable to the other), for compile-time drift checks. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails the typecheck unless T is true: `type _x = Expect<Same<A, B>>`. */
export type Expect<T extends true> = T;
