// A batch run over a small demo book, end to end through the real queue, model, TreeSHAP and ledger: one
// decision per client of the scoring population, alerts for CRITICAL, offers for MODERATE, a holdout near its
// share, exact reason codes, an idempotent re-run, the append-only ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { pool } from '@/lib/db';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { ensureDefaultPolicy, getActivePolicy } from '@/lib/policy/store';
import { createBatchRun, runChunk, storeSnapshots, workRunHere } from '@/lib/scoring/batch';
import { stopBoss } from '@/lib/jobs/queue';
import { decideChunk } from '@/lib/scoring/decide-chunk';
import { scoringModel } from '@/lib/scoring/models';
import { parseRunSummary } from '@/lib/scoring/summary';
import { NUM_FEATURES } from '@/lib/features/fs-v1';
import { decisionIds } from '@/lib/decisions/ledger';

let t: TestDatabase;
const MONTH = '2026-06';
let modelId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoPortfolio(pool(), { clients: 2500, months: 12, today: new Date('2026-12-01T00:00:00Z') });
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(`default model not registered: ${r.reason}`);
  modelId = r.id;
  await ensureDefaultPolicy();
}, 240_000);

afterAll(async () => {
  await stopBoss();
  await t.drop();
});

async function population(month: string): Promise<number> {
  const r = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "MonthlyStatement" WHERE "referenceMonth" = $1 AND "monthsPastDue" = 0`,
    [month],
  );
  return r.rows[0]!.n;
}

describe('batch scoring run', () => {
  let runId: string;

  it('decides exactly once for every client of the scoring population, with alerts and offers', async () => {
    const run = await createBatchRun({ asOfMonth: MONTH, chunkClients: 500, origin: 'test' }, null);
    runId = run.id;
    const expected = await population(MONTH);
    expect(run.clientsTotal).toBe(expected);
    expect(run.chunksTotal).toBe(Math.ceil(expected / 500));
    await workRunHere(run.id, { pollMs: 50 });

    const p = pool();
    const r = (
      await p.query(
        `SELECT status, decisions, "clientsDone", holdout, "alertsOpened", "offersQueued", unchanged, summary
           FROM "ScoringRun" WHERE id = $1`,
        [run.id],
      )
    ).rows[0];
    expect(r.status).toBe('SUCCEEDED');
    expect(r.decisions).toBe(expected);
    expect(r.clientsDone).toBe(expected);
    const per = await p.query<{ n: number; d: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT "clientId")::int AS d FROM "Decision" WHERE "runId" = $1`,
      [run.id],
    );
    expect(per.rows[0]).toEqual({ n: expected, d: expected });

    // Alerts: one per CRITICAL decision not in the holdout; offers: one per MODERATE digital decision.
    const byAction = await p.query<{ band: string; action: string; holdout: boolean; n: number }>(
      `SELECT band, action, holdout, count(*)::int AS n FROM "Decision" WHERE "runId" = $1
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [run.id],
    );
    const count = (f: (x: { band: string; action: string; holdout: boolean }) => boolean) =>
      byAction.rows.filter(f).reduce((s, x) => s + x.n, 0);
    const calls = count((x) => x.action === 'MANAGER_CALL');
    const offers = count((x) => x.action === 'DIGITAL_OFFER');
    expect(calls).toBeGreaterThan(0);
    expect(offers).toBeGreaterThan(0);
    expect(count((x) => x.holdout && x.action !== 'NONE')).toBe(0);
    expect(count((x) => x.band === 'CRITICAL' && !x.holdout && x.action === 'NONE')).toBe(0);
    const alerts = await p.query<{ n: number; open: number }>(
      `SELECT count(*)::int AS n, count("openClientId")::int AS open FROM "Alert"`,
    );
    expect(alerts.rows[0]).toEqual({ n: calls, open: calls });
    expect(r.alertsOpened).toBe(calls);
    const o = await p.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Offer" WHERE status = 'QUEUED'`);
    expect(o.rows[0]!.n).toBe(offers);
    expect(r.offersQueued).toBe(offers);

    // Holdout within 4 standard errors of 5%.
    const share = r.holdout / expected;
    const se = Math.sqrt((0.05 * 0.95) / expected);
    expect(Math.abs(share - 0.05)).toBeLessThan(4 * se);

    const summary = parseRunSummary(r.summary);
    expect(summary).not.toBeNull();
    expect(summary!.clients).toBe(expected);
    expect(summary!.counts.LOW + summary!.counts.MODERATE + summary!.counts.CRITICAL).toBe(expected);
    expect(summary!.histogram.reduce((a, b) => a + b, 0)).toBe(expected);
  });

  it('stores reason codes that are the top positive TreeSHAP contributions, exactly additive', async () => {
    const p = pool();
    const rows = await p.query<{
      cid: number;
      ext: string;
      f: number[];
      p: number;
      rc: unknown;
      base: number;
    }>(
      `SELECT d."clientId"::float8 AS cid, c."externalId" AS ext, d.features AS f, d."yProba" AS p,
              d."reasonCodes" AS rc, d."baseValue" AS base
         FROM "Decision" d JOIN "Client" c ON c.id = d."clientId" WHERE d."runId" = $1 ORDER BY d.id LIMIT 200`,
      [runId],
    );
    const model = await scoringModel(modelId);
    const policy = (await getActivePolicy(p))!;
    const features = new Float64Array(rows.rows.length * NUM_FEATURES);
    rows.rows.forEach((r, i) =>
      r.f.forEach((v, j) => (features[i * NUM_FEATURES + j] = v === null ? NaN : Number(v))),
    );
    const out = await decideChunk(
      model,
      policy,
      {
        clientIds: rows.rows.map((r) => r.cid),
        externalIds: rows.rows.map((r) => r.ext),
        contacts: rows.rows.map(() => ({ consents: { app: true, email: true, sms: true, whatsapp: true } })),
        features,
      },
      { keepContributions: true },
    );
    const k = model.featureNames.length;
    let worst = 0;
    rows.rows.forEach((r, i) => {
      expect(out.yProba[i]).toBe(r.p);
      let sum = out.baseValue;
      for (let j = 0; j < k; j++) sum += out.contributions![i * k + j]!;
      worst = Math.max(worst, Math.abs(sum - Math.log(r.p / (1 - r.p))));
      expect(r.rc).toEqual(out.reasonCodes[i]);
      expect(r.base).toBe(out.baseValue);
      const rc = r.rc as { contribution: number }[];
      expect(rc.length).toBeLessThanOrEqual(3);
      for (let a = 1; a < rc.length; a++)
        expect(rc[a - 1]!.contribution).toBeGreaterThanOrEqual(rc[a]!.contribution);
      for (const c of rc) expect(c.contribution).toBeGreaterThan(0);
    });
    expect(worst).toBeLessThan(1e-6);
  });

  it('re-running the same month with the same model and policy stores nothing new and says unchanged', async () => {
    const before = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "Decision"`);
    const run = await createBatchRun({ asOfMonth: MONTH, chunkClients: 500, origin: 'test' }, null);
    await workRunHere(run.id, { pollMs: 50 });
    const r = (
      await pool().query(`SELECT status, decisions, unchanged FROM "ScoringRun" WHERE id = $1`, [run.id])
    ).rows[0];
    expect(r).toEqual({ status: 'SUCCEEDED', decisions: 0, unchanged: run.clientsTotal });
    const after = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "Decision"`);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('starts one run of a month, model and policy at a time: a second one is refused while the first is open', async () => {
    const month = '2026-03';
    const started = await Promise.allSettled([
      createBatchRun({ asOfMonth: month, chunkClients: 500, origin: 'test' }, null),
      createBatchRun({ asOfMonth: month, chunkClients: 500, origin: 'test' }, null),
    ]);
    const ok = started.filter((x) => x.status === 'fulfilled');
    const refused = started.filter((x) => x.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const first = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof createBatchRun>>>).value;
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
      code: 'scoring.runInProgress',
      status: 409,
      field: 'asOfMonth',
      params: { month, id: first.id },
    });
    await workRunHere(first.id, { pollMs: 50 });
    // Finished: the month may be scored again (every client unchanged), and exactly once per client in all.
    const again = await createBatchRun({ asOfMonth: month, chunkClients: 500, origin: 'test' }, null);
    await workRunHere(again.id, { pollMs: 50 });
    const r = await pool().query<{ n: number; d: number; unchanged: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT "clientId")::int AS d,
              (SELECT unchanged FROM "ScoringRun" WHERE id = $2) AS unchanged
         FROM "Decision" WHERE "asOfMonth" = $1 AND "runId" IN (SELECT id FROM "ScoringRun" WHERE kind = 'BATCH')`,
      [month, again.id],
    );
    expect(r.rows[0]).toEqual({
      n: first.clientsTotal,
      d: first.clientsTotal,
      unchanged: first.clientsTotal,
    });
  });

  it('a chunk delivered twice (a retry after its worker died) writes nothing twice', async () => {
    const run = await createBatchRun({ asOfMonth: '2026-05', chunkClients: 500, origin: 'test' }, null);
    const first = await runChunk({ runId: run.id, idx: 0 });
    const again = await runChunk({ runId: run.id, idx: 0 });
    expect(first.decisions).toBeGreaterThan(0);
    expect(again).toEqual({ skipped: 'done' });
    // Simulate a crash after the claim: the chunk is RUNNING again but its decisions are there.
    await pool().query(`UPDATE "ScoringChunk" SET status = 'RUNNING' WHERE "runId" = $1 AND idx = 1`, [
      run.id,
    ]);
    await Promise.all([runChunk({ runId: run.id, idx: 1 }), runChunk({ runId: run.id, idx: 1 })]);
    await workRunHere(run.id, { pollMs: 50 });
    const per = await pool().query<{ n: number; d: number; total: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT "clientId")::int AS d,
              (SELECT "clientsTotal" FROM "ScoringRun" WHERE id = $1) AS total
         FROM "Decision" WHERE "runId" = $1`,
      [run.id],
    );
    expect(per.rows[0]!.n).toBe(per.rows[0]!.total);
    expect(per.rows[0]!.d).toBe(per.rows[0]!.total);
    const r = (await pool().query(`SELECT status, decisions FROM "ScoringRun" WHERE id = $1`, [run.id]))
      .rows[0];
    expect(r).toEqual({ status: 'SUCCEEDED', decisions: per.rows[0]!.total });
  });

  it("follows each client's consents and the do-not-call list, and decides on the month's stored snapshots", async () => {
    const month = '2026-04';
    const p = pool();
    const ids = (
      await p.query<{ id: number }>(
        `SELECT "clientId"::float8 AS id FROM "MonthlyStatement"
          WHERE "referenceMonth" = $1 AND "monthsPastDue" = 0 ORDER BY "clientId"`,
        [month],
      )
    ).rows.map((r) => r.id);
    const saved = await p.query(
      `SELECT array_agg(id) AS id, array_agg("doNotCall") AS dnc, array_agg("consentApp") AS app,
              array_agg("consentEmail") AS email, array_agg("consentSms") AS sms,
              array_agg("consentWhatsapp") AS wa FROM "Client"`,
    );
    // Nobody may be phoned; a third of the book allows no digital channel, the rest e-mail only.
    const silent = ids.filter((_, i) => i % 3 === 0);
    await p.query(
      `UPDATE "Client" SET "doNotCall" = true, "consentApp" = false, "consentSms" = false,
              "consentWhatsapp" = false, "consentEmail" = NOT (id = ANY($1::bigint[]))`,
      [silent],
    );
    // Two clients have the month's snapshot (values no computation would give): the run must use them, and
    // compute and store everyone else's.
    const planted = [ids[1]!, ids[2]!];
    const values = Array.from({ length: NUM_FEATURES }, (_, j) => (j === 0 ? 999_999 : j / 7));
    await p.query(`DELETE FROM "FeatureSnapshot" WHERE "asOfMonth" = $1`, [month]);
    await p.query(
      `INSERT INTO "FeatureSnapshot" ("clientId", "asOfMonth", "featureSetVersion", "values")
       SELECT unnest($1::bigint[]), $2, 'fs-v1', $3::float8[]`,
      [planted, month, values],
    );
    try {
      const run = await createBatchRun({ asOfMonth: month, chunkClients: 500, origin: 'test' }, null);
      await workRunHere(run.id, { pollMs: 50 });
      const r = (
        await p.query(
          `SELECT status, decisions, "alertsOpened", "featuresComputed" FROM "ScoringRun" WHERE id = $1`,
          [run.id],
        )
      ).rows[0];
      expect(r).toMatchObject({ status: 'SUCCEEDED', decisions: ids.length, alertsOpened: 0 });
      expect(r.featuresComputed).toBe(ids.length - planted.length);
      const d = await p.query<{
        cid: number;
        band: string;
        action: string;
        channel: string;
        holdout: boolean;
      }>(
        `SELECT "clientId"::float8 AS cid, band, action, channel, holdout FROM "Decision" WHERE "runId" = $1`,
        [run.id],
      );
      const silentSet = new Set(silent);
      let critical = 0;
      for (const x of d.rows) {
        expect(x.action).not.toBe('MANAGER_CALL');
        if (x.holdout) continue;
        if (x.band === 'CRITICAL') critical++;
        if (silentSet.has(x.cid)) expect([x.action, x.channel]).toEqual(['NONE', 'NONE']);
        else if (x.band !== 'LOW') expect([x.action, x.channel]).toEqual(['DIGITAL_OFFER', 'EMAIL']);
      }
      expect(critical).toBeGreaterThan(0);
      const used = await p.query<{ f: number[] }>(
        `SELECT features AS f FROM "Decision" WHERE "runId" = $1 AND "clientId" = ANY($2::bigint[])`,
        [run.id, planted],
      );
      expect(used.rows.map((x) => x.f.map(Number))).toEqual([values, values]);
      const snaps = await p.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "FeatureSnapshot" WHERE "asOfMonth" = $1`,
        [month],
      );
      expect(snaps.rows[0]!.n).toBeGreaterThanOrEqual(ids.length);
    } finally {
      const o = saved.rows[0];
      await p.query(
        `UPDATE "Client" c SET "doNotCall" = u.dnc, "consentApp" = u.app, "consentEmail" = u.email,
                "consentSms" = u.sms, "consentWhatsapp" = u.wa
           FROM unnest($1::bigint[], $2::bool[], $3::bool[], $4::bool[], $5::bool[], $6::bool[])
             AS u(id, dnc, app, email, sms, wa)
          WHERE c.id = u.id`,
        [o.id, o.dnc, o.app, o.email, o.sms, o.wa],
      );
    }
  });

  it('stores computed snapshots by COPY, keeping one stored meanwhile by someone else', async () => {
    const month = '2026-03';
    const p = pool();
    const ids = (
      await p.query<{ id: number }>(`SELECT id::float8 AS id FROM "Client" ORDER BY id LIMIT 3`)
    ).rows.map((r) => r.id);
    const run = { asOfMonth: month, featureSetVersion: 'fs-v1' };
    const literal = (x: number) => `{${Array.from({ length: NUM_FEATURES }, () => x).join(',')}}`;
    await p.query(`DELETE FROM "FeatureSnapshot" WHERE "asOfMonth" = $1 AND "clientId" = ANY($2::bigint[])`, [
      month,
      ids,
    ]);
    await storeSnapshots(p, run, [ids[0]!], [literal(1)]);
    // A second writer races the first: its COPY fails on the key, its rows then go in without overwriting.
    await storeSnapshots(p, run, ids, [literal(2), literal(2), literal(2)]);
    const r = await p.query<{ cid: number; v: number[] }>(
      `SELECT "clientId"::float8 AS cid, values AS v FROM "FeatureSnapshot"
        WHERE "asOfMonth" = $1 AND "clientId" = ANY($2::bigint[]) ORDER BY "clientId"`,
      [month, ids],
    );
    expect(r.rows.map((x) => [x.cid, Number(x.v[0])])).toEqual([
      [ids[0], 1],
      [ids[1], 2],
      [ids[2], 2],
    ]);
  });

  it("fills an offer's yProba and credit limit for a writer that leaves them out; reads sent offers by index", async () => {
    const p = pool();
    const d = (
      await p.query<{ id: string; cid: string; p: number; m: string }>(
        `SELECT d.id::text AS id, d."clientId"::text AS cid, d."yProba" AS p, d."asOfMonth" AS m FROM "Decision" d
          WHERE NOT EXISTS (SELECT 1 FROM "Offer" o WHERE o."decisionId" = d.id) ORDER BY d.id LIMIT 1`,
      )
    ).rows[0]!;
    const o = await p.query<{ p: number; limit: string | null; expected: string | null }>(
      `INSERT INTO "Offer" ("clientId", "decisionId", channel) VALUES ($1, $2, 'EMAIL')
       RETURNING "yProba" AS p, "creditLimit"::text AS limit,
                 (SELECT "creditLimit"::text FROM "MonthlyStatement" WHERE "clientId" = $1 AND "referenceMonth" = $3) AS expected`,
      [d.cid, d.id, d.m],
    );
    expect(o.rows[0]!.p).toBe(d.p);
    expect(o.rows[0]!.limit).toBe(o.rows[0]!.expected);
    await p.query(`DELETE FROM "Offer" WHERE "decisionId" = $1`, [d.id]);
    // The provider's callbacks and the experiments' reads still go through their (partial) indexes.
    const c = await p.connect();
    try {
      await c.query('SET enable_seqscan = off');
      const plan = async (sql: string, v: unknown[]) =>
        (await c.query(`EXPLAIN ${sql}`, v)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(await plan(`SELECT id FROM "Offer" WHERE "providerMessageId" = $1`, ['m-1'])).toMatch(
        /Offer_providerMessageId_idx/,
      );
      expect(
        await plan(`SELECT count(*) FROM "Offer" WHERE "experimentId" = $1::uuid`, [
          '00000000-0000-0000-0000-000000000000',
        ]),
      ).toMatch(/Offer_experimentId_variantKey_idx/);
    } finally {
      await c.query('RESET enable_seqscan');
      c.release();
    }
  });

  it('draws decision ids in one statement, whether the sequence hands out consecutive ids or not', async () => {
    const c = await pool().connect();
    try {
      const big = (f: (i: number) => string, n: number) => Array.from({ length: n }, (_, i) => BigInt(f(i)));
      const a = big(await decisionIds(c, 5), 5);
      expect(a.slice(1).map((v, i) => v - a[i]!)).toEqual([1n, 1n, 1n, 1n]);
      // Ids that are not consecutive (as when another session draws between them) are read back one by one.
      await c.query(`ALTER SEQUENCE "Decision_id_seq" INCREMENT BY 3`);
      const b = big(await decisionIds(c, 4), 4);
      expect(b[0]! > a[4]!).toBe(true);
      expect(b.slice(1).map((v, i) => v - b[i]!)).toEqual([3n, 3n, 3n]);
    } finally {
      await c.query(`ALTER SEQUENCE "Decision_id_seq" INCREMENT BY 1`);
      c.release();
    }
  });

  it('the ledger refuses updates and deletes, whoever asks', async () => {
    await expect(
      pool().query(`UPDATE "Decision" SET "yProba" = 0 WHERE id = (SELECT min(id) FROM "Decision")`),
    ).rejects.toThrow(/append-only/);
    await expect(
      pool().query(`DELETE FROM "Decision" WHERE id = (SELECT min(id) FROM "Decision")`),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses a month without clients and a malformed month with clear codes', async () => {
    await expect(createBatchRun({ asOfMonth: '2030-01' }, null)).rejects.toMatchObject({
      code: 'scoring.noClients',
      status: 422,
    });
    await expect(createBatchRun({ asOfMonth: '2026-13' }, null)).rejects.toMatchObject({
      code: 'scoring.invalidMonth',
      status: 400,
    });
  });
});
