// The default model's card, registered into a fresh install, names the months of that install's demo book (which
// moves with the calendar), and its out-of-time figures are the ones the install's own snapshots and outcomes give.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { champion, expectedWindows, seedRegisterRecompute } from '@/lib/models/default-card-testing';
import { createTestDatabase } from '@/lib/test/db';
import { pool } from '@/lib/db';
import { addMonths } from '@/lib/domain/raw';
import { ingestFile } from '@/lib/ingest/store';
import { registerDefaultModel } from '@/lib/models/default-model';
import {
  buildDefaultModel,
  DEFAULT_MODEL_CONFIG,
  writeDefaultModel,
  type DefaultModelConfig,
} from '@/scripts/train-default';

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
