// Credential checks with sign-in throttling (the rules, and why, are in lib/auth/login-policy.ts). Every
// attempt is counted per source address and per account under a row lock *before* its password is checked,
// so parallel guesses cannot slip between a read and a write; and every refusal looks the same from outside:
// one code (INVALID) for a wrong password, an unknown e-mail or a throttled attempt, each after exactly one
// scrypt, so neither the answer nor its timing tells which e-mails exist or which are being throttled.
import 'server-only';
import crypto from 'node:crypto';
import type pg from 'pg';
import { db, pool } from '@/lib/db';
import { burnPasswordCheck, verifyPassword } from '@/lib/auth/password';
import { isRole, type Role } from '@/lib/auth/roles';
import { UNKNOWN_ADDRESS } from '@/lib/auth/client-address';
import {
  ACCOUNT_GUARD,
  ACCOUNT_RULE,
  ADDRESS_RULE,
  CLEAN_ADDRESS_MAX,
  admit,
  forgive,
  type Admission,
  type ThrottleRule,
  type ThrottleState,
} from '@/lib/auth/login-policy';
import { log } from '@/lib/log';

export type LoginResult =
  | {
      ok: true;
      user: { id: string; email: string; name: string; role: Role; locale: string; tokenVersion: number };
    }
  /** DISABLED only after the right password: it tells nothing to someone who does not know it. */
  | { ok: false; code: 'INVALID' | 'DISABLED' };

export interface LoginContext {
  /** The caller's address from clientAddress(); attempts without one share a single counter. */
  address?: string;
  now?: Date;
}

/** RFC 5321's limit: anything longer cannot be a user, and is not looked up. */
const MAX_EMAIL_LENGTH = 320;
/** Counters idle for this long are deleted (at the next successful sign-in). */
const FORGET_AFTER_MS = 24 * 60 * 60_000;

const INVALID = { ok: false, code: 'INVALID' } as const;

export async function checkCredentials(
  emailRaw: string,
  password: string,
  ctx: LoginContext = {},
): Promise<LoginResult> {
  const now = ctx.now ?? new Date();
  const email = emailRaw.trim().toLowerCase();
  const user = email.length <= MAX_EMAIL_LENGTH ? await db.user.findUnique({ where: { email } }) : null;
  const addressKey = `address:${ctx.address ?? UNKNOWN_ADDRESS}`;
  // Hashed: the table holds whatever strangers type, and it should not become a list of e-mails.
  const accountKey = `account:${crypto.createHash('sha256').update(email).digest('hex')}`;

  const refused = async (reason: string): Promise<LoginResult> => {
    await burnPasswordCheck(password);
    log.warn({ reason, address: ctx.address ?? UNKNOWN_ADDRESS, email }, 'sign-in throttled');
    return INVALID;
  };

  const byAddress = await count(addressKey, ADDRESS_RULE, now);
  if (!byAddress.admitted) return refused('address locked');
  const byAccount = await count(accountKey, ACCOUNT_RULE, now);
  if (!byAccount.admitted) return refused('account locked');
  if (byAccount.next.failures > ACCOUNT_GUARD && byAddress.next.failures > CLEAN_ADDRESS_MAX) {
    // Not checked, so not counted against the account: only guesses actually tried move it to its lock.
    await uncount(accountKey, byAccount.next);
    return refused('account guarded, address not clean');
  }

  if (!user) {
    await burnPasswordCheck(password);
    return INVALID;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return INVALID;
  if (!user.active) return { ok: false, code: 'DISABLED' };
  if (!isRole(user.role)) return INVALID;

  // The owner proved the password: their account's counter starts over, and this attempt no longer counts
  // against the address (an office behind one NAT signs in all morning).
  await uncount(addressKey, byAddress.next);
  await pool().query(`DELETE FROM "LoginThrottle" WHERE "key" = $1`, [accountKey]);
  await pool().query(
    `DELETE FROM "LoginThrottle" WHERE "lastFailureAt" < $1 AND ("lockedUntil" IS NULL OR "lockedUntil" < $1)`,
    [new Date(+now - FORGET_AFTER_MS)],
  );
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      locale: user.locale,
      tokenVersion: user.tokenVersion,
    },
  };
}

async function locked<T>(
  key: string,
  now: Date,
  fn: (state: ThrottleState, c: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const c = await pool().connect();
  try {
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO "LoginThrottle" ("key", "failures", "lastFailureAt") VALUES ($1, 0, $2)
       ON CONFLICT ("key") DO NOTHING`,
      [key, now],
    );
    const { rows } = await c.query<ThrottleState>(
      `SELECT "failures", "lastFailureAt", "lockedUntil" FROM "LoginThrottle" WHERE "key" = $1 FOR UPDATE`,
      [key],
    );
    const out = await fn(rows[0]!, c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

function store(c: pg.PoolClient, key: string, s: ThrottleState) {
  return c.query(
    `UPDATE "LoginThrottle" SET "failures" = $2, "lastFailureAt" = $3, "lockedUntil" = $4 WHERE "key" = $1`,
    [key, s.failures, s.lastFailureAt ?? new Date(), s.lockedUntil],
  );
}

/** Counts one attempt under the row's lock: concurrent attempts on one key queue here, one at a time. */
function count(key: string, rule: ThrottleRule, now: Date): Promise<Admission> {
  return locked(key, now, async (state, c) => {
    const a = admit(state, rule, now);
    if (a.admitted) await store(c, key, a.next);
    return a;
  });
}

/** Takes back an attempt count() admitted (and the lock it may have set). */
function uncount(key: string, admitted: ThrottleState): Promise<void> {
  return locked(key, admitted.lastFailureAt ?? new Date(), async (state, c) => {
    await store(c, key, forgive(state, admitted));
  });
}
