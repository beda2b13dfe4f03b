import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_RULE,
  ADDRESS_RULE,
  EMPTY_THROTTLE,
  admit,
  forgive,
  lockDurationMs,
  type ThrottleState,
} from '@/lib/auth/login-policy';

const T0 = new Date('2026-11-26T12:00:00Z');
const at = (ms: number) => new Date(+T0 + ms);

/** Runs n attempts at time t through admit(), as the database would store them. */
function attempts(n: number, state: ThrottleState = EMPTY_THROTTLE, t = T0) {
  const results: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const a = admit(state, ADDRESS_RULE, t);
    results.push(a.admitted);
    state = a.next;
  }
  return { state, results };
}

describe('sign-in throttling policy', () => {
  it('checks exactly `limit` attempts, then refuses the rest while locked', () => {
    const { state, results } = attempts(36);
    expect(results.filter(Boolean)).toHaveLength(ADDRESS_RULE.limit);
    expect(state.failures).toBe(ADDRESS_RULE.limit);
    expect(state.lockedUntil).toEqual(at(ADDRESS_RULE.baseLockMs));
  });

  it('after a lock, allows one attempt and doubles the lock if it fails too, capped', () => {
    let { state } = attempts(ADDRESS_RULE.limit);
    const after = admit(state, ADDRESS_RULE, at(ADDRESS_RULE.baseLockMs + 1));
    expect(after.admitted).toBe(true);
    expect(+after.next.lockedUntil! - +at(ADDRESS_RULE.baseLockMs + 1)).toBe(2 * ADDRESS_RULE.baseLockMs);
    expect(lockDurationMs(ADDRESS_RULE.limit + 40, ADDRESS_RULE)).toBe(ADDRESS_RULE.maxLockMs);
    expect(lockDurationMs(ACCOUNT_RULE.limit + 40, ACCOUNT_RULE)).toBe(ACCOUNT_RULE.maxLockMs);
    state = after.next;
    expect(admit(state, ADDRESS_RULE, at(ADDRESS_RULE.baseLockMs + 2)).admitted).toBe(false);
  });

  it('starts counting over after a quiet window measured from the end of the lock', () => {
    const { state } = attempts(ADDRESS_RULE.limit);
    const lockEnd = +state.lockedUntil! - +T0;
    expect(admit(state, ADDRESS_RULE, at(lockEnd + ADDRESS_RULE.windowMs - 1)).next.failures).toBe(
      ADDRESS_RULE.limit + 1,
    );
    expect(admit(state, ADDRESS_RULE, at(lockEnd + ADDRESS_RULE.windowMs + 1)).next).toEqual({
      failures: 1,
      lastFailureAt: at(lockEnd + ADDRESS_RULE.windowMs + 1),
      lockedUntil: null,
    });
  });

  it('forgives a successful attempt and lifts the lock that attempt set, not one set by others', () => {
    const { state: nine } = attempts(ADDRESS_RULE.limit - 1);
    const tenth = admit(nine, ADDRESS_RULE, T0);
    expect(tenth.next.lockedUntil).not.toBeNull();
    expect(forgive(tenth.next, tenth.next)).toMatchObject({
      failures: ADDRESS_RULE.limit - 1,
      lockedUntil: null,
    });
    const other = { ...tenth.next, lockedUntil: at(999_999) };
    expect(forgive(other, tenth.next).lockedUntil).toEqual(at(999_999));
  });
});
