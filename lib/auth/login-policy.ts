// Sign-in throttling rules (pure: shared by lib/auth/login.ts and its tests). Two kinds of counters: one per
// source address and one per account (by e-mail, whether or not such a user exists).
//
// Why two, and why the account counter mostly does not lock:
// - A single source guessing is stopped by its address counter: ADDRESS_RULE.limit attempts, then a lock
//   that doubles at each further failure. That lock hurts only that address.
// - Locking an *account* after a few failures would let anyone lock its owner out (and, for unknown e-mails
//   never locking, reveal which e-mails exist). So once an account has ACCOUNT_GUARD unforgiven failures it
//   is only "guarded": it still accepts attempts from clean addresses (at most CLEAN_ADDRESS_MAX attempts of
//   any kind recently), so its owner signing in from their usual machine gets in while an attacker's
//   address, already spent, is refused without its guess being checked.
// - Many addresses guessing one account (a botnet, or forged X-Forwarded-For when no trusted proxy strips
//   it) all look clean; ACCOUNT_RULE.limit bounds how many guesses the account takes in total before it is
//   locked for everyone, briefly. That is the one case where the owner waits: protecting the password wins
//   over availability once dozens of sources are guessing it, and the lock stays short (<= 15 min).
// Every attempt is counted *before* its password is checked (then forgiven on success), so parallel guesses
// cannot all slip through between a read and a write.

export interface ThrottleRule {
  /** The attempt that reaches this count is the last one checked before a lock. */
  limit: number;
  /** Counting restarts after this long without an attempt (measured from the end of any lock). */
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

export const ADDRESS_RULE: ThrottleRule = {
  limit: 10,
  windowMs: 15 * 60_000,
  baseLockMs: 60_000,
  maxLockMs: 60 * 60_000,
};

export const ACCOUNT_RULE: ThrottleRule = {
  limit: 50,
  windowMs: 15 * 60_000,
  baseLockMs: 60_000,
  maxLockMs: 15 * 60_000,
};

/** Unforgiven failures after which an account accepts attempts from clean addresses only. */
export const ACCOUNT_GUARD = 5;
/** An address is clean while its attempts in the window (this one included) are at most this many. */
export const CLEAN_ADDRESS_MAX = 3;

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date | null;
  lockedUntil: Date | null;
}

export const EMPTY_THROTTLE: ThrottleState = { failures: 0, lastFailureAt: null, lockedUntil: null };

/** Lock length once `failures` reaches the rule's limit: base, doubling per further failure, capped. */
export function lockDurationMs(failures: number, rule: ThrottleRule): number {
  if (failures < rule.limit) return 0;
  return Math.min(rule.maxLockMs, rule.baseLockMs * 2 ** Math.min(30, failures - rule.limit));
}

export interface Admission {
  /** False while a lock is in force: the attempt is refused without counting. */
  admitted: boolean;
  /** The state to store (unchanged when refused). */
  next: ThrottleState;
}

/**
 * Counts one attempt against a counter. The attempt that reaches the limit sets the lock at once (so attempts
 * racing it are refused) but is itself still checked; a success then lifts that lock again (forgive()).
 */
export function admit(state: ThrottleState, rule: ThrottleRule, now: Date): Admission {
  if (state.lockedUntil && state.lockedUntil > now) return { admitted: false, next: state };
  const lastActivity = Math.max(+(state.lastFailureAt ?? 0), +(state.lockedUntil ?? 0));
  const fresh = +now - lastActivity > rule.windowMs;
  const failures = (fresh ? 0 : state.failures) + 1;
  const lockMs = lockDurationMs(failures, rule);
  return {
    admitted: true,
    next: { failures, lastFailureAt: now, lockedUntil: lockMs > 0 ? new Date(+now + lockMs) : null },
  };
}

/**
 * Takes back one admitted attempt that turned out to be a success (or whose password was never checked),
 * lifting the lock that attempt itself set (`admitted` is what admit() stored for it).
 */
export function forgive(state: ThrottleState, admitted: ThrottleState): ThrottleState {
  const ownLock = !!state.lockedUntil && +state.lockedUntil === +(admitted.lockedUntil ?? NaN);
  return {
    ...state,
    failures: Math.max(0, state.failures - 1),
    lockedUntil: ownLock ? null : state.lockedUntil,
  };
}
