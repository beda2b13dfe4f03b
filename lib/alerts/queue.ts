// The queue's reads: one page of alerts under filters, counts per status, and one alert with its trail.
//
// Built for 100,000+ open alerts: the default view (open alerts by yProba, then exposure) walks the partial
// index "Alert_queue_idx" (yProba DESC, exposure DESC NULLS LAST, id) WHERE "openClientId" IS NOT NULL, so the
// first page reads 25 index entries instead of sorting the table (EXPLAIN in lib/alerts/queue.int.test.ts).
// Every alert is a CRITICAL decision's, and under one policy a higher yProba is never a lower band, so ordering
// by yProba keeps CRITICAL first. Personal data is masked in SQL results, here, per viewer.
import 'server-only';
import { pool } from '@/lib/db';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@/lib/alerts/constants';
import type { Role } from '@/lib/auth/roles';
import { DUE_SOON_MS, slaState, type SlaState } from '@/lib/alerts/sla';
import {
  ALERT_STATUSES,
  OPEN_STATUSES,
  allowedTransitions,
  type AlertStatus,
} from '@/lib/alerts/status-flow';
import { maskEmail, maskName, maskPhone, seesPersonalData } from '@/lib/alerts/masking';
import type { AlertDetail, AlertEventView, AlertQueuePage, AlertRow } from '@/lib/alerts/types';
import { isUuid } from '@/lib/validations/common';

export interface Viewer {
  /** null: an API key not acting for anyone (sees masked data, no "mine"). */
  userId: string | null;
  role: Role;
}

export interface QueueFilter {
  status?: AlertStatus[];
  /** mine: my portfolio's alerts and the ones assigned to me; pool: alerts of no portfolio. */
  scope?: 'all' | 'mine' | 'pool';
  /** 'me', 'none' (unassigned) or a user id. */
  assignee?: string;
  segment?: string;
  region?: string;
  sla?: SlaState;
  /** Client external id (prefix) or, where the viewer may see it, name. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };

const SELECT = `
  SELECT a.id, a.status, a."yProba", a."asOfMonth", a."openedAt", a."slaDueAt", a."firstContactAt",
         a."nextContactAt", a.exposure::float8 AS exposure, a."creditLimit"::float8 AS "creditLimit",
         a."assigneeId", au.name AS "assigneeName", a."portfolioId", p.name AS "portfolioName",
         p."managerId", a.demo, d.band, c.id::text AS "clientId", c."externalId", c.segment, c.region, c.name,
         c.email, c.phone, c."doNotCall", c."erasedAt" IS NOT NULL AS erased`;
const FROM = `
    FROM "Alert" a
    JOIN "Client" c ON c.id = a."clientId"
    JOIN "Decision" d ON d.id = a."decisionId"
    LEFT JOIN "User" au ON au.id = a."assigneeId"
    LEFT JOIN "Portfolio" p ON p.id = a."portfolioId"`;

/** The FROM of a count: Alert, plus Client and Portfolio only when the WHERE clause reads them. */
function countFromFor(whereSql: string): string {
  let from = `FROM "Alert" a`;
  if (/\bc\./.test(whereSql)) from += ` JOIN "Client" c ON c.id = a."clientId"`;
  if (/\bp\./.test(whereSql)) from += ` LEFT JOIN "Portfolio" p ON p.id = a."portfolioId"`;
  return from;
}

interface RawRow {
  id: string;
  status: AlertStatus;
  yProba: number;
  asOfMonth: string;
  openedAt: Date;
  slaDueAt: Date | null;
  firstContactAt: Date | null;
  nextContactAt: Date | null;
  exposure: number | null;
  creditLimit: number | null;
  assigneeId: string | null;
  assigneeName: string | null;
  portfolioId: string | null;
  portfolioName: string | null;
  managerId: string | null;
  demo: boolean;
  band: AlertRow['band'];
  clientId: string;
  externalId: string;
  segment: string;
  region: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  doNotCall: boolean;
  erased: boolean;
}

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

function toRow(r: RawRow, viewer: Viewer | null, now: Date): AlertRow {
  const sees = seesPersonalData(viewer, r);
  return {
    id: r.id,
    status: r.status,
    band: r.band,
    yProba: r.yProba,
    asOfMonth: r.asOfMonth,
    openedAt: r.openedAt.toISOString(),
    slaDueAt: isoOrNull(r.slaDueAt),
    slaState: slaState(r, now),
    firstContactAt: isoOrNull(r.firstContactAt),
    nextContactAt: isoOrNull(r.nextContactAt),
    exposure: r.exposure,
    creditLimit: r.creditLimit,
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? '—' } : null,
    portfolio: r.portfolioId
      ? { id: r.portfolioId, name: r.portfolioName ?? '—', managerId: r.managerId }
      : null,
    client: {
      id: r.clientId,
      externalId: r.externalId,
      segment: r.segment,
      region: r.region,
      name: sees ? r.name : maskName(r.name),
      email: sees ? r.email : maskEmail(r.email),
      phone: sees ? r.phone : maskPhone(r.phone),
      masked: !sees && !r.erased,
      doNotCall: r.doNotCall,
      erased: r.erased,
    },
    demo: r.demo,
  };
}

/** The WHERE clause of a filter (status aside, which the caller adds), with its parameters. */
function where(f: QueueFilter, viewer: Viewer | null, now: Date, params: unknown[]): string[] {
  const w: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const me = viewer?.userId ?? null;
  if (f.scope === 'mine') {
    // An API key acting for nobody has no portfolio: "mine" is empty rather than everything.
    if (!me) w.push('false');
    else {
      const m = p(me);
      w.push(`(a."assigneeId" = ${m}::uuid OR p."managerId" = ${m}::uuid)`);
    }
  } else if (f.scope === 'pool') w.push(`a."portfolioId" IS NULL`);
  if (f.assignee === 'none') w.push(`a."assigneeId" IS NULL`);
  else if (f.assignee === 'me') w.push(me ? `a."assigneeId" = ${p(me)}::uuid` : 'false');
  else if (f.assignee) w.push(isUuid(f.assignee) ? `a."assigneeId" = ${p(f.assignee)}::uuid` : 'false');
  if (f.segment) w.push(`c.segment = ${p(f.segment)}`);
  if (f.region) w.push(`c.region = ${p(f.region)}`);
  if (f.sla) {
    // Only the parameters a branch uses (PostgreSQL cannot type an unused one).
    const soonAt = new Date(now.getTime() + DUE_SOON_MS);
    if (f.sla === 'met') w.push(`a."firstContactAt" IS NOT NULL`);
    else if (f.sla === 'breached') {
      w.push(`a."firstContactAt" IS NULL AND a."slaDueAt" < ${p(now)}::timestamptz`);
    } else if (f.sla === 'dueSoon') {
      w.push(
        `a."firstContactAt" IS NULL AND a."slaDueAt" >= ${p(now)}::timestamptz AND a."slaDueAt" <= ${p(soonAt)}::timestamptz`,
      );
    } else {
      w.push(
        `a."firstContactAt" IS NULL AND (a."slaDueAt" IS NULL OR a."slaDueAt" > ${p(soonAt)}::timestamptz)`,
      );
    }
  }
  const q = f.q?.trim();
  if (q) {
    const prefix = p(`${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    // A name search only matches clients whose name this viewer may see, so it cannot probe masked names.
    const nameOk =
      viewer?.role === 'ADMIN'
        ? 'true'
        : me
          ? `(a."assigneeId" = ${p(me)}::uuid OR p."managerId" = $${params.length}::uuid)`
          : 'false';
    // A OR (N AND B) written as (A OR B) AND (A OR N): the first conjunct reads Client alone, so the planner
    // answers it from the trigram indexes (Client_externalId_trgm_idx, Client_name_trgm_idx, a BitmapOr)
    // instead of testing every joined client (~1 s at 1,000,000 clients); the second keeps names private.
    if (nameOk === 'false') w.push(`c."externalId" ILIKE ${prefix}`);
    else {
      const like = p(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      w.push(`(c."externalId" ILIKE ${prefix} OR c.name ILIKE ${like})`);
      if (nameOk !== 'true') w.push(`(c."externalId" ILIKE ${prefix} OR ${nameOk})`);
    }
  }
  return w;
}

/** One page of the queue, its total and the open counts per status, under the filter. */
export async function listAlerts(
  f: QueueFilter,
  viewer: Viewer | null,
  now: Date = new Date(),
): Promise<AlertQueuePage> {
  const pageSize = Math.min(Math.max(f.pageSize ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const page = Math.max(f.page ?? 1, 1);
  const statuses = f.status?.length ? f.status : OPEN_STATUSES;
  const onlyOpen = !statuses.includes('CLOSED');

  const params: unknown[] = [];
  const w = where(f, viewer, now, params);
  const base = [...w];
  // The open-only predicate matches the partial index, so the planner can walk it in order.
  if (onlyOpen) w.push(`a."openClientId" IS NOT NULL`);
  params.push(statuses);
  w.push(`a.status = ANY($${params.length}::"AlertStatus"[])`);
  const whereSql = `WHERE ${w.join(' AND ')}`;
  const rowsParams = [...params, pageSize, (page - 1) * pageSize];
  const rowsSql = `${SELECT} ${FROM} ${whereSql}
     ORDER BY a."yProba" DESC, a.exposure DESC NULLS LAST, a.id
     LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;

  // The counts join only what the filter reads: with 100,000 open alerts, joining every one to Client and
  // Decision (as the page's rows need) cost ~650 ms per count (npm run bench -- queue); the bare Alert scan
  // costs a few ms. The total of an open-only filter is the sum of its per-status counts.
  const countFrom = countFromFor(w.join(' '));
  const countParams = params.slice(0, params.length - 1);
  const countSql = `SELECT a.status, count(*)::int AS n ${countFrom}
     WHERE ${[...base, `a."openClientId" IS NOT NULL`].join(' AND ')} GROUP BY a.status`;

  const [rows, counts, total] = await Promise.all([
    pool().query<RawRow>(rowsSql, rowsParams),
    pool().query<{ status: AlertStatus; n: number }>(countSql, countParams),
    onlyOpen
      ? null
      : pool().query<{ n: number }>(`SELECT count(*)::int AS n ${countFrom} ${whereSql}`, params),
  ]);
  const byStatus = Object.fromEntries(ALERT_STATUSES.map((s) => [s, 0])) as Record<AlertStatus, number>;
  for (const c of counts.rows) byStatus[c.status] = c.n;
  const totalN = total ? (total.rows[0]?.n ?? 0) : statuses.reduce((sum, s) => sum + (byStatus[s] ?? 0), 0);
  return {
    rows: rows.rows.map((r) => toRow(r, viewer, now)),
    total: totalN,
    page,
    pageSize,
    counts: byStatus,
  };
}

/** One alert for this viewer: masked client, what they may do next, and the audit trail (oldest first). */
export async function readAlert(
  id: string,
  viewer: Viewer | null,
  now: Date = new Date(),
): Promise<AlertDetail | null> {
  // A malformed id is an unknown alert (the page's layout and page render in parallel, so the page cannot rely
  // on the layout's check): no query, no PostgreSQL cast error in the logs.
  if (!isUuid(id)) return null;
  const r = await pool().query<
    RawRow & {
      decisionId: string;
      claimedAt: Date | null;
      closedAt: Date | null;
      updatedAt: Date;
      lastNote: string | null;
      managerName: string | null;
    }
  >(
    `${SELECT}, a."decisionId"::text AS "decisionId", a."claimedAt", a."closedAt", a."updatedAt", a."lastNote",
            pm.name AS "managerName"
     ${FROM} LEFT JOIN "User" pm ON pm.id = p."managerId"
     WHERE a.id = $1`,
    [id],
  );
  const raw = r.rows[0];
  if (!raw) return null;
  const ev = await pool().query<{
    id: string;
    at: Date;
    kind: string;
    fromStatus: AlertStatus | null;
    toStatus: AlertStatus;
    note: string | null;
    nextContactAt: Date | null;
    actorId: string | null;
    actorName: string | null;
    apiKeyId: string | null;
    demo: boolean;
  }>(
    `SELECT e.id::text AS id, e.at, e.kind, e."fromStatus", e."toStatus", e.note, e."nextContactAt",
            e."actorId", u.name AS "actorName", e."apiKeyId", e.demo
       FROM "AlertEvent" e LEFT JOIN "User" u ON u.id = e."actorId"
      WHERE e."alertId" = $1 ORDER BY e.at, e.id`,
    [id],
  );
  const row = toRow(raw, viewer, now);
  const events: AlertEventView[] = ev.rows.map((e) => ({
    id: e.id,
    at: e.at.toISOString(),
    kind: e.kind,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    note: e.note,
    nextContactAt: isoOrNull(e.nextContactAt),
    actor: e.actorId ? { id: e.actorId, name: e.actorName ?? '—' } : null,
    viaApiKey: e.apiKeyId !== null,
    demo: e.demo,
  }));
  const working = viewer?.userId && (viewer.role === 'MANAGER' || viewer.role === 'ADMIN');
  let allowed = working ? allowedTransitions(raw, { userId: viewer.userId!, role: viewer.role }) : [];
  // A manager claims only in their portfolio or the pool.
  if (
    raw.status === 'NEW' &&
    viewer?.role !== 'ADMIN' &&
    raw.portfolioId &&
    raw.managerId !== viewer?.userId
  ) {
    allowed = allowed.filter((s) => s !== 'CLAIMED');
  }
  return {
    ...row,
    decisionId: raw.decisionId,
    claimedAt: isoOrNull(raw.claimedAt),
    closedAt: isoOrNull(raw.closedAt),
    updatedAt: raw.updatedAt.toISOString(),
    lastNote: raw.lastNote,
    portfolio: row.portfolio ? { ...row.portfolio, managerName: raw.managerName } : null,
    allowed,
    canAssign: viewer?.role === 'ADMIN' && (raw.status === 'NEW' || raw.status === 'CLAIMED'),
    mine: Boolean(viewer?.userId && raw.assigneeId === viewer.userId),
    events,
  };
}
