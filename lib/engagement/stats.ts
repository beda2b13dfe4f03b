// Proportions with 95% intervals. Single proportion: Wilson score interval. Difference of two independent
// proportions: Newcombe's hybrid score interval (method 10 in Newcombe 1998), built from the two Wilson intervals.
// Both behave well with small counts and rates near 0, which is where conversion rates live.

export const Z95 = 1.959963984540054;

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export function wilson(successes: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** p1 - p2 with Newcombe's hybrid score 95% interval. */
export function newcombeDifference(x1: number, n1: number, x2: number, n2: number, z = Z95): Interval | null {
  const a = wilson(x1, n1, z);
  const b = wilson(x2, n2, z);
  if (!a || !b) return null;
  const d = a.estimate - b.estimate;
  const low = d - Math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2);
  const high = d + Math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2);
  return { estimate: d, low, high };
}

/**
 * Uplift of a treatment vs the holdout on an adverse outcome (default): holdout rate minus treated rate, so a
 * positive uplift means fewer defaults among the treated. Newcombe hybrid score 95% CI of that difference.
 * null when either group has no observation.
 */
export function upliftVsHoldout(
  holdoutEvents: number,
  holdoutN: number,
  treatedEvents: number,
  treatedN: number,
  z = Z95,
): Interval | null {
  return newcombeDifference(holdoutEvents, holdoutN, treatedEvents, treatedN, z);
}

/** Why a variant has no uplift vs the holdout yet. */
export type UpliftReason = 'noSends' | 'noHoldout' | 'holdoutNotMatured' | 'variantNotMatured';

/** The first missing piece for a variant's uplift, or null when it can be computed. */
export function upliftReasonOf(
  v: { sends: number; matured: number },
  h: { decisions: number; matured: number },
): UpliftReason | null {
  if (v.sends === 0) return 'noSends';
  if (h.decisions === 0) return 'noHoldout';
  if (h.matured === 0) return 'holdoutNotMatured';
  if (v.matured === 0) return 'variantNotMatured';
  return null;
}
