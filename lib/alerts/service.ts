// Working an alert: claim (one conditional UPDATE, so of any number of simultaneous claims exactly one wins),
// assignment by an admin, and the status transitions, each written with its AlertEvent in the same statement
// or transaction (who, when, from, to, note). Used by the server actions, the route handlers and the demo seed.
import 'server-only';
import type pg from 'pg';
import { pool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/validations/common';
import type { Role } from '@/lib/auth/roles';
import { canTransition, isContactAttempt, type AlertStatus } from '@/lib/alerts/status-flow';

/** Who works the alert: a person, possibly through an API key acting for them (apiKeyId then set). */
export interface WorkActor {
  userId: string;
  name: string;
  role: Role;
  apiKeyId: string | null;
}

export interface WorkOptions {
  /** When it happened (the demo seed back-dates its activity); default now. */
  at?: Date;
  /** Made by the demo seed. */
  demo?: boolean;
}

/** How the manager reached the client (a do-not-call client may not be contacted by phone). */
export type ContactVia = 'PHONE' | 'EMAIL' | 'IN_PERSON';

export interface TransitionInput {
  to: AlertStatus;
  note?: string | null;
  nextContactAt?: Date | null;
  via?: ContactVia;
}

interface HolderRow {
  status: AlertStatus;
  assigneeId: string | null;
  holder: string | null;
  portfolioId: string | null;
  managerId: string | null;
}

async function readHolder(db: pg.Pool | pg.PoolClient, alertId: string): Promise<HolderRow | null> {
  const r = await db.query<HolderRow>(
    `SELECT a.status, a."assigneeId", u.name AS holder, a."portfolioId", p."managerId"
       FROM "Alert" a LEFT JOIN "User" u ON u.id = a."assigneeId" LEFT JOIN "Portfolio" p ON p.id = a."portfolioId"
      WHERE a.id = $1`,
    [alertId],
  );
  return r.rows[0] ?? null;
}

function notFound(alertId: string): AppError {
  return new AppError('alerts.notFound', { id: alertId }, 404);
}

/**
 * Claims a NEW alert for the actor. A manager may claim alerts of their own portfolio and of the shared pool;
 * an admin any. The UPDATE ... WHERE status = 'NEW' is the lock: when it changes no row, someone else got there
 * first and the 409 names them.
 */
export async function claimAlert(alertId: string, actor: WorkActor, opts: WorkOptions = {}) {
  if (!isUuid(alertId)) throw notFound(alertId);
  const at = opts.at ?? new Date();
  const r = await pool().query<{ id: string }>(
    `WITH u AS (
       UPDATE "Alert" a SET status = 'CLAIMED', "assigneeId" = $2, "claimedAt" = $3, "updatedAt" = $3,
              demo = a.demo OR $5
        WHERE a.id = $1 AND a.status = 'NEW'
          AND ($4 OR a."portfolioId" IS NULL
               OR EXISTS (SELECT 1 FROM "Portfolio" p WHERE p.id = a."portfolioId" AND p."managerId" = $2))
       RETURNING a.id)
     INSERT INTO "AlertEvent" ("alertId", at, "actorId", "apiKeyId", kind, "fromStatus", "toStatus", demo)
     SELECT u.id, $3, $2, $6, 'claim', 'NEW', 'CLAIMED', $5 FROM u
     RETURNING "alertId" AS id`,
    [alertId, actor.userId, at, actor.role === 'ADMIN', opts.demo ?? false, actor.apiKeyId],
  );
  if (r.rowCount === 1) return { id: alertId, status: 'CLAIMED' as const };
  const h = await readHolder(pool(), alertId);
  if (!h) throw notFound(alertId);
  if (h.assigneeId) {
    throw new AppError(
      h.assigneeId === actor.userId ? 'alerts.alreadyYours' : 'alerts.alreadyClaimed',
      { holder: h.holder ?? '—', status: h.status },
      409,
    );
  }
  if (h.status === 'NEW') throw new AppError('alerts.notYourPortfolio', {}, 403);
  throw new AppError('alerts.notClaimable', { status: h.status }, 409);
}

/** Admin: gives a NEW or CLAIMED alert to a manager (an active MANAGER or ADMIN). */
export async function assignAlert(
  alertId: string,
  assigneeId: string,
  actor: WorkActor,
  opts: WorkOptions & { note?: string | null } = {},
) {
  if (actor.role !== 'ADMIN') throw new AppError('alerts.adminOnly', {}, 403);
  if (!isUuid(alertId)) throw notFound(alertId);
  if (!isUuid(assigneeId)) throw new AppError('alerts.assigneeInvalid', {}, 422, 'assigneeId');
  const at = opts.at ?? new Date();
  const u = await pool().query<{ name: string }>(
    `SELECT name FROM "User" WHERE id = $1 AND active AND role IN ('MANAGER', 'ADMIN')`,
    [assigneeId],
  );
  const assignee = u.rows[0];
  if (!assignee) throw new AppError('alerts.assigneeInvalid', {}, 422, 'assigneeId');
  const r = await pool().query(
    `WITH old AS (SELECT id, status FROM "Alert" WHERE id = $1 AND status IN ('NEW', 'CLAIMED') FOR UPDATE),
          u AS (
       UPDATE "Alert" a SET status = 'CLAIMED', "assigneeId" = $2, "claimedAt" = $3, "updatedAt" = $3
         FROM old WHERE a.id = old.id
       RETURNING a.id, old.status AS "fromStatus")
     INSERT INTO "AlertEvent" ("alertId", at, "actorId", "apiKeyId", kind, "fromStatus", "toStatus", note, demo)
     SELECT u.id, $3, $4, $5, 'assign', u."fromStatus", 'CLAIMED', $6, $7 FROM u`,
    [alertId, assigneeId, at, actor.userId, actor.apiKeyId, opts.note ?? null, opts.demo ?? false],
  );
  if (r.rowCount === 1) return { id: alertId, status: 'CLAIMED' as const, assignee: assignee.name };
  const h = await readHolder(pool(), alertId);
  if (!h) throw notFound(alertId);
  throw new AppError('alerts.notAssignable', { status: h.status }, 409);
}

/**
 * Moves a claimed alert along the flow (lib/alerts/status-flow.ts). Only the assignee or an admin; an invalid
 * step is a 409 naming both statuses; CONTACTED by phone is refused for a do-not-call client. The row is
 * locked for the check and the write, so two transitions of one alert never interleave.
 */
export async function transitionAlert(
  alertId: string,
  actor: WorkActor,
  input: TransitionInput,
  opts: WorkOptions = {},
) {
  if (input.to === 'CLAIMED') return claimAlert(alertId, actor, opts);
  if (!isUuid(alertId)) throw notFound(alertId);
  const at = opts.at ?? new Date();
  const client = await pool().connect();
  try {
    await client.query('BEGIN');
    const r = await client.query<{
      status: AlertStatus;
      assigneeId: string | null;
      holder: string | null;
      doNotCall: boolean;
    }>(
      `SELECT a.status, a."assigneeId", u.name AS holder, c."doNotCall"
         FROM "Alert" a JOIN "Client" c ON c.id = a."clientId" LEFT JOIN "User" u ON u.id = a."assigneeId"
        WHERE a.id = $1 FOR UPDATE OF a`,
      [alertId],
    );
    const cur = r.rows[0];
    if (!cur) throw notFound(alertId);
    if (cur.status === 'NEW') {
      throw new AppError('alerts.invalidTransition', { from: cur.status, to: input.to }, 409);
    }
    if (actor.role !== 'ADMIN' && cur.assigneeId !== actor.userId) {
      throw new AppError('alerts.notAssignee', { holder: cur.holder ?? '—' }, 403);
    }
    if (!canTransition(cur.status, input.to)) {
      throw new AppError('alerts.invalidTransition', { from: cur.status, to: input.to }, 409);
    }
    if (input.to === 'CONTACTED' && cur.doNotCall && (input.via ?? 'PHONE') === 'PHONE') {
      throw new AppError('alerts.doNotCall', {}, 422);
    }
    const release = input.to === 'NEW';
    const close = input.to === 'CLOSED';
    const note = input.note?.trim() ? input.note.trim() : null;
    const next = close || release ? null : (input.nextContactAt ?? null);
    await client.query(
      `UPDATE "Alert" SET status = $2::"AlertStatus", "updatedAt" = $3,
              "lastNote" = COALESCE($4, "lastNote"), "nextContactAt" = $5,
              "firstContactAt" = CASE WHEN $6 THEN COALESCE("firstContactAt", $3) ELSE "firstContactAt" END,
              "assigneeId" = CASE WHEN $7 THEN NULL ELSE "assigneeId" END,
              "claimedAt" = CASE WHEN $7 THEN NULL ELSE "claimedAt" END,
              "closedAt" = CASE WHEN $8 THEN $3 ELSE "closedAt" END,
              "openClientId" = CASE WHEN $8 THEN NULL ELSE "openClientId" END,
              demo = demo OR $9
        WHERE id = $1`,
      [alertId, input.to, at, note, next, isContactAttempt(input.to), release, close, opts.demo ?? false],
    );
    await client.query(
      `INSERT INTO "AlertEvent" ("alertId", at, "actorId", "apiKeyId", kind, "fromStatus", "toStatus", note,
                                 "nextContactAt", demo)
       VALUES ($1, $2, $3, $4, $5, $6::"AlertStatus", $7::"AlertStatus", $8, $9, $10)`,
      [
        alertId,
        at,
        actor.userId,
        actor.apiKeyId,
        release ? 'release' : close ? 'close' : 'transition',
        cur.status,
        input.to,
        note,
        next,
        opts.demo ?? false,
      ],
    );
    await client.query('COMMIT');
    return { id: alertId, status: input.to };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
