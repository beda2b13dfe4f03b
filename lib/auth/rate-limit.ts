// Per-key request rate limits: a token bucket per API key, per process. The bucket holds a minute's worth of
// requests (rateLimitPerMinute) and refills continuously, so a key may burst up to its limit and then goes at
// limit/60 requests a second. Being per process, N web processes behind a balancer let a key through up to N
// times its limit; a shared limit would need a counter in the database or Redis, which would put a write on
// every request — what this design exists to avoid.

/** A request over its key's limit: answered 429 with Retry-After (seconds). */
export class RateLimitError extends Error {
  override name = 'RateLimitError';
  constructor(
    readonly limitPerMinute: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`rate limited: ${limitPerMinute}/min, retry after ${retryAfterSeconds} s`);
  }
}

interface Bucket {
  tokens: number;
  at: number;
  limit: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    /** Buckets idle this long are full again and can be forgotten (keeps the map to the keys in use). */
    private readonly forgetAfterMs = 10 * 60_000,
  ) {}

  /**
   * Takes one token from the key's bucket; returns 0 when allowed, else the seconds until a token is back.
   * A changed limit (the key was edited) applies from the next request, keeping the tokens already earned.
   */
  take(key: string, limitPerMinute: number): number {
    const now = this.now();
    const perMs = limitPerMinute / 60_000;
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: limitPerMinute, at: now, limit: limitPerMinute };
      this.buckets.set(key, b);
      if (this.buckets.size % 1024 === 0) this.sweep(now);
    } else {
      b.tokens = Math.min(limitPerMinute, b.tokens + (now - b.at) * perMs);
      b.at = now;
      b.limit = limitPerMinute;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
  }

  private sweep(now: number): void {
    for (const [k, b] of this.buckets) if (now - b.at > this.forgetAfterMs) this.buckets.delete(k);
  }

  clear(): void {
    this.buckets.clear();
  }
}
