// The feature store's database side: computes fs-v1 for every client as of a month in client-id chunks
// (statements of the 6-month window plus each client's first statement, and the latest bureau snapshot known
// at the month), stores snapshots idempotently with per-feature statistics, and serves one client in real time.
// Batch and real time call the same pure functions (lib/features/fs-v1.ts), so they cannot disagree.
import { float8RowLiterals } from '@/lib/db/arrays';
import { copyOutRows, sqlInt, sqlMonth } from '@/lib/db/copy-out';
import type pg from 'pg';
import {
  addMonths,
  endOfMonth,
  type BureauRecord,
  type ClientHistory,
  type StatementRecord,
  type YearMonth,
} from '@/lib/domain/raw';
import { computeFeaturesInto, FEATURE_NAMES, FEATURE_SET_VERSION, NUM_FEATURES } from '@/lib/features/fs-v1';
import { WINDOW_MONTHS } from '@/lib/features/types';
import { FeatureStatsAccumulator, type FeatureStats } from '@/lib/features/stats';

const STATEMENT_COLUMNS = `"referenceMonth", "creditLimit"::float8 AS "creditLimit", "statementBalance"::float8 AS "statementBalance",
  "minimumDue"::float8 AS "minimumDue", "amountPaid"::float8 AS "amountPaid", "revolvingBalance"::float8 AS "revolvingBalance",
  "monthsPastDue", "purchases"::float8 AS "purchases", "cashAdvances"::float8 AS "cashAdvances"`;
/** The same columns as they are stored (COPY writes the numerics' exact text). */
const STATEMENT_COPY_COLUMNS = `"referenceMonth", "creditLimit", "statementBalance", "minimumDue", "amountPaid",
  "revolvingBalance", "monthsPastDue", "purchases", "cashAdvances"`;
const BUREAU_COLUMNS = `"referenceDate"::text AS "referenceDate", "totalDebt"::float8 AS "totalDebt", "overdueDebt"::float8 AS "overdueDebt",
  "numInstitutions", "personalLoanDebt"::float8 AS "personalLoanDebt"`;

type StatementRow = Omit<StatementRecord, 'clientExternalId'> & { cid: number };
type BureauRow = Omit<BureauRecord, 'clientExternalId'> & { cid: number };

export function assertMonth(asOf: string): asserts asOf is YearMonth {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(asOf))
    throw new RangeError(`asOfMonth must be 'YYYY-MM', got '${asOf}'`);
}

/**
 * Streams the statements of the window for clients lo <= id < hi, in the primary key's order (client, month:
 * no sort), calling onClient once per client that has any. Read through COPY (lib/db/copy-out.ts): the
 * numerics' text parsed to the same doubles numeric::float8 gives.
 *
 * The rows handed to onClient are reused for the next client (computeFeaturesInto copies what it reads), and a
 * missing value is NaN rather than null (fs-v1 reads both alike): every field stays a double, so no row of the
 * 60,000 a chunk reads is allocated or boxed. Materialising them all as objects first cost 7 us per client in
 * allocation and garbage collection, more than parsing them.
 */
async function streamStatements(
  client: pg.ClientBase | pg.Pool,
  lo: number,
  hi: number,
  from: YearMonth,
  asOf: YearMonth,
  onClient: (cid: number, rows: StatementRow[]) => void,
): Promise<void> {
  const [l, h, f, a] = [sqlInt(lo), sqlInt(hi), sqlMonth(from), sqlMonth(asOf)];
  const spare: StatementRow[] = [];
  const group: StatementRow[] = [];
  let cid = NaN;
  await copyOutRows(
    client,
    `SELECT "clientId", ${STATEMENT_COPY_COLUMNS} FROM "MonthlyStatement"
      WHERE "clientId" >= ${l} AND "clientId" < ${h} AND "referenceMonth" >= ${f} AND "referenceMonth" <= ${a}
      ORDER BY "clientId", "referenceMonth"`,
    10,
    [1],
    (v, t) => {
      if (v[0] !== cid) {
        if (group.length) onClient(cid, group);
        group.length = 0;
        cid = v[0]!;
      }
      let r = spare[group.length];
      if (!r) {
        r = statementRow();
        spare.push(r);
      }
      r.cid = cid;
      r.referenceMonth = t[1] as YearMonth;
      r.creditLimit = v[2]!;
      r.statementBalance = v[3]!;
      r.minimumDue = v[4]!;
      r.amountPaid = v[5]!;
      r.revolvingBalance = v[6]!;
      r.monthsPastDue = v[7]!;
      r.purchases = v[8]!;
      r.cashAdvances = v[9]!;
      group.push(r);
    },
  );
  if (group.length) onClient(cid, group);
}

/** A statement row of doubles (NaN = missing) to be filled in. */
const statementRow = (): StatementRow => ({
  cid: 0,
  referenceMonth: '' as YearMonth,
  creditLimit: NaN,
  statementBalance: NaN,
  minimumDue: NaN,
  amountPaid: NaN,
  revolvingBalance: NaN,
  monthsPastDue: NaN,
  purchases: NaN,
  cashAdvances: NaN,
});

/** What a batch scoring chunk needs besides the features (computeChunk's `scoring` option). */
export interface ScoringChunkOptions {
  /** The feature set whose stored snapshots are read (missing ones are computed as fs-v1). */
  featureSetVersion: string;
  /**
   * The scoring population (lib/scoring/summary.ts): whether a client whose statement of the as-of month
   * says monthsPastDue (NaN: no statement that month) is scored.
   */
  population: (monthsPastDue: number) => boolean;
}

/** Client flags read with a scoring chunk, one bit each in FeatureChunk.flags. */
export const CLIENT_FLAG = { app: 1, email: 2, sms: 4, whatsapp: 8, doNotCall: 16 } as const;

export interface FeatureChunk {
  clientIds: number[];
  externalIds: string[];
  /** Row-major clientIds.length x NUM_FEATURES. */
  values: Float64Array;
  /** With `scoring`: per client, CLIENT_FLAG bits (consents and the do-not-call list). */
  flags?: Uint8Array;
  /** With `scoring`: 1 where the values are the stored snapshot's, 0 where they were computed here. */
  stored?: Uint8Array;
}

/** A float8[] as PostgreSQL writes it ('{1.5,NULL,2}') into out[at..at+k); false unless it holds k numbers. */
export function parseFloat8Array(text: string, out: Float64Array, at: number, k: number): boolean {
  if (text.length < 2 || text[0] !== '{' || text[text.length - 1] !== '}') return false;
  const parts = text.slice(1, -1).split(',');
  if (parts.length !== k) return false;
  for (let j = 0; j < k; j++) {
    const p = parts[j]!;
    const x = p === 'NULL' ? NaN : Number(p);
    if (Number.isNaN(x) && p !== 'NULL' && p !== 'NaN') return false;
    out[at + j] = x;
  }
  return true;
}

/**
 * Features of the clients with lo <= id < hi, as of asOf. With `scoring`: of the scoring population only,
 * each client's stored snapshot used when there is one, and its consent and do-not-call flags read along.
 */
export async function computeChunk(
  client: pg.ClientBase | pg.Pool,
  asOf: YearMonth,
  lo: number,
  hi: number,
  opts: { scoring?: ScoringChunkOptions } = {},
): Promise<FeatureChunk> {
  const from = addMonths(asOf, -(WINDOW_MONTHS - 1));
  const scoring = opts.scoring;
  const [l, h, f] = [sqlInt(lo), sqlInt(hi), sqlMonth(from)];
  // Every read goes in client-id order over the chunk's range, each a scan of a primary key: the clients (with
  // the month of each one's first statement before the window, one probe each: only its month matters, for
  // months on book), their bureau snapshots known at the month (the latest kept here, the table being in
  // date order per client), then the window's statements, each client computed as soon as its rows are in.
  // No join is left to the planner: right after a bulk ingestion its statistics are stale, and the joins it
  // chose cost PostgreSQL 29 us per client (a sequential scan of Client per chunk, a sort of the bureau).
  // A scoring chunk's population comes from the same statements (the as-of month's row).
  const ids: number[] = [];
  const externalIds: string[] = [];
  const firsts: (string | null)[] = [];
  const flagList: number[] = [];
  const bureau: BureauRow[] = [];
  const heads = copyOutRows(
    client,
    `SELECT c.id, c."externalId",
            (SELECT s."referenceMonth" FROM "MonthlyStatement" s
              WHERE s."clientId" = c.id AND s."referenceMonth" < ${f} ORDER BY s."referenceMonth" LIMIT 1)
            ${
              scoring
                ? `, c."consentApp"::int + 2 * c."consentEmail"::int + 4 * c."consentSms"::int
                   + 8 * c."consentWhatsapp"::int + 16 * c."doNotCall"::int`
                : ''
            }
       FROM "Client" c WHERE c.id >= ${l} AND c.id < ${h} ORDER BY c.id`,
    scoring ? 4 : 3,
    [1, 2],
    (v, t) => {
      ids.push(v[0]!);
      externalIds.push(t[1]!);
      firsts.push(t[2]!);
      if (scoring) flagList.push(v[3]!);
    },
  );
  const bureauRead = copyOutRows(
    client,
    `SELECT "clientId", "referenceDate", "totalDebt", "overdueDebt", "numInstitutions", "personalLoanDebt"
       FROM "BureauSnapshot"
      WHERE "clientId" >= ${l} AND "clientId" < ${h} AND "referenceDate" <= '${endOfMonth(asOf)}'::date
      ORDER BY "clientId", "referenceDate"`,
    6,
    [1],
    (v, t) => {
      const last = bureau[bureau.length - 1];
      const row =
        last && last.cid === v[0]
          ? last
          : (bureau[bureau.length] = {
              cid: v[0]!,
              referenceDate: '',
              totalDebt: NaN,
              overdueDebt: NaN,
              numInstitutions: NaN,
              personalLoanDebt: NaN,
            });
      row.referenceDate = t[1]!;
      row.totalDebt = v[2]!;
      row.overdueDebt = v[3]!;
      row.numInstitutions = v[4]!;
      row.personalLoanDebt = v[5]!;
    },
  );
  await Promise.all([heads, bureauRead]);
  const nAll = ids.length;
  // Stored snapshots (scoring): looked up by primary key for the range's clients.
  const snapshot = new Float64Array(scoring ? nAll * NUM_FEATURES : 0);
  const hasSnapshot = new Uint8Array(scoring ? nAll : 0);
  if (scoring && nAll) {
    // The month is compared as text so that only the primary key (client first) can serve the lookup: while a
    // run stores the month's first snapshots the statistics say the month has none, and the planner then took
    // the (asOfMonth, featureSetVersion) index, rescanning every snapshot stored so far for each chunk.
    const r = await client.query<{ cid: number; v: string }>(
      `SELECT "clientId"::float8 AS cid, "values"::text AS v FROM "FeatureSnapshot"
        WHERE "clientId" = ANY($1::bigint[]) AND "asOfMonth"::text = $2 AND "featureSetVersion" = $3
        ORDER BY "clientId"`,
      [ids, asOf, scoring.featureSetVersion],
    );
    let k = 0;
    for (const row of r.rows) {
      while (k < nAll && ids[k]! < row.cid) k++;
      // A snapshot of another width is not this feature set's: computed again, as if missing.
      if (ids[k] === row.cid && parseFloat8Array(row.v, snapshot, k * NUM_FEATURES, NUM_FEATURES))
        hasSnapshot[k] = 1;
    }
  }

  // Output rows: every client, or (scoring) the population only, compacted in id order.
  const values = new Float64Array(nAll * NUM_FEATURES);
  const outIds: number[] = scoring ? [] : ids;
  const outExt: string[] = scoring ? [] : externalIds;
  const flags = scoring ? new Uint8Array(nAll) : undefined;
  const stored = scoring ? new Uint8Array(nAll) : undefined;
  let m = 0;
  const history: ClientHistory = {
    client: { externalId: '', segment: '', birthDate: null, relationshipStart: '' },
    statements: [],
    bureau: [],
  };
  const earlier = statementRow();
  const only: StatementRow[] = [];
  let i = 0;
  let bi = 0;
  const computeOne = (rows: StatementRow[]) => {
    const cid = ids[i]!;
    if (scoring) {
      const last = rows[rows.length - 1];
      const pastDue = last && last.referenceMonth === asOf ? last.monthsPastDue : NaN;
      if (!scoring.population(pastDue)) {
        i++;
        return;
      }
      outIds.push(cid);
      outExt.push(externalIds[i]!);
      flags![m] = flagList[i]!;
      if (hasSnapshot[i] === 1) {
        values.set(snapshot.subarray(i * NUM_FEATURES, (i + 1) * NUM_FEATURES), m * NUM_FEATURES);
        stored![m] = 1;
        m++;
        i++;
        return;
      }
    }
    const first = firsts[i]!;
    // The first statement before the window goes in as a row of its month alone (fs-v1 reads nothing else
    // of a statement outside the window); the window's rows are the caller's, the last one restored after.
    if (first !== null) {
      earlier.cid = cid;
      earlier.referenceMonth = first as YearMonth;
      rows.push(earlier);
    }
    history.statements = rows as unknown as ClientHistory['statements'];
    const bu = history.bureau as unknown as BureauRow[];
    bu.length = 0;
    while (bi < bureau.length && bureau[bi]!.cid < cid) bi++;
    if (bi < bureau.length && bureau[bi]!.cid === cid) bu.push(bureau[bi++]!);
    computeFeaturesInto(history, asOf, values, (scoring ? m : i) * NUM_FEATURES);
    if (first !== null) rows.pop();
    m++;
    i++;
  };
  await streamStatements(client, lo, hi, from, asOf, (cid, rows) => {
    // Clients before this one have no statement in the window: their features come from the rest.
    while (i < nAll && ids[i]! < cid) computeOne(only);
    if (i < nAll && ids[i]! === cid) computeOne(rows);
  });
  while (i < nAll) computeOne(only);
  if (!scoring) return { clientIds: ids, externalIds, values };
  return {
    clientIds: outIds,
    externalIds: outExt,
    values: values.subarray(0, m * NUM_FEATURES),
    flags: flags!.subarray(0, m),
    stored: stored!.subarray(0, m),
  };
}

async function persistChunk(
  client: pg.ClientBase | pg.Pool,
  asOf: YearMonth,
  chunk: FeatureChunk,
): Promise<void> {
  if (chunk.clientIds.length === 0) return;
  await client.query(
    `INSERT INTO "FeatureSnapshot" ("clientId", "asOfMonth", "featureSetVersion", "values", "computedAt")
     SELECT u.c, $3, $4, u.v::float8[], now() FROM unnest($1::bigint[], $2::text[]) AS u(c, v)
     ON CONFLICT ("clientId", "asOfMonth", "featureSetVersion")
     DO UPDATE SET "values" = EXCLUDED."values", "computedAt" = now()
     WHERE "FeatureSnapshot"."values" IS DISTINCT FROM EXCLUDED."values"`,
    [
      chunk.clientIds,
      float8RowLiterals(chunk.values, chunk.clientIds.length, NUM_FEATURES),
      asOf,
      FEATURE_SET_VERSION,
    ],
  );
}

export interface FeatureBatchResult {
  asOfMonth: YearMonth;
  featureSetVersion: string;
  clients: number;
  durationMs: number;
  stats: FeatureStats;
}

/**
 * Computes (and by default stores) fs-v1 for every client as of `asOf`. Work goes in client-id chunks with the
 * next chunk's queries running while the current one is computed, so memory is bounded by two chunks.
 */
export async function computeFeatureBatch(
  pool: pg.Pool,
  asOf: string,
  opts: { persist?: boolean; chunkClients?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<FeatureBatchResult> {
  assertMonth(asOf);
  const started = Date.now();
  const chunkSize = opts.chunkClients ?? 25_000;
  const range = await pool.query<{ lo: number | null; hi: number | null; n: number }>(
    `SELECT min(id)::float8 AS lo, max(id)::float8 AS hi, count(*)::int AS n FROM "Client"`,
  );
  const { lo, hi, n } = range.rows[0]!;
  const acc = new FeatureStatsAccumulator(FEATURE_NAMES);
  let done = 0;
  if (lo !== null && hi !== null) {
    const bounds: [number, number][] = [];
    for (let a = lo; a <= hi; a += chunkSize) bounds.push([a, a + chunkSize]);
    let next = computeChunk(pool, asOf, bounds[0]![0], bounds[0]![1]);
    let pendingWrite: Promise<void> = Promise.resolve();
    for (let k = 0; k < bounds.length; k++) {
      const chunk = await next;
      if (k + 1 < bounds.length) next = computeChunk(pool, asOf, bounds[k + 1]![0], bounds[k + 1]![1]);
      acc.add(chunk.values, chunk.clientIds.length);
      if (opts.persist !== false) {
        await pendingWrite;
        pendingWrite = persistChunk(pool, asOf, chunk);
      }
      done += chunk.clientIds.length;
      opts.onProgress?.(done, n);
    }
    await pendingWrite;
  }
  const result: FeatureBatchResult = {
    asOfMonth: asOf,
    featureSetVersion: FEATURE_SET_VERSION,
    clients: done,
    durationMs: Date.now() - started,
    stats: acc.result(),
  };
  if (opts.persist !== false) {
    await pool.query(
      `INSERT INTO "FeatureRun" ("asOfMonth", "featureSetVersion", clients, "durationMs", stats, "computedAt")
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT ("asOfMonth", "featureSetVersion") DO UPDATE
         SET clients = EXCLUDED.clients, "durationMs" = EXCLUDED."durationMs", stats = EXCLUDED.stats, "computedAt" = now()`,
      [asOf, FEATURE_SET_VERSION, done, result.durationMs, JSON.stringify(result.stats)],
    );
  }
  return result;
}

/** One client's raw history from the database (everything known; the feature functions cut it at as-of). */
export async function clientHistoryFromDb(pool: pg.Pool, externalId: string): Promise<ClientHistory | null> {
  const c = await pool.query<{
    id: string;
    segment: string;
    birthDate: string | null;
    relationshipStart: string;
  }>(
    `SELECT id::text, segment, "birthDate"::text AS "birthDate", "relationshipStart"::text AS "relationshipStart"
       FROM "Client" WHERE "externalId" = $1`,
    [externalId],
  );
  const row = c.rows[0];
  if (!row) return null;
  const [s, b] = await Promise.all([
    pool.query<StatementRecord>(
      `SELECT $2::text AS "clientExternalId", ${STATEMENT_COLUMNS} FROM "MonthlyStatement" WHERE "clientId" = $1 ORDER BY "referenceMonth"`,
      [row.id, externalId],
    ),
    pool.query<BureauRecord>(
      `SELECT $2::text AS "clientExternalId", ${BUREAU_COLUMNS} FROM "BureauSnapshot" WHERE "clientId" = $1 ORDER BY "referenceDate"`,
      [row.id, externalId],
    ),
  ]);
  return {
    client: {
      externalId,
      segment: row.segment,
      birthDate: row.birthDate,
      relationshipStart: row.relationshipStart,
    },
    statements: s.rows,
    bureau: b.rows,
  };
}

/** Real time: the feature vector of one client as of a month, straight from the raw tables. */
export async function featuresForClient(
  pool: pg.Pool,
  externalId: string,
  asOf: string,
): Promise<Float64Array | null> {
  assertMonth(asOf);
  const history = await clientHistoryFromDb(pool, externalId);
  if (!history) return null;
  const out = new Float64Array(NUM_FEATURES);
  computeFeaturesInto(history, asOf, out, 0);
  return out;
}

/** Stored snapshot of one client (null when not computed). */
export async function storedSnapshot(
  pool: pg.Pool,
  externalId: string,
  asOf: string,
): Promise<Float64Array | null> {
  const r = await pool.query<{ values: number[] }>(
    `SELECT f."values" FROM "FeatureSnapshot" f JOIN "Client" c ON c.id = f."clientId"
      WHERE c."externalId" = $1 AND f."asOfMonth" = $2 AND f."featureSetVersion" = $3`,
    [externalId, asOf, FEATURE_SET_VERSION],
  );
  const v = r.rows[0]?.values;
  return v ? Float64Array.from(v.map((x) => (x === null ? NaN : Number(x)))) : null;
}

export interface TrainingSet {
  X: Float32Array;
  y: Uint8Array;
  nRows: number;
  featureNames: readonly string[];
  /** asOfMonth of each row. */
  months: string[];
  clientIds: number[];
}

/**
 * Labelled rows for training and monitoring: stored snapshots of as-of months in [from, to] joined to the
 * outcome recorded for the same month (the label matures later; rows without an outcome are left out).
 */
export async function loadTrainingSet(pool: pg.Pool, from: string, to: string): Promise<TrainingSet> {
  assertMonth(from);
  assertMonth(to);
  const r = await pool.query<{ cid: number; m: string; v: number[]; d: boolean }>(
    `SELECT f."clientId"::float8 AS cid, f."asOfMonth" AS m, f."values" AS v, o.defaulted AS d
       FROM "FeatureSnapshot" f JOIN "Outcome" o ON o."clientId" = f."clientId" AND o."referenceMonth" = f."asOfMonth"
      WHERE f."featureSetVersion" = $3 AND f."asOfMonth" BETWEEN $1 AND $2
      ORDER BY f."asOfMonth", f."clientId"`,
    [from, to, FEATURE_SET_VERSION],
  );
  const n = r.rows.length;
  const X = new Float32Array(n * NUM_FEATURES);
  const y = new Uint8Array(n);
  const months: string[] = new Array(n);
  const clientIds: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = r.rows[i]!;
    for (let j = 0; j < NUM_FEATURES; j++) {
      const x = row.v[j];
      X[i * NUM_FEATURES + j] = x === null || x === undefined ? NaN : Number(x);
    }
    y[i] = row.d ? 1 : 0;
    months[i] = row.m;
    clientIds[i] = row.cid;
  }
  return { X, y, nRows: n, featureNames: FEATURE_NAMES, months, clientIds };
}
