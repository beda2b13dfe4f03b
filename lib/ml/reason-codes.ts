// Reason codes of one decision: the features that push the client's risk up the most, from its TreeSHAP
// contributions (log-odds). What the ledger stores as `reasonCodes` and what managers read on an alert.

export interface ReasonCode {
  feature: string;
  /** Log-odds the feature adds to the client's score (always > 0 here). */
  contribution: number;
  /** The feature's value for the client; null when missing or not finite (neither survives JSON). */
  value: number | null;
}

export const REASON_CODES = 3;

/**
 * The `k` features with the largest positive contributions, largest first; equal contributions are ordered
 * by feature name so the same client always reads the same reasons. Fewer than k when fewer push risk up.
 * `contributions` and `values` may be whole batches: the row starts at `offset`.
 */
export function topReasons(
  contributions: ArrayLike<number>,
  values: ArrayLike<number>,
  featureNames: readonly string[],
  k = REASON_CODES,
  offset = 0,
): ReasonCode[] {
  const n = featureNames.length;
  if (offset < 0 || offset + n > contributions.length || offset + n > values.length) {
    throw new RangeError(
      `row at ${offset} needs ${n} values; contributions have ${contributions.length}, values ${values.length}`,
    );
  }
  // A single pass keeping the best k: a batch of a million clients sorts nothing.
  const best: number[] = [];
  const before = (a: number, b: number) => {
    const ca = contributions[offset + a]!;
    const cb = contributions[offset + b]!;
    return ca > cb || (ca === cb && featureNames[a]! < featureNames[b]!);
  };
  for (let f = 0; f < n; f++) {
    // NaN fails `> 0` and never becomes a reason.
    if (!(contributions[offset + f]! > 0)) continue;
    if (best.length === k && !before(f, best[k - 1]!)) continue;
    let i = best.length < k ? best.length : k - 1;
    while (i > 0 && before(f, best[i - 1]!)) {
      best[i] = best[i - 1]!;
      i--;
    }
    best[i] = f;
  }
  return best.map((f) => {
    const v = values[offset + f]!;
    return {
      feature: featureNames[f]!,
      contribution: contributions[offset + f]!,
      value: Number.isFinite(v) ? v : null,
    };
  });
}
