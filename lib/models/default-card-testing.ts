// Shared by the default-card alignment tests (the small books in CI, the full book in the slow tests): seed a demo
// book as of a date, register the default model into it, and recompute the card's out-of-time figures from the
// database alone.
import { expect } from 'vitest';
import { createTestDatabase } from '@/lib/test/db';
import { db, pool } from '@/lib/db';
import { addMonths, monthDiff } from '@/lib/domain/raw';
import { FEATURE_SET_VERSION } from '@/lib/features/fs-v1';
import { computeFeatureBatch } from '@/lib/features/store';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { predictProbaBatch } from '@/lib/ml/tree-eval';
import { auc } from '@/lib/metrics/classification';
import type { ModelCard } from '@/lib/models/card';
import { registerDefaultModel, type CardBook } from '@/lib/models/default-model';
import { demoWindow, seedDemoPortfolio } from '@/lib/seed/demo';
import { DEFAULT_MODEL_CONFIG } from '@/scripts/train-default';

export type RegisteredCard = ModelCard & {
  training: NonNullable<ModelCard['training']> & { book: CardBook };
};

export interface Recomputed {
  rows: number;
  positives: number;
  auc: number;
}

/**
 * Everything stored about the book, keyed by client and month index in the book rather than by calendar month:
 * statements, bureau snapshots (with their day), outcomes and feature snapshots. Two books agree on it exactly
 * when the data of month n is the same whatever month n is called.
 */
export async function bookByIndex(bookStart: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const idx = (ym: string) => monthDiff(ym, bookStart);
  const q = (sql: string) =>
    pool()
      .query(sql)
      .then((r) => r.rows as Record<string, unknown>[]);
  for (const { ext, m, ...rest } of await q(
    `SELECT c."externalId" AS ext, s."referenceMonth" AS m, s."creditLimit"::text, s."statementBalance"::text,
            s."minimumDue"::text, s."amountPaid"::text, s."revolvingBalance"::text, s."monthsPastDue",
            s.purchases::text, s."cashAdvances"::text
       FROM "MonthlyStatement" s JOIN "Client" c ON c.id = s."clientId"`,
  ))
    out.set(`statement ${ext}@${idx(m as string)}`, JSON.stringify(rest));
  for (const { ext, d, ...rest } of await q(
    `SELECT c."externalId" AS ext, b."referenceDate"::text AS d, b."totalDebt"::text, b."overdueDebt"::text,
            b."numInstitutions", b."personalLoanDebt"::text
       FROM "BureauSnapshot" b JOIN "Client" c ON c.id = b."clientId"`,
  ))
    out.set(
      `bureau ${ext}@${idx((d as string).slice(0, 7))}-${(d as string).slice(8)}`,
      JSON.stringify(rest),
    );
  for (const { ext, m, defaulted, observed } of await q(
    `SELECT c."externalId" AS ext, o."referenceMonth" AS m, o.defaulted, o."observedAt"::text AS observed
       FROM "Outcome" o JOIN "Client" c ON c.id = o."clientId"`,
  ))
    out.set(
      `outcome ${ext}@${idx(m as string)}`,
      `${defaulted} observed at ${idx((observed as string).slice(0, 7))}`,
    );
  for (const { ext, m, v } of await q(
    `SELECT c."externalId" AS ext, f."asOfMonth" AS m, f."values" AS v
       FROM "FeatureSnapshot" f JOIN "Client" c ON c.id = f."clientId"
      WHERE f."featureSetVersion" = '${FEATURE_SET_VERSION}'`,
  ))
    out.set(`features ${ext}@${idx(m as string)}`, JSON.stringify(v));
  return out;
}

/** The registered champion and its card. */
export async function champion() {
  const m = await db.modelVersion.findFirstOrThrow({ where: { status: 'CHAMPION' } });
  return { card: m.card as unknown as RegisteredCard, lightgbmText: m.lightgbmText! };
}

/**
 * The out-of-time figures from the database alone: snapshots of the card's out-of-time months joined with their
 * outcomes, scored with the registered model's trees.
 */
export async function recompute(card: RegisteredCard, lightgbmText: string): Promise<Recomputed> {
  const w = card.training.ootWindow!;
  const r = await pool().query<{ v: number[]; d: boolean }>(
    `SELECT f."values" AS v, o.defaulted AS d
       FROM "FeatureSnapshot" f
       JOIN "Outcome" o ON o."clientId" = f."clientId" AND o."referenceMonth" = f."asOfMonth"
      WHERE f."featureSetVersion" = $1 AND f."asOfMonth" BETWEEN $2 AND $3`,
    [FEATURE_SET_VERSION, w.from, w.to],
  );
  const d = card.featureNames.length;
  const X = new Float32Array(r.rows.length * d);
  const y = new Uint8Array(r.rows.length);
  r.rows.forEach((row, i) => {
    row.v.forEach((x, j) => (X[i * d + j] = x === null ? NaN : x));
    y[i] = row.d ? 1 : 0;
  });
  const proba = predictProbaBatch(parseLightGbmText(lightgbmText), X, r.rows.length, d);
  return { rows: r.rows.length, positives: y.reduce((s, v) => s + v, 0), auc: auc(proba, y) };
}

/**
 * Seeds a demo book as of `today` into a fresh database, registers the model in `dir`, recomputes, drops.
 * `ootFeaturesOnly`: compute the snapshots of the card's out-of-time months only, with the seed's own
 * computeFeatureBatch (a month's snapshot does not depend on other months being computed), to spare the time of
 * the other 21 months on a full-size book.
 */
export async function seedRegisterRecompute(
  today: Date,
  clients: number,
  opts: { dir?: string; ootFeaturesOnly?: boolean } = {},
) {
  const t = await createTestDatabase();
  try {
    await seedDemoPortfolio(pool(), {
      clients,
      months: DEFAULT_MODEL_CONFIG.months,
      today,
      computeFeatures: !opts.ootFeaturesOnly,
    });
    const r = await registerDefaultModel(null, opts.dir);
    expect(r.registered).toBe(true);
    const { card, lightgbmText } = await champion();
    if (opts.ootFeaturesOnly) {
      const w = card.training.ootWindow!;
      for (let m = w.from; m <= w.to; m = addMonths(m, 1)) await computeFeatureBatch(pool(), m);
    }
    const { startMonth } = demoWindow(DEFAULT_MODEL_CONFIG.months, today);
    return {
      startMonth,
      card,
      recomputed: await recompute(card, lightgbmText),
      book: opts.ootFeaturesOnly ? null : await bookByIndex(startMonth),
    };
  } finally {
    await t.drop();
  }
}

/** The windows of DEFAULT_MODEL_CONFIG (1-based months of the book) as months of a book starting at `start`. */
export function expectedWindows(start: string) {
  const w = ([a, b]: [number, number]) => ({ from: addMonths(start, a - 1), to: addMonths(start, b - 1) });
  return {
    trainWindow: w(DEFAULT_MODEL_CONFIG.trainMonths),
    validWindow: w(DEFAULT_MODEL_CONFIG.validMonths),
    ootWindow: w(DEFAULT_MODEL_CONFIG.ootMonths),
  };
}
