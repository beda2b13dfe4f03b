// Server-only reads of the alert queue for pages and route handlers, each checking 'alerts:view' inside.
//
// CONTRACT (used by the alert detail page, app/(dashboard)/alerts/[id]/page.tsx):
//   const me = await requirePage('alerts:view');
//   const alert = await getAlert(id, me);       // AlertDetail | null (null: no such alert -> notFound())
//   <AlertWorkflow alert={alert} />              // app/(dashboard)/alerts/[id]/alert-workflow.tsx
// AlertDetail (lib/alerts/types.ts) is plain JSON: the alert row (status, band, yProba, asOfMonth, exposure,
// creditLimit, slaDueAt + slaState, nextContactAt, lastNote), `client` (name/email/phone masked unless the
// viewer is the portfolio's manager, the assignee or an admin; `masked`, `doNotCall`, `erased` flags),
// `assignee`, `portfolio` (with managerName), `decisionId` (for reason codes/features), `allowed` (next
// statuses for this viewer: 'CLAIMED' = claim, 'NEW' = release), `canAssign`, `mine`, and `events` (oldest first).
import 'server-only';
import { pool } from '@/lib/db';
import { AuthError, type Actor } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { listAlerts, readAlert, type QueueFilter, type Viewer } from '@/lib/alerts/queue';
import type { AlertDetail, AlertQueuePage } from '@/lib/alerts/types';
import { isUuid } from '@/lib/validations/common';

export type { AlertDetail, AlertQueuePage, AlertRow } from '@/lib/alerts/types';
export type { QueueFilter } from '@/lib/alerts/queue';

function viewerOf(actor: Actor, actingUserId?: string | null): Viewer {
  if (actor.kind === 'user') return { userId: actor.id, role: actor.role };
  return { userId: actingUserId ?? null, role: actor.role };
}

function check(actor: Actor) {
  if (!roleCan(actor.role, 'alerts:view')) {
    throw new AuthError(403, 'errors.auth.forbidden', { role: actor.role, permission: 'alerts:view' });
  }
}

/**
 * One alert as this actor may see it. For an API key acting for a manager, pass the acting user's id and role
 * (`acting`), so masking and the allowed steps follow that person.
 */
export async function getAlert(
  id: string,
  actor: Actor,
  acting?: { userId: string; role: Actor['role'] } | null,
): Promise<AlertDetail | null> {
  check(actor);
  if (!isUuid(id)) return null;
  return readAlert(id, acting ?? viewerOf(actor));
}

/** One page of the queue for this actor (see QueueFilter). */
export async function getAlertQueue(
  filter: QueueFilter,
  actor: Actor,
  acting?: { userId: string; role: Actor['role'] } | null,
): Promise<AlertQueuePage> {
  check(actor);
  return listAlerts(filter, acting ?? viewerOf(actor));
}

/** The segments and regions the queue's filters offer (those of clients with an open alert). */
export async function getQueueFacets(actor: Actor): Promise<{ segments: string[]; regions: string[] }> {
  check(actor);
  const r = await pool().query<{ segments: string[] | null; regions: string[] | null }>(
    // A loose index scan per column (Client_segment_idx, Client_region_idx): one index probe per distinct
    // value, a handful out of a million clients. A plain DISTINCT over Client took ~500 ms at 1,000,000.
    `WITH RECURSIVE seg(v) AS (
       (SELECT segment FROM "Client" ORDER BY segment LIMIT 1)
       UNION ALL
       SELECT (SELECT segment FROM "Client" WHERE segment > seg.v ORDER BY segment LIMIT 1) FROM seg WHERE seg.v IS NOT NULL
     ), reg(v) AS (
       (SELECT region FROM "Client" ORDER BY region LIMIT 1)
       UNION ALL
       SELECT (SELECT region FROM "Client" WHERE region > reg.v ORDER BY region LIMIT 1) FROM reg WHERE reg.v IS NOT NULL
     )
     SELECT (SELECT array_agg(v ORDER BY v) FROM seg WHERE v IS NOT NULL) AS segments,
            (SELECT array_agg(v ORDER BY v) FROM reg WHERE v IS NOT NULL) AS regions`,
  );
  return { segments: r.rows[0]?.segments ?? [], regions: r.rows[0]?.regions ?? [] };
}
