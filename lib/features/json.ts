// Feature vectors as JSON: { name: value }, with missing values (NaN) as null since JSON has no NaN.
import { FEATURE_NAMES } from '@/lib/features/fs-v1';

export function featuresToJson(values: ArrayLike<number>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (let i = 0; i < FEATURE_NAMES.length; i++) {
    const v = values[i]!;
    out[FEATURE_NAMES[i]!] = Number.isFinite(v) ? v : null;
  }
  return out;
}
