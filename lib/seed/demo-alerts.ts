// Demo activity for the alert queue: the demo managers claim and work a plausible share of the backfilled
// alerts through the same services people use (claim, transitions, each audited), with back-dated times, so a
// fresh install shows a working operation. Older months: most alerts worked (contacted; about 30% accept the
// offer, others decline or cannot be reached), then closed; the newest month: partly claimed and in progress,
// the rest still open. Every row it touches is marked demo = true. Deterministic per alert id; idempotent (it
// works only alerts nobody has touched: no events yet). Not wired into the seed here (the lead does).
import 'server-only';
import crypto from 'node:crypto';
import { pool } from '@/lib/db';
import { addBusinessDays, slaDueAt } from '@/lib/alerts/sla';
import { claimAlert, transitionAlert, type WorkActor } from '@/lib/alerts/service';
import type { AlertStatus } from '@/lib/alerts/status-flow';

const HOUR = 3600_000;

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
  const actorOf = (m: { id: string; name: string }): WorkActor => ({
    userId: m.id,
    name: m.name,
    role: 'MANAGER',
    apiKeyId: null,
  });

  const alerts = (
    await p.query<{ id: string; asOfMonth: string; portfolioId: string | null; doNotCall: boolean }>(
      `SELECT a.id, a."asOfMonth", a."portfolioId", c."doNotCall"
         FROM "Alert" a JOIN "Client" c ON c.id = a."clientId"
        WHERE a.status = 'NEW' AND NOT EXISTS (SELECT 1 FROM "AlertEvent" e WHERE e."alertId" = a.id)
        ORDER BY a."asOfMonth", a.id`,
    )
  ).rows;
  if (!alerts.length) return out;
  const latest = alerts.reduce((m, a) => (a.asOfMonth > m ? a.asOfMonth : m), alerts[0]!.asOfMonth);

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
    const who = actorOf(m);
    const opened = new Date(start.getTime() - 2 * HOUR);
    // The alert opened when that month's run did: its SLA counts from then.
    await p.query(`UPDATE "Alert" SET "openedAt" = $2, "slaDueAt" = $3, demo = true WHERE id = $1`, [
      a.id,
      opened,
      slaDueAt(opened),
    ]);
    let t = start.getTime() + r() * (recent ? 2 : 8) * HOUR;
    const cap = now.getTime() - 5 * 60_000;
    const at = () => new Date(Math.min(t, cap));
    const step = async (to: AlertStatus, note: string | null, extra: { nextContactAt?: Date } = {}) => {
      await transitionAlert(
        a.id,
        who,
        { to, note, via: a.doNotCall ? 'EMAIL' : 'PHONE', ...extra },
        { at: at(), demo: true },
      );
    };
    await claimAlert(a.id, who, { at: at(), demo: true });
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
  }
  log(
    `Demo alert activity: ${out.claimed} claimed, ${out.contacted} contacted, ${out.accepted} accepted, ` +
      `${out.declined} declined, ${out.unreachable} unreachable, ${out.closed} closed.`,
  );
  return out;
}
