// The batch path (SQL windows + the pure functions) and the real-time path (one client's full history) give
// bit-identical vectors; future data never changes a past vector; snapshots are idempotent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { pool } from '@/lib/db';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import {
  computeChunk,
  computeFeatureBatch,
  featuresForClient,
  loadTrainingSet,
  storedSnapshot,
} from '@/lib/features/store';
import { FEATURE_NAMES, NUM_FEATURES } from '@/lib/features/fs-v1';
import { ingestFile } from '@/lib/ingest/store';

let t: TestDatabase;
const today = new Date('2026-11-26T12:00:00Z');
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoPortfolio(pool(), { clients: 300, months: 12, today });
});
afterAll(() => t.drop());

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++)
    expect(Object.is(a[i], b[i]), `feature ${FEATURE_NAMES[i]}: ${a[i]} vs ${b[i]}`).toBe(true);
};

describe('feature store', () => {
  it('the demo seed loaded clients, statements, bureau and outcomes and a snapshot per client and month', async () => {
    const counts = await pool()
      .query(`select (select count(*) from "Client")::int c, (select count(*) from "MonthlyStatement")::int s,
      (select count(*) from "BureauSnapshot")::int b, (select count(*) from "Outcome")::int o,
      (select count(*) from "FeatureSnapshot")::int f, (select count(*) from "FeatureRun")::int r`);
    const c = counts.rows[0];
    expect(c.c).toBe(300);
    expect(c.s).toBeGreaterThan(300 * 9);
    expect(c.b).toBeGreaterThan(0);
    expect(c.o).toBeGreaterThan(0);
    expect(c.f).toBe(300 * 12);
    expect(c.r).toBe(12);
  });

  it('batch and per-client features agree exactly on every feature, for every client, in several months', async () => {
    for (const asOf of ['2025-12', '2026-05', '2026-10']) {
      const chunk = await computeChunk(pool(), asOf, 0, Number.MAX_SAFE_INTEGER);
      expect(chunk.clientIds).toHaveLength(300);
      for (let i = 0; i < chunk.clientIds.length; i++) {
        const rt = await featuresForClient(pool(), chunk.externalIds[i]!, asOf);
        same(chunk.values.subarray(i * NUM_FEATURES, (i + 1) * NUM_FEATURES), rt!);
        const stored = await storedSnapshot(pool(), chunk.externalIds[i]!, asOf);
        same(stored!, rt!);
      }
    }
  });

  it('future statements and bureau snapshots never change a past feature vector', async () => {
    const ext = (await pool().query(`select "externalId" from "Client" order by id limit 1`)).rows[0]
      .externalId as string;
    const before = await featuresForClient(pool(), ext, '2026-03');
    const future = [
      'clientExternalId,referenceMonth,creditLimit,statementBalance,minimumDue,amountPaid,revolvingBalance,monthsPastDue,purchases,cashAdvances',
      `${ext},2026-04,1,999999,0,0,999999,12,,`,
      `${ext},2026-07,99999,0,0,0,0,9,,`,
    ].join('\n');
    const bureau = [
      'clientExternalId,referenceDate,totalDebt,overdueDebt,numInstitutions,personalLoanDebt',
      `${ext},2026-04-01,99999999,9999999,99,5`,
    ].join('\n');
    const actor = { id: null, name: 'test' };
    expect(
      (
        await ingestFile(pool(), {
          kind: 'statements',
          format: 'csv',
          source: [Buffer.from(future)] as never,
          origin: 'test',
          actor,
        })
      ).status,
    ).toBe('COMPLETED');
    expect(
      (
        await ingestFile(pool(), {
          kind: 'bureau',
          format: 'csv',
          source: [Buffer.from(bureau)] as never,
          origin: 'test',
          actor,
        })
      ).status,
    ).toBe('COMPLETED');
    same((await featuresForClient(pool(), ext, '2026-03'))!, before!);
    const batch = await computeChunk(pool(), '2026-03', 0, Number.MAX_SAFE_INTEGER);
    const i = batch.externalIds.indexOf(ext);
    same(batch.values.subarray(i * NUM_FEATURES, (i + 1) * NUM_FEATURES), before!);
  });

  it('recomputing a month is idempotent and records its statistics', async () => {
    const before = await pool().query(
      `select max("computedAt") m from "FeatureSnapshot" where "asOfMonth" = '2025-12'`,
    );
    const r = await computeFeatureBatch(pool(), '2025-12');
    expect(r.clients).toBe(300);
    const after = await pool().query(
      `select max("computedAt") m, count(*)::int n from "FeatureSnapshot" where "asOfMonth" = '2025-12'`,
    );
    expect(after.rows[0].n).toBe(300);
    expect(after.rows[0].m).toEqual(before.rows[0].m);
    expect(r.stats.features.map((f) => f.name)).toEqual(FEATURE_NAMES);
    const limit = r.stats.features.find((f) => f.name === 'limite_credito')!;
    expect(limit.count + limit.missing).toBe(300);
    expect(limit.quantiles.length).toBe(5);
  });

  it('labelled training rows join snapshots to the outcome of the same month', async () => {
    const ts = await loadTrainingSet(pool(), '2025-12', '2026-03');
    expect(ts.nRows).toBeGreaterThan(0);
    expect(ts.X.length).toBe(ts.nRows * NUM_FEATURES);
    expect(new Set(ts.months)).toEqual(new Set(['2025-12', '2026-01', '2026-02', '2026-03']));
    const o = await pool().query(
      `select count(*)::int n from "Outcome" where "referenceMonth" between '2025-12' and '2026-03'`,
    );
    expect(ts.nRows).toBe(o.rows[0].n);
  });

  it('rejects a malformed month', async () => {
    await expect(computeFeatureBatch(pool(), '2026-13')).rejects.toThrow(/YYYY-MM/);
  });
});
