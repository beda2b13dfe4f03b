// The month's decisions as CSV, streamed with flat memory at any size: a server-side cursor (DECLARE ... CURSOR
// in a read-only transaction) read in batches of EXPORT_BATCH rows, each fetched only when the consumer of the
// ReadableStream asks for more (backpressure), so a slow download holds one batch in memory, not the month.
//
// "The month's decisions" are the latest decision per client for that as-of month (by decidedAt, then id):
// what the bank decided for each client as of M, after any re-run, correction run or real-time decision.
// That is the figure a risk analyst reconciles against; the full trail of every run stays in the ledger and in
// GET /api/v1/decisions?externalId= per client.
import 'server-only';
import type pg from 'pg';
import { pool } from '@/lib/db';
import { csvLine, csvNumber, csvText } from '@/lib/csv/escape';
import { describeReasons } from '@/lib/decisions/reasons';
import type { Locale } from '@/lib/i18n/locales';
import { log } from '@/lib/log';
import { parseReasonCodes } from '@/lib/decisions/history';

export const EXPORT_BATCH = 5_000;

export const EXPORT_COLUMNS = [
  'externalId',
  'asOfMonth',
  'runId',
  'modelVersion',
  'policyVersion',
  'yProba',
  'band',
  'action',
  'channel',
  'holdout',
  'reasonCodes',
] as const;

interface Row {
  externalId: string;
  asOfMonth: string;
  runId: string;
  modelVersion: string;
  policyVersion: number;
  yProba: number;
  band: string;
  action: string;
  channel: string;
  holdout: boolean;
  reasonCodes: unknown;
}

const CURSOR = 'proativa_decisions_export';

// The sort is over the month's slim rows (no feature arrays), done by PostgreSQL (spilling to disk if need
// be), never in this process.
const QUERY = `
  SELECT c."externalId", d."asOfMonth", d."runId"::text AS "runId", m.name || ' v' || m.version AS "modelVersion",
         d."policyVersion", d."yProba", d.band::text AS band, d.action::text AS action, d.channel::text AS channel,
         d.holdout, d."reasonCodes"
    FROM (SELECT DISTINCT ON ("clientId") "clientId", "asOfMonth", "runId", "modelVersionId", "policyVersion",
                 "yProba", band, action, channel, holdout, "reasonCodes"
            FROM "Decision" WHERE "asOfMonth" = $1
           ORDER BY "clientId", "decidedAt" DESC, id DESC) d
    JOIN "Client" c ON c.id = d."clientId"
    JOIN "ModelVersion" m ON m.id = d."modelVersionId"
   ORDER BY d."clientId"`;

function line(r: Row, locale: Locale): string {
  const reasons = describeReasons(parseReasonCodes(r.reasonCodes), locale)
    .map((x) => x.text)
    .join('; ');
  return csvLine([
    csvText(r.externalId),
    csvText(r.asOfMonth),
    csvText(r.runId),
    csvText(r.modelVersion),
    csvNumber(r.policyVersion),
    csvNumber(r.yProba),
    csvText(r.band),
    csvText(r.action),
    csvText(r.channel),
    r.holdout ? 'true' : 'false',
    csvText(reasons),
  ]);
}

/**
 * The CSV of the month's decisions (header first). The database connection is held from the first pull to the
 * end of the stream (or its cancellation, when the client goes away), then released.
 */
export function decisionsCsvStream(
  asOfMonth: string,
  opts: { locale: Locale; batchRows?: number },
): ReadableStream<Uint8Array> {
  const batch = opts.batchRows ?? EXPORT_BATCH;
  const enc = new TextEncoder();
  let tx: pg.PoolClient | null = null;
  let done = false;

  async function finish(commit: boolean) {
    if (done) return;
    done = true;
    const c = tx;
    tx = null;
    if (!c) return;
    try {
      await c.query(commit ? 'COMMIT' : 'ROLLBACK');
      c.release();
    } catch (err) {
      // A connection that failed mid-transaction is not given back to the pool in an unknown state.
      c.release(err instanceof Error ? err : true);
    }
  }

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(enc.encode(csvLine([...EXPORT_COLUMNS])));
    },
    async pull(controller) {
      try {
        if (!tx) {
          tx = await pool().connect();
          await tx.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          await tx.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${QUERY}`, [asOfMonth]);
        }
        const r = await tx.query<Row>(`FETCH ${batch} FROM ${CURSOR}`);
        if (r.rows.length) {
          let chunk = '';
          for (const row of r.rows) chunk += line(row, opts.locale);
          controller.enqueue(enc.encode(chunk));
        }
        if (r.rows.length < batch) {
          await finish(true);
          controller.close();
        }
      } catch (err) {
        log.error({ err, asOfMonth }, 'decision export failed');
        await finish(false);
        controller.error(err);
      }
    },
    async cancel() {
      await finish(false);
    },
  });
}
