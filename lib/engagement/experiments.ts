// A/B tests of offer messages (Campanhas). An experiment targets one band (and optionally one segment) and has
// two or more weighted variants; assignment is deterministic (lib/engagement/assignment.ts) and happens when the
// dispatcher renders the message. Only one RUNNING experiment per band+segment (checked under an advisory lock).
// Stopping keeps every offer and its history.
//
// Results per variant: sends, deliveries, conversions (acceptedAt), conversion rate with a Wilson 95% CI; the
// difference of each variant against the first (control) with Newcombe's hybrid score 95% CI.
//
// Uplift vs holdout: holdout decisions (Decision.holdout, no message) cannot "convert", so the comparable outcome is
// default within the performance window (Outcome of the decision's as-of month, known `performanceWindowMonths`
// later). Uplift = default rate of the holdout minus default rate of the clients the variant was sent to
// (positive: fewer defaults with the message), Newcombe 95% CI. The holdout is the experiment's band (and segment,
// when it has one) over the same as-of months as the experiment's sent offers, so both sides face the same months;
// each side counts only decisions whose outcome has arrived. When a side has none, `upliftReason` says why.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { db } from '@/lib/db';
import { audit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/session';
import { createExperimentInput, type CreateExperimentInput } from '@/lib/validations/engagement';
import { isUuid } from '@/lib/validations/common';
import { addMonths } from '@/lib/domain/raw';
import {
  newcombeDifference,
  upliftReasonOf,
  upliftVsHoldout,
  wilson,
  type Interval,
  type UpliftReason,
} from './stats';

export type { UpliftReason } from './stats';

export async function createExperiment(raw: CreateExperimentInput, actor: Actor) {
  const input = createExperimentInput.parse(raw);
  const exp = await db.experiment.create({
    data: {
      name: input.name,
      band: input.band,
      segment: input.segment ?? null,
      salt: randomBytes(8).toString('hex'),
      createdById: actor.kind === 'user' ? actor.id : null,
      variants: {
        create: input.variants.map((v) => ({ key: v.key, template: v.template, weight: v.weight })),
      },
    },
  });
  await audit(actor, 'experiment.create', `experiment:${exp.id}`, {
    band: input.band,
    variants: input.variants.length,
  });
  if (input.start) await startExperiment(exp.id, actor);
  return exp.id;
}

export async function startExperiment(id: string, actor: Actor, at = new Date()) {
  if (!isUuid(id)) throw new AppError('engagement.experimentNotFound', {}, 404);
  await db.$transaction(async (tx) => {
    const exp = await tx.experiment.findUnique({ where: { id } });
    if (!exp) throw new AppError('engagement.experimentNotFound', {}, 404);
    if (exp.status !== 'DRAFT') throw new AppError('engagement.experimentNotDraft', {}, 409);
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`experiment:${exp.band}:${exp.segment ?? ''}`}))`;
    const clash = await tx.experiment.count({
      where: { status: 'RUNNING', band: exp.band, segment: exp.segment },
    });
    if (clash > 0) throw new AppError('engagement.experimentAlreadyRunning', {}, 409);
    await tx.experiment.update({ where: { id }, data: { status: 'RUNNING', startedAt: at } });
    await audit(actor, 'experiment.start', `experiment:${id}`, undefined, tx);
  });
}

export async function stopExperiment(id: string, actor: Actor, at = new Date()) {
  if (!isUuid(id)) throw new AppError('engagement.experimentNotFound', {}, 404);
  const r = await db.experiment.updateMany({
    where: { id, status: 'RUNNING' },
    data: { status: 'STOPPED', stoppedAt: at },
  });
  if (r.count === 0) {
    const exists = await db.experiment.count({ where: { id } });
    throw exists
      ? new AppError('engagement.experimentNotRunning', {}, 409)
      : new AppError('engagement.experimentNotFound', {}, 404);
  }
  await audit(actor, 'experiment.stop', `experiment:${id}`);
}

export interface VariantResult {
  key: string;
  weight: number;
  sends: number;
  deliveries: number;
  conversions: number;
  conversionRate: Interval | null;
  /** This variant's rate minus the control's (first variant), Newcombe hybrid score 95% CI; null for the control. */
  differenceVsControl: Interval | null;
  /** Sent offers whose decision's outcome has arrived, and how many of those clients defaulted. */
  matured: number;
  defaults: number;
  /** Default rate of the matured treated clients (Wilson 95% CI). */
  defaultRate: Interval | null;
  /** Holdout default rate minus this variant's (positive: fewer defaults), Newcombe 95% CI; null: see upliftReason. */
  uplift: Interval | null;
  upliftReason: UpliftReason | null;
}

export interface HoldoutResult {
  /** Holdout decisions of the experiment's band (and segment) in the months its offers were sent for. */
  decisions: number;
  matured: number;
  defaults: number;
  defaultRate: Interval | null;
  /** The as-of months compared (those of the experiment's sent offers). */
  months: string[];
  /** When the first outcomes arrive ('YYYY-MM': earliest month + performance window), while none has. */
  firstOutcomeMonth: string | null;
  windowMonths: number | null;
}

export async function experimentResults(id: string) {
  if (!isUuid(id)) throw new AppError('engagement.experimentNotFound', {}, 404);
  const exp = await db.experiment.findUnique({
    where: { id },
    include: { variants: { orderBy: { key: 'asc' } } },
  });
  if (!exp) throw new AppError('engagement.experimentNotFound', {}, 404);
  const rows = await db.$queryRaw<
    { variantKey: string; sends: bigint; deliveries: bigint; conversions: bigint }[]
  >`
    SELECT "variantKey", count(*) FILTER (WHERE "sentAt" IS NOT NULL) AS sends,
           count(*) FILTER (WHERE "deliveredAt" IS NOT NULL) AS deliveries,
           count(*) FILTER (WHERE "acceptedAt" IS NOT NULL) AS conversions
      FROM "Offer" WHERE "experimentId" = ${id}::uuid GROUP BY "variantKey"`;
  const treated = await db.$queryRaw<{ variantKey: string; matured: number; defaults: number }[]>`
    SELECT o."variantKey", count(oc."clientId")::int AS matured, count(*) FILTER (WHERE oc.defaulted)::int AS defaults
      FROM "Offer" o JOIN "Decision" d ON d.id = o."decisionId"
      LEFT JOIN "Outcome" oc ON oc."clientId" = d."clientId" AND oc."referenceMonth" = d."asOfMonth"
     WHERE o."experimentId" = ${id}::uuid AND o."sentAt" IS NOT NULL
     GROUP BY o."variantKey"`;
  const months = (
    await db.$queryRaw<{ m: string }[]>`
      SELECT DISTINCT d."asOfMonth" AS m FROM "Offer" o JOIN "Decision" d ON d.id = o."decisionId"
       WHERE o."experimentId" = ${id}::uuid AND o."sentAt" IS NOT NULL ORDER BY 1`
  ).map((r) => r.m);
  const h = (
    await db.$queryRaw<
      { decisions: number; matured: number; defaults: number; first: string | null; window: number | null }[]
    >`
      SELECT count(*)::int AS decisions, count(oc."clientId")::int AS matured,
             count(*) FILTER (WHERE oc.defaulted)::int AS defaults, min(d."asOfMonth") AS first,
             max(pol."performanceWindowMonths")::int AS window
        FROM "Decision" d JOIN "Client" c ON c.id = d."clientId"
        JOIN "DecisionPolicy" pol ON pol.version = d."policyVersion"
        LEFT JOIN "Outcome" oc ON oc."clientId" = d."clientId" AND oc."referenceMonth" = d."asOfMonth"
       WHERE d.holdout AND d.band = ${exp.band}::"Band" AND d."asOfMonth" = ANY(${months}::text[])
         AND (${exp.segment}::text IS NULL OR c.segment = ${exp.segment}::text)`
  )[0] ?? { decisions: 0, matured: 0, defaults: 0, first: null, window: null };
  const holdout: HoldoutResult = {
    decisions: h.decisions,
    matured: h.matured,
    defaults: h.defaults,
    defaultRate: wilson(h.defaults, h.matured),
    months,
    firstOutcomeMonth: h.matured === 0 && h.first && h.window ? addMonths(h.first, h.window) : null,
    windowMonths: h.window,
  };
  const by = new Map(rows.map((r) => [r.variantKey, r]));
  const byTreated = new Map(treated.map((r) => [r.variantKey, r]));
  const counts = exp.variants.map((v) => {
    const r = by.get(v.key);
    const o = byTreated.get(v.key);
    return {
      v,
      sends: Number(r?.sends ?? 0),
      deliveries: Number(r?.deliveries ?? 0),
      conversions: Number(r?.conversions ?? 0),
      matured: o?.matured ?? 0,
      defaults: o?.defaults ?? 0,
    };
  });
  const control = counts[0];
  const variants: VariantResult[] = counts.map((c, i) => ({
    key: c.v.key,
    weight: c.v.weight,
    sends: c.sends,
    deliveries: c.deliveries,
    conversions: c.conversions,
    conversionRate: wilson(c.conversions, c.sends),
    differenceVsControl:
      i === 0 || !control
        ? null
        : newcombeDifference(c.conversions, c.sends, control.conversions, control.sends),
    matured: c.matured,
    defaults: c.defaults,
    defaultRate: wilson(c.defaults, c.matured),
    uplift: upliftVsHoldout(holdout.defaults, holdout.matured, c.defaults, c.matured),
    upliftReason: upliftReasonOf(c, holdout),
  }));
  return {
    id: exp.id,
    name: exp.name,
    band: exp.band,
    segment: exp.segment,
    status: exp.status,
    startedAt: exp.startedAt,
    stoppedAt: exp.stoppedAt,
    differenceMethod: 'newcombe-hybrid-score',
    upliftOutcome: 'default-within-window',
    holdout,
    variants,
  };
}

/** Records a conversion (the client accepted the offer). Idempotent: the first acceptance wins. */
export async function acceptOffer(offerId: bigint, at = new Date()): Promise<'accepted' | 'already'> {
  const offer = await db.offer.findUnique({ where: { id: offerId } });
  if (!offer) throw new AppError('engagement.offerNotFound', {}, 404);
  if (offer.sentAt === null) throw new AppError('engagement.offerNotSent', {}, 409);
  const r = await db.offer.updateMany({
    where: { id: offerId, acceptedAt: null },
    data: { acceptedAt: at, updatedAt: at },
  });
  if (r.count === 0) return 'already';
  await db.offerEvent.create({
    data: { offerId, at, status: offer.status, source: 'accept', details: { accepted: true } },
  });
  return 'accepted';
}
