// The id that ties one request's log lines together (pure, so proxy.ts can set it before any handler runs).
const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{8,128}$/;

/** The caller's X-Request-Id when it is sane, else a fresh one. */
export function requestIdFrom(headers: Headers | null | undefined): string {
  const given = headers?.get('x-request-id');
  return given && REQUEST_ID_RE.test(given) ? given : crypto.randomUUID();
}
