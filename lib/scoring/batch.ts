// Batch scoring runs: a run for an as-of month is split into client-id chunks, each a pg-boss job, so any
// number of worker processes on any machines share it. A chunk reads (or computes and stores) the clients'
// features, scores them with the run's model version, explains them, applies the run's policy version, and
// writes its decisions with their alerts and offers in one transaction. A killed worker's chunk is retried by
// pg-boss; writes are idempotent per (run, client) and the chunk row says whether it is done, so a retry or a
// duplicate delivery never writes twice. The worker that finishes the last chunk closes the run.
import 'server-only';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type PgBoss from 'pg-boss';
import { pool } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import { audit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { env } from '@/lib/env';
import { CLIENT_FLAG, computeChunk } from '@/lib/features/store';
import type { YearMonth } from '@/lib/domain/raw';
import { copyField } from '@/lib/db/copy-out';
import { FEATURE_SET_VERSION, NUM_FEATURES } from '@/lib/features/fs-v1';
import { float8Row } from '@/lib/db/arrays';
import { writeDecisions, type RunHead } from '@/lib/decisions/ledger';
import { getBoss, SCORE_QUEUE, SCORE_QUEUE_OPTIONS, type ScoreChunkJob } from '@/lib/jobs/queue';
import { log } from '@/lib/log';
import type { ClientContact } from '@/lib/policy/decide';
import { getActivePolicy, getPolicy } from '@/lib/policy/store';
import { decideChunk, type ChunkClients } from '@/lib/scoring/decide-chunk';
import { championId, scoringModel } from '@/lib/scoring/models';
import { inScoringPopulation, eligibleClientsSql, runSummary } from '@/lib/scoring/summary';
import { YEAR_MONTH_RE } from '@/lib/validations/common';

export const DEFAULT_CHUNK_CLIENTS = 10_000;

export interface StartRunInput {
  asOfMonth: string;
  /** Defaults: the champion and the active policy at the moment the run is created. */
  modelVersionId?: string;
  policyVersion?: number;
  chunkClients?: number;
  origin?: string;
}

export interface StartedRun {
  id: string;
  asOfMonth: string;
  modelVersionId: string;
  policyVersion: number;
  clientsTotal: number;
  chunksTotal: number;
}

/** pg-boss's Db adapter over one of our connections, so jobs are inserted in our transaction. */
export function bossDb(tx: pg.ClientBase): PgBoss.Db {
  return { executeSql: (text, values) => tx.query(text, values) };
}

/**
 * One batch run of a month, model and policy at a time, checked in the caller's transaction under a lock held
 * until it ends: two at once would each find no earlier decision for a client and both decide it (a re-run's
 * "unchanged" needs the first run's decisions committed). `exceptRunId`: the run being resumed.
 */
export async function refuseConcurrentRun(
  tx: pg.ClientBase,
  run: { asOfMonth: string; modelVersionId: string; policyVersion: number; exceptRunId?: string },
): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
    `proativa:batch-run:${run.asOfMonth}:${run.modelVersionId}:${run.policyVersion}`,
  ]);
  const active = await tx.query<{ id: string }>(
    `SELECT id FROM "ScoringRun"
      WHERE kind = 'BATCH' AND "asOfMonth" = $1 AND "modelVersionId" = $2 AND "policyVersion" = $3
        AND status IN ('QUEUED', 'RUNNING') AND ($4::uuid IS NULL OR id <> $4::uuid)
      ORDER BY "createdAt" LIMIT 1`,
    [run.asOfMonth, run.modelVersionId, run.policyVersion, run.exceptRunId ?? null],
  );
  const other = active.rows[0];
  if (other) {
    throw new AppError('scoring.runInProgress', { month: run.asOfMonth, id: other.id }, 409, 'asOfMonth');
  }
}

/**
 * Creates a run, its chunks and their jobs in one transaction (so the UI always has a row for queued work and
 * no job exists without its run). The run keeps the model and policy versions it starts with.
 */
export async function createBatchRun(input: StartRunInput, actor: Actor | null): Promise<StartedRun> {
  if (!YEAR_MONTH_RE.test(input.asOfMonth)) {
    throw new AppError('scoring.invalidMonth', { month: input.asOfMonth }, 400, 'asOfMonth');
  }
  const chunkClients = input.chunkClients ?? DEFAULT_CHUNK_CLIENTS;
  if (!Number.isInteger(chunkClients) || chunkClients < 100 || chunkClients > 200_000) {
    throw new AppError('scoring.invalidChunk', { min: 100, max: 200_000 }, 400, 'chunkClients');
  }
  const p = pool();
  const modelVersionId = input.modelVersionId ?? (await championId());
  if (!modelVersionId) throw new AppError('scoring.noChampion', {}, 503);
  const model = await scoringModel(modelVersionId);
  if (input.policyVersion !== undefined) {
    // A named version must have passed approval: a proposal never decides anything about a client.
    const st = await p.query<{ status: string }>(`SELECT status FROM "DecisionPolicy" WHERE version = $1`, [
      input.policyVersion,
    ]);
    const status = st.rows[0]?.status;
    if (status && !['APPROVED', 'ACTIVE', 'RETIRED'].includes(status)) {
      throw new AppError('scoring.policyNotApproved', { version: input.policyVersion }, 409);
    }
  }
  const policy =
    input.policyVersion !== undefined ? await getPolicy(input.policyVersion, p) : await getActivePolicy(p);
  if (!policy) throw new AppError('scoring.noPolicy', {}, 503);
  const boss = await getBoss();
  const tx = await p.connect();
  try {
    await tx.query('BEGIN');
    await refuseConcurrentRun(tx, {
      asOfMonth: input.asOfMonth,
      modelVersionId: model.id,
      policyVersion: policy.version,
    });
    // Balanced chunks by client id over the month's scoring population.
    const total = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (${eligibleClientsSql('$1')}) e`,
      [input.asOfMonth],
    );
    const nChunks = Math.max(1, Math.ceil(total.rows[0]!.n / chunkClients));
    const bounds = await tx.query<{ lo: string; hi: string; n: number }>(
      `SELECT min(cid)::text AS lo, max(cid)::text AS hi, count(*)::int AS n
         FROM (SELECT cid, ntile($2::int) OVER (ORDER BY cid) AS t FROM (${eligibleClientsSql('$1')}) e) x
        GROUP BY t ORDER BY t`,
      [input.asOfMonth, nChunks],
    );
    const clientsTotal = bounds.rows.reduce((s, r) => s + r.n, 0);
    if (clientsTotal === 0) throw new AppError('scoring.noClients', { month: input.asOfMonth }, 422);
    const run = await tx.query<{ id: string }>(
      `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion",
                                 "featureSetVersion", "clientsTotal", "chunksTotal", origin, "createdById")
       VALUES (gen_random_uuid(), 'BATCH', 'QUEUED', $1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        input.asOfMonth,
        model.id,
        policy.version,
        model.featureSetVersion,
        clientsTotal,
        bounds.rows.length,
        input.origin ?? 'app',
        actor?.kind === 'user' ? actor.id : null,
      ],
    );
    const runId = run.rows[0]!.id;
    await tx.query(
      `INSERT INTO "ScoringChunk" ("runId", idx, lo, hi, clients)
       SELECT $1, u.i - 1, u.lo, u.hi, u.n FROM unnest($2::bigint[], $3::bigint[], $4::int[]) WITH ORDINALITY
         AS u(lo, hi, n, i)`,
      [runId, bounds.rows.map((b) => b.lo), bounds.rows.map((b) => b.hi), bounds.rows.map((b) => b.n)],
    );
    await boss.insert(
      bounds.rows.map((_, idx) => ({
        name: SCORE_QUEUE,
        data: { runId, idx } satisfies ScoreChunkJob,
        singletonKey: `${runId}:${idx}`,
        ...SCORE_QUEUE_OPTIONS,
      })),
      { db: bossDb(tx) },
    );
    await tx.query('COMMIT');
    if (actor) {
      await audit(actor, 'scoring.run.start', runId, {
        asOfMonth: input.asOfMonth,
        model: `${model.name} v${model.version}`,
        policyVersion: policy.version,
        clients: clientsTotal,
      });
    }
    log.info(
      { runId, asOfMonth: input.asOfMonth, clientsTotal, chunks: bounds.rows.length },
      'scoring run queued',
    );
    return {
      id: runId,
      asOfMonth: input.asOfMonth,
      modelVersionId: model.id,
      policyVersion: policy.version,
      clientsTotal,
      chunksTotal: bounds.rows.length,
    };
  } catch (e) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    tx.release();
  }
}

/** The chunk's scoring population with their stored features; missing snapshots are computed and stored. */
async function loadChunk(
  p: pg.Pool,
  run: RunHead,
  lo: string,
  hi: string,
): Promise<{ clients: ChunkClients; computed: number }> {
  const chunk = await computeChunk(p, run.asOfMonth as YearMonth, Number(lo), Number(hi) + 1, {
    scoring: {
      featureSetVersion: run.featureSetVersion,
      population: inScoringPopulation,
    },
  });
  const n = chunk.clientIds.length;
  const stored = chunk.stored!;
  const flags = chunk.flags!;
  // The float8[] text of the rows computed here, written to the snapshot and again to the decision.
  const literals: (string | undefined)[] = new Array(n);
  const newIds: number[] = [];
  const newLiterals: string[] = [];
  for (let i = 0; i < n; i++) {
    if (stored[i] === 1) continue;
    const literal = float8Row(chunk.values, i, NUM_FEATURES);
    literals[i] = literal;
    newIds.push(chunk.clientIds[i]!);
    newLiterals.push(literal);
  }
  if (newIds.length) {
    // Computed with the same pure functions as the feature store's batch, and stored, so the next run and
    // the catalogue read them back. Only fs-v1 can be computed: a run of another feature set needs its
    // snapshots stored already.
    if (run.featureSetVersion !== FEATURE_SET_VERSION) {
      throw new AppError('scoring.featureSetUnavailable', { version: run.featureSetVersion }, 422);
    }
    await storeSnapshots(p, run, newIds, newLiterals);
  }
  const contacts: ClientContact[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = flags[i]!;
    contacts[i] = {
      consents: {
        app: (f & CLIENT_FLAG.app) !== 0,
        email: (f & CLIENT_FLAG.email) !== 0,
        sms: (f & CLIENT_FLAG.sms) !== 0,
        whatsapp: (f & CLIENT_FLAG.whatsapp) !== 0,
      },
      doNotCall: (f & CLIENT_FLAG.doNotCall) !== 0,
    };
  }
  return {
    clients: {
      clientIds: chunk.clientIds,
      externalIds: chunk.externalIds,
      contacts,
      features: chunk.values,
      featureLiterals: literals,
    },
    computed: newIds.length,
  };
}

/**
 * Stores a chunk's computed snapshots: COPY in a transaction of its own, the cheap way for thousands of rows
 * (11 us per client against 16 for the INSERT of unnest()ed arrays, measured on a 200,000-client book). A snapshot stored
 * meanwhile by someone else (a real-time request with `store`, the feature batch, a duplicate delivery of the
 * chunk) makes the COPY fail on the key; the rows then go in again with ON CONFLICT DO NOTHING, so the
 * snapshot already there is kept, as the feature store does everywhere.
 */
export async function storeSnapshots(
  p: pg.Pool,
  run: Pick<RunHead, 'asOfMonth' | 'featureSetVersion'>,
  ids: number[],
  literals: string[],
): Promise<void> {
  const tx = await p.connect();
  try {
    await tx.query('BEGIN');
    const tail = `\t${run.asOfMonth}\t${copyField(run.featureSetVersion)}\t`;
    const lines: string[] = new Array(ids.length);
    for (let i = 0; i < ids.length; i++) lines[i] = `${ids[i]}${tail}${literals[i]}\n`;
    try {
      await pipeline(
        Readable.from([lines.join('')]),
        tx.query(
          copyFrom(
            `COPY "FeatureSnapshot" ("clientId", "asOfMonth", "featureSetVersion", "values") FROM STDIN`,
          ),
        ),
      );
      await tx.query('COMMIT');
      return;
    } catch (e) {
      await tx.query('ROLLBACK');
      if ((e as { code?: string }).code !== '23505') throw e;
    }
    await tx.query(
      `INSERT INTO "FeatureSnapshot" ("clientId", "asOfMonth", "featureSetVersion", "values", "computedAt")
       SELECT u.c, $3, $4, u.v::float8[], now() FROM unnest($1::bigint[], $2::text[]) AS u(c, v)
       ON CONFLICT ("clientId", "asOfMonth", "featureSetVersion") DO NOTHING`,
      [ids, literals, run.asOfMonth, run.featureSetVersion],
    );
  } catch (e) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    tx.release();
  }
}

/**
 * Fault injection for the worker-kill tests: PROATIVA_FAULT_CHUNK_DELAY_MS holds every claimed chunk that long
 * before it is worked, so a test can SIGKILL a worker while it is inside a chunk. Unset in production.
 */
async function faultInjectionDelay(): Promise<void> {
  const ms = Number(process.env.PROATIVA_FAULT_CHUNK_DELAY_MS);
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

type RunRow = RunHead & {
  status: string;
  cancelRequested: boolean;
  hasEarlier: boolean;
};

async function runHead(q: pg.ClientBase | pg.Pool, runId: string): Promise<RunRow | null> {
  const r = await q.query<RunRow>(
    `SELECT r.id, r."asOfMonth", r."modelVersionId", r."policyVersion", r."featureSetVersion", r.status,
            r."cancelRequested",
            EXISTS (SELECT 1 FROM "ScoringRun" o
                     WHERE o.id <> r.id AND o."asOfMonth" = r."asOfMonth" AND o."modelVersionId" = r."modelVersionId"
                       AND o."policyVersion" = r."policyVersion" AND o."createdAt" <= r."createdAt"
                       AND o.decisions > 0) AS "hasEarlier"
       FROM "ScoringRun" r WHERE r.id = $1`,
    [runId],
  );
  return r.rows[0] ?? null;
}

export interface ChunkResult {
  skipped?: 'done' | 'cancelled' | 'gone';
  clients?: number;
  decisions?: number;
  finishedRun?: boolean;
}

/** The score-chunk job: idempotent, safe to run twice at once, and retried by pg-boss when it throws. */
export async function runChunk(
  job: ScoreChunkJob,
  attemptLimit = SCORE_QUEUE_OPTIONS.retryLimit + 1,
): Promise<ChunkResult> {
  const p = pool();
  const run = await runHead(p, job.runId);
  if (!run) return { skipped: 'gone' };
  if (run.status === 'CANCELLED' || run.status === 'FAILED' || run.cancelRequested) {
    await p.query(
      `UPDATE "ScoringChunk" SET status = 'CANCELLED', "finishedAt" = now()
        WHERE "runId" = $1 AND idx = $2 AND status IN ('QUEUED', 'RUNNING')`,
      [job.runId, job.idx],
    );
    return { skipped: 'cancelled' };
  }
  const claimed = await p.query<{ lo: string; hi: string; attempts: number }>(
    `UPDATE "ScoringChunk" SET status = 'RUNNING', attempts = attempts + 1, "startedAt" = now()
      WHERE "runId" = $1 AND idx = $2 AND status <> 'SUCCEEDED' AND status <> 'CANCELLED'
      RETURNING lo::text AS lo, hi::text AS hi, attempts`,
    [job.runId, job.idx],
  );
  const chunk = claimed.rows[0];
  if (!chunk) return { skipped: 'done' };
  await p.query(
    `UPDATE "ScoringRun" SET status = 'RUNNING', "startedAt" = coalesce("startedAt", now())
      WHERE id = $1 AND status = 'QUEUED'`,
    [job.runId],
  );
  try {
    await faultInjectionDelay();
    const [model, policy] = await Promise.all([
      scoringModel(run.modelVersionId),
      getPolicy(run.policyVersion, p),
    ]);
    const t0 = performance.now();
    const { clients, computed } = await loadChunk(p, run, chunk.lo, chunk.hi);
    const t1 = performance.now();
    const out = await decideChunk(model, policy, clients);
    const t2 = performance.now();
    const tx = await p.connect();
    let finishedRun = false;
    let decisions = 0;
    try {
      await tx.query('BEGIN');
      // The chunk row is the lock: a duplicate delivery of the same chunk waits here and then sees it done.
      const lock = await tx.query<{ status: string }>(
        `SELECT status FROM "ScoringChunk" WHERE "runId" = $1 AND idx = $2 FOR UPDATE`,
        [job.runId, job.idx],
      );
      if (lock.rows[0]?.status === 'SUCCEEDED') {
        await tx.query('ROLLBACK');
        return { skipped: 'done' };
      }
      const { counts } = await writeDecisions(tx, run, out, {
        checkUnchanged: run.hasEarlier,
        bulk: true,
      });
      decisions = counts.decisions;
      await tx.query(
        `UPDATE "ScoringChunk" SET status = 'SUCCEEDED', "finishedAt" = now(), clients = $3, decisions = $4,
                message = NULL
          WHERE "runId" = $1 AND idx = $2`,
        [job.runId, job.idx, clients.clientIds.length, counts.decisions],
      );
      const r = await tx.query<{ chunksDone: number; chunksTotal: number }>(
        `UPDATE "ScoringRun"
            SET "chunksDone" = "chunksDone" + 1, "clientsDone" = "clientsDone" + $2, decisions = decisions + $3,
                unchanged = unchanged + $4, holdout = holdout + $5, "alertsOpened" = "alertsOpened" + $6,
                "alertsRefreshed" = "alertsRefreshed" + $7, "offersQueued" = "offersQueued" + $8,
                "featuresComputed" = "featuresComputed" + $9
          WHERE id = $1 RETURNING "chunksDone", "chunksTotal"`,
        [
          job.runId,
          clients.clientIds.length,
          counts.decisions,
          counts.unchanged,
          counts.holdout,
          counts.alertsOpened,
          counts.alertsRefreshed,
          counts.offersQueued,
          computed,
        ],
      );
      finishedRun = r.rows[0]!.chunksDone >= r.rows[0]!.chunksTotal;
      await tx.query('COMMIT');
    } catch (e) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      tx.release();
    }
    const t3 = performance.now();
    // Debug: a 1,000,000-client run writes a hundred of these; the run's start and end are at info.
    log.debug(
      {
        runId: job.runId,
        idx: job.idx,
        clients: clients.clientIds.length,
        featuresComputed: computed,
        loadMs: Math.round(t1 - t0),
        decideMs: Math.round(t2 - t1),
        writeMs: Math.round(t3 - t2),
      },
      'scoring chunk done',
    );
    if (finishedRun) await finalizeRun(job.runId);
    return { clients: clients.clientIds.length, decisions, finishedRun };
  } catch (e) {
    const message = e instanceof AppError ? e.code : e instanceof Error ? e.message : String(e);
    log.error({ err: e, runId: job.runId, idx: job.idx, attempt: chunk.attempts }, 'scoring chunk failed');
    const last = chunk.attempts >= attemptLimit;
    await p
      .query(
        `UPDATE "ScoringChunk" SET status = $3, message = $4 WHERE "runId" = $1 AND idx = $2 AND status = 'RUNNING'`,
        [job.runId, job.idx, last ? 'FAILED' : 'QUEUED', message.slice(0, 1000)],
      )
      .catch(() => undefined);
    if (last) {
      await p
        .query(
          `UPDATE "ScoringRun" SET status = 'FAILED', "finishedAt" = now(), message = $2
            WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
          [job.runId, `chunk ${job.idx}: ${message}`.slice(0, 1000)],
        )
        .catch(() => undefined);
    }
    throw e;
  }
}

/** Closes a run whose chunks are all done: its summary (bands, histogram, previous run) and SUCCEEDED. */
export async function finalizeRun(runId: string): Promise<void> {
  const p = pool();
  const summary = await runSummary(p, runId);
  await p.query(
    `UPDATE "ScoringRun" SET status = 'SUCCEEDED', "finishedAt" = now(), summary = $2::jsonb
      WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
    [runId, JSON.stringify(summary)],
  );
  log.info({ runId, ...summary.counts }, 'scoring run finished');
}

/** Stops a run: chunks not started yet are skipped; decisions already written stay (the ledger is append-only). */
export async function cancelRun(runId: string, actor: Actor): Promise<{ cancelled: boolean }> {
  const p = pool();
  const r = await p.query(
    `UPDATE "ScoringRun" SET "cancelRequested" = true, status = 'CANCELLED', "finishedAt" = now()
      WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
    [runId],
  );
  if (!r.rowCount) {
    const exists = await p.query('SELECT 1 FROM "ScoringRun" WHERE id = $1', [runId]);
    if (!exists.rowCount) throw new AppError('scoring.runNotFound', { id: runId }, 404);
    throw new AppError('scoring.runFinished', {}, 409);
  }
  await p.query(
    `UPDATE "ScoringChunk" SET status = 'CANCELLED', "finishedAt" = now() WHERE "runId" = $1 AND status = 'QUEUED'`,
    [runId],
  );
  await audit(actor, 'scoring.run.cancel', runId);
  return { cancelled: true };
}

/**
 * Works this run's chunks in this process until the run is finished (the CLI, tests, the demo seed), with
 * PROATIVA_SCORE_CONCURRENCY chunks in flight (see lib/jobs/score-worker.ts).
 */
export async function workRunHere(runId: string, opts: { pollMs?: number } = {}): Promise<void> {
  const p = pool();
  const boss = await getBoss();
  const lane = async () => {
    for (;;) {
      const jobs = await boss.fetch<ScoreChunkJob>(SCORE_QUEUE, { batchSize: 1 });
      const job = jobs?.[0];
      if (job) {
        try {
          await runChunk(job.data);
          await boss.complete(SCORE_QUEUE, job.id);
        } catch (e) {
          await boss.fail(SCORE_QUEUE, job.id, { message: e instanceof Error ? e.message : String(e) });
        }
        continue;
      }
      const s = await p.query<{ status: string }>(`SELECT status FROM "ScoringRun" WHERE id = $1`, [runId]);
      const status = s.rows[0]?.status;
      if (!status || !['QUEUED', 'RUNNING'].includes(status)) return;
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 250));
    }
  };
  await Promise.all(Array.from({ length: env().PROATIVA_SCORE_CONCURRENCY }, lane));
}
