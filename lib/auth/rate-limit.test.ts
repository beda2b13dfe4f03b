// The per-key token bucket: a burst up to the limit, then limit/60 per second, with the wait it announces.
import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('TokenBuckets', () => {
  it('lets a key burst up to its limit, then refuses with the seconds until the next request', () => {
    const c = clock();
    const b = new TokenBuckets(c.now);
    for (let i = 0; i < 60; i++) expect(b.take('k', 60)).toBe(0);
    // 60/min refills one token a second.
    expect(b.take('k', 60)).toBe(1);
    c.advance(999);
    expect(b.take('k', 60)).toBe(1);
    c.advance(1);
    expect(b.take('k', 60)).toBe(0);
    expect(b.take('k', 60)).toBe(1);
  });

  it('announces a longer wait for a slow limit, and keeps keys apart', () => {
    const c = clock();
    const b = new TokenBuckets(c.now);
    expect(b.take('slow', 2)).toBe(0);
    expect(b.take('slow', 2)).toBe(0);
    expect(b.take('slow', 2)).toBe(30);
    expect(b.take('other', 2)).toBe(0);
    c.advance(30_000);
    expect(b.take('slow', 2)).toBe(0);
  });

  it('never refills above the limit after a long pause', () => {
    const c = clock();
    const b = new TokenBuckets(c.now);
    b.take('k', 5);
    c.advance(60 * 60_000);
    let allowed = 0;
    while (b.take('k', 5) === 0) allowed++;
    expect(allowed).toBe(5);
  });
});
