// The trainer's own seeded PRNG (mulberry32), so a training run is reproducible byte for byte and
// never depends on Math.random.

export class Rng {
  private state: number;

  /** stream separates independent sequences drawn from one user seed (bagging, feature sampling, ...). */
  constructor(seed: number, stream = 0) {
    // splitmix-style scramble so nearby seeds and streams give unrelated sequences.
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    s = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
    s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35) >>> 0;
    this.state = (s ^ (s >>> 16)) >>> 0;
  }

  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }
}

/** k distinct indices of [0, n) in ascending order (Knuth's selection sampling, one pass). */
export function sampleSorted(n: number, k: number, rng: Rng): Uint32Array {
  const out = new Uint32Array(Math.min(n, k));
  let needed = out.length;
  let j = 0;
  for (let i = 0; i < n && needed > 0; i++) {
    if (rng.nextFloat() * (n - i) < needed) {
      out[j++] = i;
      needed--;
    }
  }
  return out;
}
