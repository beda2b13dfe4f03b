// A/B tests of offer messages (Campanhas). An experiment targets one band (and optionally one segment) and has
// two or more weighted variants; assignment is deterministic (lib/engagement/assignment.ts) and happens when the
// dispatcher renders the message. Only one RUNNING experiment per band+segment (checked under an advisory lock).
// Stopping keeps every offer and its history.
//
// Results per variant: sends, deliveries, conversions (acceptedAt), conversion rate with a Wilson 95% CI; the
// difference of each variant against the first (control) with Newcombe's hybrid score 95% CI. Uplift vs holdout:
// holdout decisions get no message, so they have no "conversion"; the comparable outcome is default. Uplift =
// default rate of holdout decisions (same band, experiment window) minus default rate of clients treated by the
// variant, both over decisions whose outcome has matured (Decision joined to the client's outcome for that month
// is not available here yet, so uplift is reported as null = n/a until outcomes are wired: see `uplift`).
import 'server-only';
import { randomBytes } from 'node:crypto';
import { db } from '@/lib/db';
import { audit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/session';
import { createExperimentInput, type CreateExperimentInput } from '@/lib/validations/engagement';
import { newcombeDifference, wilson, type Interval } from './stats';

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
  /** n/a (null) until matured default outcomes can be compared with the holdout: see the header comment. */
  uplift: null;
}

export async function experimentResults(id: string) {
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
  const by = new Map(rows.map((r) => [r.variantKey, r]));
  const counts = exp.variants.map((v) => {
    const r = by.get(v.key);
    return {
      v,
      sends: Number(r?.sends ?? 0),
      deliveries: Number(r?.deliveries ?? 0),
      conversions: Number(r?.conversions ?? 0),
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
    uplift: null,
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
