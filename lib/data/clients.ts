// Reads for the Clientes pages: the portfolio list, and one client's header, raw history and features, with
// personal data masked for roles without 'clients:viewPersonalData'. Independent reads run together, and the
// client page reads its sections separately so each streams in as soon as it is ready.
import 'server-only';
import { pool } from '@/lib/db';
import { authorize } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { maskContact } from '@/lib/privacy/mask';
import { clientHistoryFromDb } from '@/lib/features/store';
import { computeFeaturesInto, NUM_FEATURES } from '@/lib/features/fs-v1';

export const PAGE_SIZE = 50;

export interface ClientListRow {
  externalId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  segment: string;
  region: string;
  lastMonth: string | null;
  creditLimit: number | null;
  utilization: number | null;
  monthsPastDue: number | null;
}

export async function getClients(opts: { q?: string; segment?: string; page?: number }) {
  const actor = await authorize('clients:view');
  const canSee = roleCan(actor.role, 'clients:viewPersonalData');
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  // PostgreSQL text cannot hold NUL: a search holding one failed the whole query (a 500 on the clients page).
  // As U+FFFD, which ingestion never stores, it simply matches nothing.
  const pgText = (s: string) => s.replaceAll('\u0000', '\uFFFD');
  const q = pgText(opts.q ?? '')
    .trim()
    .slice(0, 80);
  const where: string[] = [];
  const params: unknown[] = [];
  if (q) {
    params.push(`${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    // Only roles that see personal data may search by name.
    where.push(
      canSee
        ? `(c."externalId" ILIKE $${params.length} OR c.name ILIKE $${params.length})`
        : `c."externalId" ILIKE $${params.length}`,
    );
  }
  if (opts.segment) {
    params.push(pgText(opts.segment));
    where.push(`c.segment = $${params.length}`);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const n = params.length;
  const [total, rows, segments] = await Promise.all([
    pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "Client" c ${cond}`, params),
    pool().query<ClientListRow>(
      `SELECT c."externalId", c.name, c.email, c.phone, c.segment, c.region,
              s."referenceMonth" AS "lastMonth", s."creditLimit"::float8 AS "creditLimit",
              CASE WHEN s."creditLimit" > 0 THEN greatest(s."statementBalance", 0)::float8 / s."creditLimit"::float8 END AS utilization,
              s."monthsPastDue"
         FROM "Client" c
         LEFT JOIN LATERAL (SELECT * FROM "MonthlyStatement" m WHERE m."clientId" = c.id ORDER BY m."referenceMonth" DESC LIMIT 1) s ON true
         ${cond} ORDER BY c."externalId" LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
    ),
    pool().query<{ segment: string }>(`SELECT DISTINCT segment FROM "Client" ORDER BY segment`),
  ]);
  const count = total.rows[0]!.n;
  return {
    rows: rows.rows.map((r) => maskContact(r, canSee)),
    total: count,
    page,
    pages: Math.max(1, Math.ceil(count / PAGE_SIZE)),
    segments: segments.rows.map((s) => s.segment),
    canSeePersonalData: canSee,
  };
}

export interface ClientHeader {
  externalId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  segment: string;
  region: string;
  relationshipStart: string;
  consentApp: boolean;
  consentEmail: boolean;
  consentSms: boolean;
  consentWhatsapp: boolean;
}

/** Who the client is (the page's header): null when there is no such client, so the page can answer 404. */
export async function getClient(externalId: string) {
  const actor = await authorize('clients:view');
  const canSee = roleCan(actor.role, 'clients:viewPersonalData');
  const r = await pool().query<ClientHeader>(
    `SELECT "externalId", name, email, phone, segment, region, "relationshipStart"::text AS "relationshipStart",
            "consentApp", "consentEmail", "consentSms", "consentWhatsapp"
       FROM "Client" WHERE "externalId" = $1`,
    [externalId],
  );
  const client = r.rows[0];
  if (!client) return null;
  return { client: maskContact(client, canSee), canSeePersonalData: canSee };
}

export interface StatementRow {
  referenceMonth: string;
  creditLimit: number;
  statementBalance: number;
  minimumDue: number | null;
  amountPaid: number;
  revolvingBalance: number | null;
  monthsPastDue: number;
}
export interface BureauRow {
  referenceDate: string;
  totalDebt: number;
  overdueDebt: number;
  numInstitutions: number;
  personalLoanDebt: number;
}
export interface OutcomeRow {
  referenceMonth: string;
  defaulted: boolean;
  observedAt: string;
}

/** The client's raw history, newest first: statements, the last 12 bureau snapshots, observed outcomes. */
export async function getClientHistory(externalId: string) {
  await authorize('clients:view');
  const byClient = `"clientId" = (SELECT id FROM "Client" WHERE "externalId" = $1)`;
  const [statements, bureau, outcomes] = await Promise.all([
    pool().query<StatementRow>(
      `SELECT "referenceMonth", "creditLimit"::float8 AS "creditLimit", "statementBalance"::float8 AS "statementBalance",
              "minimumDue"::float8 AS "minimumDue", "amountPaid"::float8 AS "amountPaid", "revolvingBalance"::float8 AS "revolvingBalance",
              "monthsPastDue" FROM "MonthlyStatement" WHERE ${byClient} ORDER BY "referenceMonth" DESC`,
      [externalId],
    ),
    pool().query<BureauRow>(
      `SELECT "referenceDate"::text AS "referenceDate", "totalDebt"::float8 AS "totalDebt", "overdueDebt"::float8 AS "overdueDebt",
              "numInstitutions", "personalLoanDebt"::float8 AS "personalLoanDebt"
         FROM "BureauSnapshot" WHERE ${byClient} ORDER BY "referenceDate" DESC LIMIT 12`,
      [externalId],
    ),
    pool().query<OutcomeRow>(
      `SELECT "referenceMonth", defaulted, "observedAt"::text AS "observedAt" FROM "Outcome" WHERE ${byClient} ORDER BY "referenceMonth" DESC`,
      [externalId],
    ),
  ]);
  return { statements: statements.rows, bureau: bureau.rows, outcomes: outcomes.rows };
}

/**
 * fs-v1 computed now, as of the client's latest statement month (NaN where a feature is missing); null when
 * the client has no statement, so there is no month to compute.
 */
export async function getClientFeatures(
  externalId: string,
): Promise<{ asOfMonth: string; values: number[] } | null> {
  await authorize('clients:view');
  const history = await clientHistoryFromDb(pool(), externalId);
  let asOfMonth = '';
  for (const s of history?.statements ?? []) if (s.referenceMonth > asOfMonth) asOfMonth = s.referenceMonth;
  if (!history || !asOfMonth) return null;
  const out = new Float64Array(NUM_FEATURES);
  computeFeaturesInto(history, asOfMonth, out, 0);
  return { asOfMonth, values: Array.from(out) };
}
