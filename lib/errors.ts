// Errors users can be shown: a message key (in the `errors` namespace of lib/i18n/messages) with parameters,
// and the HTTP status it maps to. Domain code throws these; actions and route handlers translate them at the
// edge in the caller's locale, so no English (or Portuguese) text is baked into lib/.
export type ErrorParams = Record<string, string | number>;
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    /** Key under `errors.` in the catalogue: 'model.notFound' is errors.model.notFound. */
    readonly code: string,
    readonly params: ErrorParams = {},
    readonly status: ErrorStatus = 400,
    /** The form field the error belongs to, when there is one. */
    readonly field?: string,
  ) {
    super(`${code} ${JSON.stringify(params)}`);
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
