// Verifying API keys without a database write on the hot path: a verified key (by prefix and secret hash) is
// kept in memory for a short TTL (30 s), so a revoked key stops working within 30 s in every process (at once
// in the process that revoked it); lastUsedAt is written at most once a minute per key, in the background;
// and each key's rate limit is a token bucket in this process (lib/auth/rate-limit.ts).
import 'server-only';
import crypto from 'node:crypto';
import { pool } from '@/lib/db';
import { hashApiSecret } from '@/lib/auth/api-key-format';
import { RateLimitError, TokenBuckets } from '@/lib/auth/rate-limit';
import { isRole, type Role } from '@/lib/auth/roles';
import { storedScopes, type Scope } from '@/lib/auth/scopes';
import { log } from '@/lib/log';

export interface VerifiedKey {
  id: string;
  name: string;
  role: Role;
  scopes: Scope[];
  rateLimitPerMinute: number;
}

interface Entry {
  key: Promise<VerifiedKey | null>;
  expiresAt: number;
}

const DEFAULT_TTL_MS = 30_000;
const LAST_USED_EVERY_MS = 60_000;

interface State {
  ttlMs: number;
  verified: Map<string, Entry>;
  /** When this process last wrote (or read a recent) lastUsedAt per key id: epoch ms. */
  lastUsed: Map<string, number>;
  buckets: TokenBuckets;
}

// On globalThis: Next builds instrumentation and routes as separate module graphs; one cache per process.
const g = globalThis as unknown as { __proativaApiKeys?: State };
const state = (g.__proativaApiKeys ??= {
  ttlMs: DEFAULT_TTL_MS,
  verified: new Map(),
  lastUsed: new Map(),
  buckets: new TokenBuckets(),
});

/** Tests: a short TTL to watch a revocation take effect; clears the caches and buckets. */
export function configureApiKeyCache(opts: { ttlMs?: number } = {}): void {
  state.ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
  state.verified.clear();
  state.lastUsed.clear();
  state.buckets.clear();
}

/** Drops a key from this process's cache (after revoking it here, so it stops at once in this process). */
export function forgetApiKey(prefix: string): void {
  for (const k of state.verified.keys()) if (k.startsWith(`${prefix}:`)) state.verified.delete(k);
}

async function load(prefix: string, secretHash: string): Promise<VerifiedKey | null> {
  const r = await pool().query<{
    id: string;
    name: string;
    role: string;
    secretHash: string;
    revoked: boolean;
    scopes: string[];
    rateLimitPerMinute: number;
    lastUsedAt: Date | null;
  }>(
    `SELECT id, name, role::text AS role, "secretHash", "revokedAt" IS NOT NULL AS revoked, scopes,
            "rateLimitPerMinute", "lastUsedAt"
       FROM "ApiKey" WHERE prefix = $1`,
    [prefix],
  );
  const row = r.rows[0];
  if (!row || row.revoked || !isRole(row.role)) return null;
  const a = Buffer.from(secretHash);
  const b = Buffer.from(row.secretHash);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return null;
  // Another process may have written it moments ago: no need to write again within the minute.
  if (row.lastUsedAt) {
    const seen = state.lastUsed.get(row.id) ?? 0;
    state.lastUsed.set(row.id, Math.max(seen, row.lastUsedAt.getTime()));
  }
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    scopes: storedScopes(row.scopes),
    rateLimitPerMinute: row.rateLimitPerMinute,
  };
}

function touchLastUsed(id: string): void {
  const now = Date.now();
  if (now - (state.lastUsed.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
  state.lastUsed.set(id, now);
  // Fire and forget: the request never waits for it, and a failure only leaves lastUsedAt a little old.
  pool()
    .query(`UPDATE "ApiKey" SET "lastUsedAt" = now() WHERE id = $1`, [id])
    .catch((err: unknown) => log.warn({ err, apiKeyId: id }, 'could not record API key use'));
}

/**
 * The key for this prefix and secret, or null when unknown, revoked or wrong. Throws RateLimitError when the
 * key is over its rate limit. The cache is keyed by prefix and SHA-256 of the secret, so only the right
 * secret finds a cached key; a wrong one goes to the database (and is compared in constant time there).
 */
export async function verifyApiKey(prefix: string, secret: string): Promise<VerifiedKey | null> {
  const hash = hashApiSecret(secret);
  const cacheKey = `${prefix}:${hash}`;
  const now = Date.now();
  let entry = state.verified.get(cacheKey);
  if (!entry || entry.expiresAt <= now) {
    const key = load(prefix, hash);
    entry = { key, expiresAt: now + state.ttlMs };
    state.verified.set(cacheKey, entry);
    // Only good keys stay cached: a wrong secret is not remembered (the map cannot be filled with junk), and a
    // failed lookup is retried by the next request.
    key.then(
      (k) => {
        if (!k && state.verified.get(cacheKey) === entry) state.verified.delete(cacheKey);
      },
      () => {
        if (state.verified.get(cacheKey) === entry) state.verified.delete(cacheKey);
      },
    );
  }
  const key = await entry.key;
  if (!key) return null;
  const wait = state.buckets.take(key.id, key.rateLimitPerMinute);
  if (wait > 0) throw new RateLimitError(key.rateLimitPerMinute, wait);
  touchLastUsed(key.id);
  return key;
}
