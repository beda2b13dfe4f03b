// Creating and revoking API keys, with their audit entry in the same transaction: the one implementation
// behind the Configurações page's actions and `npm run apikey` (which has no web session, so it takes a pg
// pool rather than the app's handle).
import type pg from 'pg';
import { generateApiKey } from '@/lib/auth/api-key-format';
import type { Role } from '@/lib/auth/roles';
import type { Scope } from '@/lib/auth/scopes';

export interface CreateApiKeyInput {
  name: string;
  role: Role;
  scopes: Scope[];
  rateLimitPerMinute: number;
}

/** Who does it, as the audit trail records it: a user (id), or a tool acting for nobody in particular. */
export interface KeyAdmin {
  userId: string | null;
  /** 'user' from the page, 'cli' from the command line. */
  via: 'user' | 'apiKey' | 'cli';
  by: string;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  scopes: Scope[];
  rateLimitPerMinute: number;
  /** The whole key: shown once, never stored. */
  token: string;
}

async function inTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    const out = await fn(tx);
    await tx.query('COMMIT');
    return out;
  } catch (e) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    tx.release();
  }
}

export async function createApiKeyRecord(
  pool: pg.Pool,
  input: CreateApiKeyInput,
  admin: KeyAdmin,
): Promise<CreatedApiKey> {
  const k = generateApiKey();
  return inTransaction(pool, async (tx) => {
    const r = await tx.query<{ id: string }>(
      `INSERT INTO "ApiKey" (id, name, prefix, "secretHash", role, "createdById", scopes, "rateLimitPerMinute")
       VALUES (gen_random_uuid(), $1, $2, $3, $4::"Role", $5, $6::text[], $7) RETURNING id`,
      [input.name, k.prefix, k.secretHash, input.role, admin.userId, input.scopes, input.rateLimitPerMinute],
    );
    const id = r.rows[0]!.id;
    await tx.query(
      `INSERT INTO "AuditLog" ("actorId", action, target, details) VALUES ($1, 'apiKey.create', $2, $3::jsonb)`,
      [
        admin.userId,
        id,
        JSON.stringify({
          name: input.name,
          role: input.role,
          scopes: input.scopes,
          rateLimitPerMinute: input.rateLimitPerMinute,
          prefix: k.prefix,
          via: admin.via,
          by: admin.by,
        }),
      ],
    );
    return { id, prefix: k.prefix, token: k.token, ...input };
  });
}

export type RevokeOutcome =
  { found: false } | { found: true; id: string; name: string; prefix: string; alreadyRevoked: boolean };

/** Revokes the key with this id or prefix; idempotent (a revoked key stays revoked, and is audited again). */
export async function revokeApiKeyRecord(
  pool: pg.Pool,
  by: { id: string } | { prefix: string },
  admin: KeyAdmin,
): Promise<RevokeOutcome> {
  return inTransaction(pool, async (tx) => {
    const [column, value] = 'id' in by ? ['id', by.id] : ['prefix', by.prefix];
    const r = await tx.query<{ id: string; name: string; prefix: string; revoked: boolean }>(
      `SELECT id, name, prefix, "revokedAt" IS NOT NULL AS revoked FROM "ApiKey" WHERE ${column} = $1 FOR UPDATE`,
      [value],
    );
    const key = r.rows[0];
    if (!key) return { found: false };
    if (!key.revoked) await tx.query(`UPDATE "ApiKey" SET "revokedAt" = now() WHERE id = $1`, [key.id]);
    await tx.query(
      `INSERT INTO "AuditLog" ("actorId", action, target, details) VALUES ($1, 'apiKey.revoke', $2, $3::jsonb)`,
      [
        admin.userId,
        key.id,
        JSON.stringify({ name: key.name, prefix: key.prefix, via: admin.via, by: admin.by }),
      ],
    );
    return { found: true, id: key.id, name: key.name, prefix: key.prefix, alreadyRevoked: key.revoked };
  });
}
