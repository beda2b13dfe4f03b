// Schemas every action, route handler and page parameter shares, so one kind of input is checked one way.
import { z } from 'zod';

/** Any 8-4-4-4-12 hex string PostgreSQL's uuid type accepts (lenient on version bits, strict on shape). */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuid = z.string().trim().regex(UUID_RE, 'invalidId');
/**
 * Guard for ids that reach a query outside a zod schema (page params, service entry points): a value that is not
 * a uuid is simply unknown, so callers answer "not found" without a database round trip (and without the
 * PostgreSQL "invalid input syntax for type uuid" error a cast would raise).
 */
export const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID_RE.test(id);
export const idInput = z.object({ id: uuid });

/** 'YYYY-MM' with a real month (01..12) in a plausible range. */
export const YEAR_MONTH_RE = /^(19|20|21)\d{2}-(0[1-9]|1[0-2])$/;
export const yearMonth = z.string().trim().regex(YEAR_MONTH_RE, 'invalidYearMonth');

export const MAX_PAGE = 1_000_000;
/** A 1-based page number in an API query: an integer 1..MAX_PAGE, else 400 (no 1e20, Infinity, -1, 2.5). */
export const pageQuery = z
  .string()
  .trim()
  .regex(/^\d{1,7}$/, 'invalidPage')
  .transform(Number)
  .pipe(z.number().int().min(1, 'invalidPage').max(MAX_PAGE, 'invalidPage'));

/** A page number from a page's search params: anything unusable is page 1, never an error page. */
export function pageParam(raw: unknown): number {
  const v = Array.isArray(raw) ? raw[0] : raw;
  const r = pageQuery.safeParse(typeof v === 'string' ? v : '');
  return r.success ? r.data : 1;
}

/** Free text a user types (names, notes, searches): no NUL or other C0 controls but tab/newline, bounded. */
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
export function text(max: number) {
  return z
    .string()
    .max(max, { error: 'tooLong' })
    .refine((s) => !CONTROL_RE.test(s), { error: 'controlCharacters' })
    .refine((s) => s.isWellFormed(), { error: 'invalidUnicode' });
}

/** Decodes a route segment; a malformed percent-encoding is null (a 404/400 for the caller), never a throw. */
export function decodeSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
