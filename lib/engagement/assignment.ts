// Deterministic variant assignment: SHA-256 of "externalId:salt", first 8 bytes as a fraction of 2^64, mapped
// onto the cumulative weights. Same client + same experiment = same variant, always.
import { createHash } from 'node:crypto';

export interface WeightedVariant {
  key: string;
  weight: number;
}

/** A number in [0, 1) derived from the client and the experiment's salt. */
export function assignmentPoint(externalId: string, salt: string): number {
  const digest = createHash('sha256').update(`${externalId}:${salt}`).digest();
  const hi = digest.readUInt32BE(0);
  const lo = digest.readUInt32BE(4);
  return (hi * 2 ** 32 + lo) / 2 ** 64;
}

export function assignVariant<V extends WeightedVariant>(externalId: string, salt: string, variants: V[]): V {
  const usable = variants.filter((v) => v.weight > 0);
  if (usable.length === 0) throw new Error('experiment has no variant with a positive weight');
  const total = usable.reduce((s, v) => s + v.weight, 0);
  const point = assignmentPoint(externalId, salt) * total;
  let acc = 0;
  for (const v of usable) {
    acc += v.weight;
    if (point < acc) return v;
  }
  return usable[usable.length - 1]!;
}
