// Demo activity for the alert queue: the demo managers claim and work a plausible share of the backfilled
// alerts with back-dated times, so a fresh install shows a working operation. Older months: most alerts worked
// (contacted; about 30% accept the offer, others decline or cannot be reached), then closed; the newest month:
// partly claimed and in progress, the rest still open. Every row it touches is marked demo = true. Deterministic
// per alert id; idempotent (it works only alerts nobody has touched: no events yet).
//
// Each alert's story is planned in memory under the services' rules (lib/alerts/service.ts claimAlert and
// transitionAlert: the portfolio rule, canTransition, the do-not-call rule, and the same column updates and
// AlertEvent rows), then written in batches: one UPDATE and one INSERT per CHUNK alerts, instead of 2-4 round
// trips and a transaction per step (62 s at 20,000 clients). lib/seed/demo-alerts.int.test.ts replays the
// written events through the services and checks they yield the very same rows.
import 'server-only';
import crypto from 'node:crypto';
import { pool } from '@/lib/db';
import { addBusinessDays, slaDueAt } from '@/lib/alerts/sla';
import { canTransition, isContactAttempt, type AlertStatus } from '@/lib/alerts/status-flow';

const HOUR = 3600_000;
/** Alerts per write (two statements each, values bound as JSON). */
const CHUNK = 2000;

/** A deterministic stream of numbers in [0, 1) per alert. */
function rngFor(id: string) {
  let counter = 0;
  return () => {
    const h = crypto.createHash('sha256').update(`${id}:${counter++}`).digest();
    return h.readUInt32BE(0) / 2 ** 32;
  };
}

/** 09:00 São Paulo of the first business day after an as-of month (when its decisions are worked). */
function workStart(asOfMonth: string): Date {
  const [y, m] = asOfMonth.split('-').map(Number) as [number, number];
  // The last day of the as-of month, then the next business day (addBusinessDays ends the day; go back).
  const lastDay = new Date(Date.UTC(y, m, 0, 15, 0, 0));
  const end = addBusinessDays(lastDay, 1);
  return new Date(end.getTime() + 1 - 15 * HOUR); // 09:00 -03:00 that day
}

export interface DemoAlertsResult {
  claimed: number;
  contacted: number;
  accepted: number;
  declined: number;
  unreachable: number;
  closed: number;
}

export async function playDemoAlerts(
  log: (s: string) => void = () => undefined,
  now: Date = new Date(),
): Promise<DemoAlertsResult> {
  const p = pool();
  const managers = (
    await p.query<{ id: string; name: string; portfolioId: string | null }>(
      `SELECT u.id, u.name, pf.id AS "portfolioId" FROM "User" u LEFT JOIN "Portfolio" pf ON pf."managerId" = u.id
        WHERE u.active AND u.role = 'MANAGER' ORDER BY u.email`,
    )
  ).rows;
  const out: DemoAlertsResult = {
    claimed: 0,
    contacted: 0,
    accepted: 0,
    declined: 0,
    unreachable: 0,
    closed: 0,
  };
  if (!managers.length) return out;
  const byPortfolio = new Map(managers.filter((m) => m.portfolioId).map((m) => [m.portfolioId!, m]));

  const alerts = (
    await p.query<{
      id: string;
      asOfMonth: string;
      portfolioId: string | null;
      managerId: string | null;
      doNotCall: boolean;
    }>(
      `SELECT a.id, a."asOfMonth", a."portfolioId", pf."managerId", c."doNotCall"
         FROM "Alert" a JOIN "Client" c ON c.id = a."clientId" LEFT JOIN "Portfolio" pf ON pf.id = a."portfolioId"
        WHERE a.status = 'NEW' AND NOT EXISTS (SELECT 1 FROM "AlertEvent" e WHERE e."alertId" = a.id)
        ORDER BY a."asOfMonth", a.id`,
    )
  ).rows;
  if (!alerts.length) return out;
  const latest = alerts.reduce((m, a) => (a.asOfMonth > m ? a.asOfMonth : m), alerts[0]!.asOfMonth);

  const planned: PlannedAlert[] = [];
  const events: PlannedEvent[] = [];
  const flush = async () => {
    if (planned.length) await writePlans(planned, events);
    planned.length = 0;
    events.length = 0;
  };

  for (const a of alerts) {
    const r = rngFor(a.id);
    const recent = a.asOfMonth === latest;
    let start = workStart(a.asOfMonth);
    // The newest month's work started this morning at the latest (never in the future).
    if (start.getTime() > now.getTime() - 6 * HOUR) start = new Date(now.getTime() - 6 * HOUR);
    // Older months: ~88% worked; the newest month: ~45% claimed.
    if (r() > (recent ? 0.45 : 0.88)) continue;
    const m =
      (a.portfolioId && byPortfolio.get(a.portfolioId)) || managers[Math.floor(r() * managers.length)]!;
    // claimAlert's rule: a manager claims in their own portfolio or the shared pool (the service would refuse).
    if (a.portfolioId && a.managerId !== m.id) continue;
    const opened = new Date(start.getTime() - 2 * HOUR);
    let t = start.getTime() + r() * (recent ? 2 : 8) * HOUR;
    const cap = now.getTime() - 5 * 60_000;
    const at = () => new Date(Math.min(t, cap));
    // The alert opened when that month's run did: its SLA counts from then. Claimed by `m` (claimAlert).
    const plan: PlannedAlert = {
      id: a.id,
      openedAt: opened,
      slaDueAt: slaDueAt(opened),
      status: 'CLAIMED',
      assigneeId: m.id,
      claimedAt: at(),
      updatedAt: at(),
      lastNote: null,
      nextSet: false,
      nextContactAt: null,
      firstContactAt: null,
      closedAt: null,
    };
    planned.push(plan);
    events.push({
      alertId: a.id,
      at: at(),
      actorId: m.id,
      kind: 'claim',
      fromStatus: 'NEW',
      toStatus: 'CLAIMED',
      note: null,
      nextContactAt: null,
    });
    // transitionAlert's effects for one step (via e-mail for a do-not-call client, so never refused).
    const step = async (to: AlertStatus, note: string | null, extra: { nextContactAt?: Date } = {}) => {
      if (!canTransition(plan.status, to)) throw new Error(`demo alerts: ${plan.status} -> ${to}`);
      const when = at();
      const close = to === 'CLOSED';
      const next = close ? null : (extra.nextContactAt ?? null);
      const trimmed = note?.trim() ? note.trim() : null;
      events.push({
        alertId: a.id,
        at: when,
        actorId: m.id,
        kind: close ? 'close' : 'transition',
        fromStatus: plan.status,
        toStatus: to,
        note: trimmed,
        nextContactAt: next,
      });
      plan.status = to;
      plan.updatedAt = when;
      if (trimmed) plan.lastNote = trimmed;
      plan.nextSet = true;
      plan.nextContactAt = next;
      if (isContactAttempt(to) && !plan.firstContactAt) plan.firstContactAt = when;
      if (close) plan.closedAt = when;
    };
    out.claimed++;
    const advance = (hours: number) => {
      t += hours * HOUR;
      return t < cap;
    };
    if (recent && r() < 0.5) continue; // claimed this morning, not called yet
    if (!advance(1 + r() * (recent ? 2 : 30))) continue;
    if (r() < 0.15) {
      await step('UNREACHABLE', 'Não atendeu; caixa postal.', {
        nextContactAt: new Date(Math.min(t + 24 * HOUR, cap + 48 * HOUR)),
      });
      out.unreachable++;
      if (recent || !advance(24 + r() * 24)) continue;
      if (r() < 0.5) {
        await step('CLOSED', 'Sem retorno após nova tentativa.');
        out.closed++;
        continue;
      }
    }
    await step('CONTACTED', 'Conversa sobre reorganizar as finanças com juros menores.');
    out.contacted++;
    if (recent) {
      if (r() < 0.3 && advance(1)) {
        await step('OFFER_ACCEPTED', 'Aceitou o empréstimo para quitar a fatura.');
        out.accepted++;
      }
      continue;
    }
    if (!advance(2 + r() * 48)) continue;
    const o = r();
    if (o < 0.32) {
      await step('OFFER_ACCEPTED', 'Aceitou o empréstimo para quitar a fatura.');
      out.accepted++;
    } else if (o < 0.82) {
      await step('OFFER_DECLINED', 'Prefere manter o parcelamento do cartão.');
      out.declined++;
    } else {
      await step('UNREACHABLE', 'Pediu para ligar depois e não atendeu mais.');
      out.unreachable++;
    }
    if (r() < 0.9 && advance(24 + r() * 48)) {
      await step('CLOSED', null);
      out.closed++;
    }
    if (planned.length >= CHUNK) await flush();
  }
  await flush();
  log(
    `Demo alert activity: ${out.claimed} claimed, ${out.contacted} contacted, ${out.accepted} accepted, ` +
      `${out.declined} declined, ${out.unreachable} unreachable, ${out.closed} closed.`,
  );
  return out;
}

interface PlannedAlert {
  id: string;
  openedAt: Date;
  slaDueAt: Date;
  status: AlertStatus;
  assigneeId: string;
  claimedAt: Date;
  updatedAt: Date;
  /** The last non-empty note (the services keep the previous one when a step has none). */
  lastNote: string | null;
  /** A transition ran: nextContactAt is its value (a claim alone leaves the column as it was). */
  nextSet: boolean;
  nextContactAt: Date | null;
  firstContactAt: Date | null;
  closedAt: Date | null;
}

interface PlannedEvent {
  alertId: string;
  at: Date;
  actorId: string;
  kind: 'claim' | 'transition' | 'close';
  fromStatus: AlertStatus;
  toStatus: AlertStatus;
  note: string | null;
  nextContactAt: Date | null;
}

/**
 * One chunk: the alerts' final state (only alerts still NEW and untouched, as claimAlert's conditional UPDATE),
 * then their events in story order (ids ascend as the services' would), in one transaction.
 */
async function writePlans(plans: PlannedAlert[], events: PlannedEvent[]): Promise<void> {
  const client = await pool().connect();
  try {
    await client.query('BEGIN');
    const done = await client.query<{ id: string }>(
      `UPDATE "Alert" a
          SET "openedAt" = x."openedAt", "slaDueAt" = x."slaDueAt", status = x.status::"AlertStatus",
              "assigneeId" = x."assigneeId", "claimedAt" = x."claimedAt", "updatedAt" = x."updatedAt",
              "lastNote" = COALESCE(x."lastNote", a."lastNote"),
              "nextContactAt" = CASE WHEN x."nextSet" THEN x."nextContactAt" ELSE a."nextContactAt" END,
              "firstContactAt" = COALESCE(a."firstContactAt", x."firstContactAt"),
              "closedAt" = COALESCE(x."closedAt", a."closedAt"),
              "openClientId" = CASE WHEN x."closedAt" IS NOT NULL THEN NULL ELSE a."openClientId" END,
              demo = true
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, "openedAt" timestamptz, "slaDueAt" timestamptz,
              status text, "assigneeId" uuid, "claimedAt" timestamptz, "updatedAt" timestamptz, "lastNote" text,
              "nextSet" boolean, "nextContactAt" timestamptz, "firstContactAt" timestamptz, "closedAt" timestamptz)
        WHERE a.id = x.id AND a.status = 'NEW'
          AND NOT EXISTS (SELECT 1 FROM "AlertEvent" e WHERE e."alertId" = a.id)
        RETURNING a.id`,
      [JSON.stringify(plans)],
    );
    const written = new Set(done.rows.map((r) => r.id));
    const rows = events.filter((e) => written.has(e.alertId)).map((e, seq) => ({ ...e, seq }));
    if (rows.length) {
      await client.query(
        `INSERT INTO "AlertEvent" ("alertId", at, "actorId", "apiKeyId", kind, "fromStatus", "toStatus", note,
                                   "nextContactAt", demo)
         SELECT e."alertId", e.at, e."actorId", NULL, e.kind, e."fromStatus"::"AlertStatus", e."toStatus"::"AlertStatus",
                e.note, e."nextContactAt", true
           FROM jsonb_to_recordset($1::jsonb) AS e("alertId" uuid, at timestamptz, "actorId" uuid, kind text,
                "fromStatus" text, "toStatus" text, note text, "nextContactAt" timestamptz, seq int)
          ORDER BY e.seq`,
        [JSON.stringify(rows)],
      );
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
