// The default model's card, registered into a fresh install, names the months of that install's demo book (which
// moves with the calendar), and its out-of-time figures are the ones the install's own snapshots and outcomes give.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/lib/test/db';
import { db, pool } from '@/lib/db';
import { addMonths, monthDiff } from '@/lib/domain/raw';
import { FEATURE_SET_VERSION } from '@/lib/features/fs-v1';
import { computeFeatureBatch } from '@/lib/features/store';
import { ingestFile } from '@/lib/ingest/store';
import { parseLightGbmText } from '@/lib/ml/lightgbm/parse';
import { predictProbaBatch } from '@/lib/ml/tree-eval';
import { auc } from '@/lib/metrics/classification';
import type { ModelCard } from '@/lib/models/card';
import { registerDefaultModel, type CardBook } from '@/lib/models/default-model';
import { demoWindow, seedDemoPortfolio } from '@/lib/seed/demo';
import {
  buildDefaultModel,
  DEFAULT_MODEL_CONFIG,
  writeDefaultModel,
  type DefaultModelConfig,
} from '@/scripts/train-default';

type RegisteredCard = ModelCard & { training: NonNullable<ModelCard['training']> & { book: CardBook } };

interface Recomputed {
  rows: number;
  positives: number;
  auc: number;
}

/**
 * Everything stored about the book, keyed by client and month index in the book rather than by calendar month:
 * statements, bureau snapshots (with their day), outcomes and feature snapshots. Two books agree on it exactly
 * when the data of month n is the same whatever month n is called.
 */
async function bookByIndex(bookStart: string): Promise<Map<string, string>> {
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
async function champion() {
  const m = await db.modelVersion.findFirstOrThrow({ where: { status: 'CHAMPION' } });
  return { card: m.card as unknown as RegisteredCard, lightgbmText: m.lightgbmText! };
}

/**
 * The out-of-time figures from the database alone: snapshots of the card's out-of-time months joined with their
 * outcomes, scored with the registered model's trees.
 */
async function recompute(card: RegisteredCard, lightgbmText: string): Promise<Recomputed> {
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
async function seedRegisterRecompute(
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
function expectedWindows(start: string) {
  const w = ([a, b]: [number, number]) => ({ from: addMonths(start, a - 1), to: addMonths(start, b - 1) });
  return {
    trainWindow: w(DEFAULT_MODEL_CONFIG.trainMonths),
    validWindow: w(DEFAULT_MODEL_CONFIG.validMonths),
    ootWindow: w(DEFAULT_MODEL_CONFIG.ootMonths),
  };
}

describe('the default card registered into a small demo book, for two start dates', () => {
  // The model built by the same code as `npm run model:default`, on a book as small as the one seeded here, so
  // its card's figures are the seeded book's own.
  const small: DefaultModelConfig = {
    ...DEFAULT_MODEL_CONFIG,
    clients: 600,
    params: { ...DEFAULT_MODEL_CONFIG.params, numIterations: 20, earlyStoppingRounds: 0, minDataInLeaf: 40 },
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-default-card-'));
  const built = buildDefaultModel(small);
  const runs: Awaited<ReturnType<typeof seedRegisterRecompute>>[] = [];
  beforeAll(async () => {
    await writeDefaultModel(dir, built);
    for (const today of [new Date('2025-08-20T10:00:00Z'), new Date('2026-03-05T10:00:00Z')]) {
      runs.push(await seedRegisterRecompute(today, small.clients, { dir }));
    }
  }, 180_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the windows, the shift and the data note after each book, keeping the figures', () => {
    expect(runs.map((r) => r.startMonth)).toEqual(['2023-08', '2024-03']);
    for (const { startMonth, card } of runs) {
      expect(card.training).toMatchObject(expectedWindows(startMonth));
      expect(card.training.book).toEqual({
        startMonth,
        months: 24,
        clients: small.clients,
        seed: small.seed,
        shiftStartMonth: addMonths(startMonth, 17),
        relabelledFrom: '2025-01',
      });
      expect(card.notes).toContain(
        `Data: the simulated demo portfolio (lib/simulator), ${small.clients} clients x 24 months from ${startMonth}, seed 2026, the same book \`npm start\` loads as demo data.`,
      );
      expect(card.notes!.join(' ')).not.toContain('2025-01');
      expect(card.metrics).toEqual(built.card.metrics);
      expect(card.reference).toEqual(built.card.reference);
    }
  });

  it("gives the card's out-of-time AUC and rows when recomputed from each book's own snapshots and outcomes", () => {
    for (const { card, recomputed } of runs) {
      const oot = card.metrics!.outOfTime!;
      expect(recomputed.rows).toBe(oot.rows);
      expect(recomputed.positives).toBe(oot.positives);
      expect(recomputed.auc).toBeCloseTo(oot.auc, 6);
    }
  });

  it('holds the same statements, bureau, outcomes and features at the same month of the book, whatever its calendar months', () => {
    const [a, b] = runs.map((r) => r.book!);
    expect(a!.size).toBeGreaterThan(small.clients * 24 * 2);
    expect(b!.size).toBe(a!.size);
    const differing = [...a!].filter(([key, value]) => b!.get(key) !== value).map(([key]) => key);
    expect(differing.slice(0, 5)).toEqual([]);
  });
});

// One full-size book: the committed card's figures are those of 20,000 clients. Loading them is most of this
// file's time; the timeout leaves room for a machine shared with other work.
describe('the default card of models/ registered into the full demo book', () => {
  it('gives the out-of-time AUC and rows of models/model-card.json, recomputed from the book started on 2026-12-01', async () => {
    const onDisk = JSON.parse(
      fs.readFileSync(path.resolve('models/model-card.json'), 'utf8'),
    ) as RegisteredCard;
    const { startMonth, card, recomputed } = await seedRegisterRecompute(
      new Date('2026-12-01T09:00:00Z'),
      DEFAULT_MODEL_CONFIG.clients,
      { ootFeaturesOnly: true },
    );
    expect(startMonth).toBe('2024-12');
    expect(card.training).toMatchObject(expectedWindows('2024-12'));
    expect(card.training.ootWindow).toEqual({ from: '2026-02', to: '2026-04' });
    const oot = onDisk.metrics!.outOfTime!;
    expect(card.metrics!.outOfTime).toEqual(oot);
    expect(recomputed.rows).toBe(oot.rows);
    expect(recomputed.positives).toBe(oot.positives);
    expect(recomputed.auc.toFixed(4)).toBe(oot.auc.toFixed(4));
    expect(recomputed.auc).toBeCloseTo(oot.auc, 6);
  }, 300_000);
});

describe('the default card registered into data that is not the demo book', () => {
  it('keeps the months it was built with and says whose they are', async () => {
    const t = await createTestDatabase();
    try {
      const csv = (lines: string[]) => [Buffer.from(lines.join('\n'))] as never;
      const actor = { id: null, name: 'test' };
      for (const [kind, lines] of [
        [
          'clients',
          [
            'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name',
            'REAL-1,MASS,SE,1980-05-01,2020-01-10,true,false,false,false,,,',
          ],
        ],
        [
          'statements',
          [
            'clientExternalId,referenceMonth,creditLimit,statementBalance,minimumDue,amountPaid,revolvingBalance,monthsPastDue,purchases,cashAdvances',
            'REAL-1,2026-10,5000,1200,180,1200,0,0,,',
          ],
        ],
      ] as const) {
        const r = await ingestFile(pool(), {
          kind,
          format: 'csv',
          source: csv([...lines]),
          origin: 'upload',
          actor,
        });
        expect(r.status).toBe('COMPLETED');
      }
      expect((await registerDefaultModel(null)).registered).toBe(true);
      const { card } = await champion();
      expect(card.training).toMatchObject(expectedWindows('2025-01'));
      expect(card.training.book.startMonth).toBe('2025-01');
      expect(card.training.book.relabelledFrom).toBeUndefined();
      expect(card.notes!.at(-1)).toMatch(
        /^Registered unchanged: its months \(2025-01\.\.2026-12\) are those of/,
      );
    } finally {
      await t.drop();
    }
  });
});
