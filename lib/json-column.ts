// Reading a JSON column back: the stored value is parsed with its zod schema instead of cast, and a malformed
// value (hand-edited row, a writer's bug, an older shape) is logged with where it came from and replaced by the
// caller's safe fallback, so a display read degrades instead of failing or showing garbage.
import 'server-only';
import type { z } from 'zod';
import { log } from '@/lib/log';

export interface JsonColumnRef {
  /** e.g. 'ModelVersion.card' */
  column: string;
  /** Primary key of the row, for the log line. */
  id: string;
}

export function readJsonColumn<S extends z.ZodType, F = z.output<S>>(
  schema: S,
  value: unknown,
  ref: JsonColumnRef,
  fallback: () => F,
): z.output<S> | F {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  log.error(
    { column: ref.column, id: ref.id, issues: r.error.issues.slice(0, 5) },
    'stored JSON does not match its schema; using a safe fallback',
  );
  return fallback();
}

/** Like readJsonColumn for reads that must not go on with a fallback (a job's input): throws a clear error. */
export function requireJsonColumn<S extends z.ZodType>(
  schema: S,
  value: unknown,
  ref: JsonColumnRef,
): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw new Error(
    `${ref.column} of ${ref.id} is malformed: ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`,
  );
}
