// A batch run over the out-of-time months of a demo book (the default model's own book layout, 24 months)
// sorts clients into bands in the shares the model card reports as flagged at 0.20 and 0.50: the ledger's
// decisions are the card's operating point, not another one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { db, pool } from '@/lib/db';
import { addMonths } from '@/lib/domain/raw';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { createBatchRun, workRunHere } from '@/lib/scoring/batch';
import { stopBoss } from '@/lib/jobs/queue';
import { modelCardSchema } from '@/lib/validations/model-card';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoPortfolio(pool(), {
    clients: 4000,
    months: 24,
    today: new Date('2026-12-01T00:00:00Z'),
    computeFeatures: false,
  });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(r.reason);
  await ensureDefaultPolicy();
}, 240_000);

afterAll(async () => {
  await stopBoss();
  await t.drop();
});

describe('band mix of batch decisions', () => {
  it("matches the model card's flagged shares at 0.20 and 0.50 on its out-of-time months", async () => {
    const m = await db.modelVersion.findFirstOrThrow({ where: { status: 'CHAMPION' } });
    const card = modelCardSchema.parse(m.card);
    const oot = card.training!.ootWindow!;
    const at = (th: number) =>
      card.metrics!.outOfTime!.atThreshold.find((x) => x.threshold === th)!.flaggedShare!;
    const runs: string[] = [];
    for (let month = oot.from; month <= oot.to; month = addMonths(month, 1)) {
      const run = await createBatchRun({ asOfMonth: month, chunkClients: 2000, origin: 'test' }, null);
      await workRunHere(run.id, { pollMs: 50 });
      runs.push(run.id);
    }
    const r = await pool().query<{ n: number; flagged: number; critical: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE band <> 'LOW')::int AS flagged,
              count(*) FILTER (WHERE band = 'CRITICAL')::int AS critical
         FROM "Decision" WHERE "runId" = ANY($1::uuid[])`,
      [runs],
    );
    const { n, flagged, critical } = r.rows[0]!;
    expect(n).toBeGreaterThan(8000);
    // Within 4 standard errors of a sample of n clients from the card's 20,000-client book.
    for (const [share, expected] of [
      [flagged / n, at(0.2)],
      [critical / n, at(0.5)],
    ] as const) {
      const se = Math.sqrt((expected * (1 - expected)) / n);
      expect(Math.abs(share - expected), `share ${share} vs card ${expected} (n=${n})`).toBeLessThan(4 * se);
    }
  }, 240_000);
});
