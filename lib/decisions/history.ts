// A client's decision history, newest first, paginated: what GET /api/v1/decisions?externalId= answers and the
// client's page shows. No permission check here (the route handler and lib/data/decisions.ts check it).
import 'server-only';
import { pool } from '@/lib/db';
import type { ReasonCode } from '@/lib/ml/reason-codes';
import type { Band, Channel, DecisionAction } from '@/lib/policy/policy';

export interface DecisionRecord {
  id: string;
  runId: string;
  runKind: 'BATCH' | 'REALTIME';
  asOfMonth: string;
  decidedAt: Date;
  modelVersion: string;
  modelVersionId: string;
  policyVersion: number;
  featureSetVersion: string;
  yProba: number;
  band: Band;
  action: DecisionAction;
  channel: Channel;
  holdout: boolean;
  reasonCodes: ReasonCode[];
}

export interface DecisionPage {
  externalId: string;
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  decisions: DecisionRecord[];
}

/**
 * The stored reasonCodes column as reason codes. Checked by hand rather than with zod: the export reads a
 * million of them. A malformed entry (a hand edit) is left out rather than shown wrong.
 */
export function parseReasonCodes(v: unknown): ReasonCode[] {
  if (!Array.isArray(v)) return [];
  const out: ReasonCode[] = [];
  for (const r of v) {
    if (!r || typeof r !== 'object') continue;
    const { feature, contribution, value } = r as Record<string, unknown>;
    if (typeof feature !== 'string' || typeof contribution !== 'number') continue;
    out.push({ feature, contribution, value: typeof value === 'number' ? value : null });
  }
  return out;
}

/** The client's decisions, newest first; null when there is no such client. */
export async function clientDecisions(
  externalId: string,
  opts: { page?: number; pageSize?: number } = {},
): Promise<DecisionPage | null> {
  const pageSize = opts.pageSize ?? 50;
  const page = Math.max(1, opts.page ?? 1);
  const r = await pool().query<
    Omit<DecisionRecord, 'reasonCodes'> & { reasonCodes: unknown; total: number; known: boolean }
  >(
    `WITH c AS (SELECT id FROM "Client" WHERE "externalId" = $1),
          n AS (SELECT count(*)::int AS total FROM "Decision" d, c WHERE d."clientId" = c.id)
     SELECT true AS known, n.total, x.*
       FROM c CROSS JOIN n
       LEFT JOIN LATERAL (
         SELECT d.id::text AS id, d."runId"::text AS "runId", r.kind::text AS "runKind", d."asOfMonth",
                d."decidedAt", m.name || ' v' || m.version AS "modelVersion",
                d."modelVersionId"::text AS "modelVersionId", d."policyVersion", d."featureSetVersion",
                d."yProba", d.band::text AS band, d.action::text AS action, d.channel::text AS channel,
                d.holdout, d."reasonCodes"
           FROM "Decision" d
           JOIN "ScoringRun" r ON r.id = d."runId"
           JOIN "ModelVersion" m ON m.id = d."modelVersionId"
          WHERE d."clientId" = c.id
          ORDER BY d."decidedAt" DESC, d.id DESC
          LIMIT $2 OFFSET $3) x ON true`,
    [externalId, pageSize, (page - 1) * pageSize],
  );
  if (r.rows.length === 0) return null;
  const total = r.rows[0]!.total;
  const decisions = r.rows
    .filter((x) => x.id !== null)
    .map(({ known: _k, total: _t, reasonCodes, ...d }) => ({
      ...d,
      reasonCodes: parseReasonCodes(reasonCodes),
    }));
  return {
    externalId,
    total,
    page,
    pageSize,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    decisions,
  };
}
