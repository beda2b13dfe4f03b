// Reads for the Clientes pages: the portfolio list and one client's raw history, with personal data masked
// for roles without 'clients:viewPersonalData'.
import 'server-only';
import { pool } from '@/lib/db';
import { authorize } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { maskContact } from '@/lib/privacy/mask';
import { featuresForClient } from '@/lib/features/store';

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
  const q = (opts.q ?? '').trim().slice(0, 80);
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
    params.push(opts.segment);
    where.push(`c.segment = $${params.length}`);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Client" c ${cond}`,
    params,
  );
  params.push(PAGE_SIZE, (page - 1) * PAGE_SIZE);
  const rows = await pool().query<ClientListRow>(
    `SELECT c."externalId", c.name, c.email, c.phone, c.segment, c.region,
            s."referenceMonth" AS "lastMonth", s."creditLimit"::float8 AS "creditLimit",
            CASE WHEN s."creditLimit" > 0 THEN greatest(s."statementBalance", 0)::float8 / s."creditLimit"::float8 END AS utilization,
            s."monthsPastDue"
       FROM "Client" c
       LEFT JOIN LATERAL (SELECT * FROM "MonthlyStatement" m WHERE m."clientId" = c.id ORDER BY m."referenceMonth" DESC LIMIT 1) s ON true
       ${cond} ORDER BY c."externalId" LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  const segments = await pool().query<{ segment: string }>(
    `SELECT DISTINCT segment FROM "Client" ORDER BY segment`,
  );
  return {
    rows: rows.rows.map((r) => maskContact(r, canSee)),
    total: total.rows[0]!.n,
    page,
    pages: Math.max(1, Math.ceil(total.rows[0]!.n / PAGE_SIZE)),
    segments: segments.rows.map((s) => s.segment),
    canSeePersonalData: canSee,
  };
}

export async function getClientDetail(externalId: string) {
  const actor = await authorize('clients:view');
  const canSee = roleCan(actor.role, 'clients:viewPersonalData');
  const c = await pool().query(
    `SELECT id::text, "externalId", name, email, phone, segment, region, "birthDate"::text AS "birthDate",
            "relationshipStart"::text AS "relationshipStart", "consentApp", "consentEmail", "consentSms", "consentWhatsapp"
       FROM "Client" WHERE "externalId" = $1`,
    [externalId],
  );
  const client = c.rows[0] as
    | ({
        id: string;
        externalId: string;
        segment: string;
        region: string;
        birthDate: string | null;
        relationshipStart: string;
      } & {
        name: string | null;
        email: string | null;
        phone: string | null;
        consentApp: boolean;
        consentEmail: boolean;
        consentSms: boolean;
        consentWhatsapp: boolean;
      })
    | undefined;
  if (!client) return null;
  const [statements, bureau, outcomes] = await Promise.all([
    pool().query(
      `SELECT "referenceMonth", "creditLimit"::float8 AS "creditLimit", "statementBalance"::float8 AS "statementBalance",
              "minimumDue"::float8 AS "minimumDue", "amountPaid"::float8 AS "amountPaid", "revolvingBalance"::float8 AS "revolvingBalance",
              "monthsPastDue" FROM "MonthlyStatement" WHERE "clientId" = $1 ORDER BY "referenceMonth" DESC`,
      [client.id],
    ),
    pool().query(
      `SELECT "referenceDate"::text AS "referenceDate", "totalDebt"::float8 AS "totalDebt", "overdueDebt"::float8 AS "overdueDebt",
              "numInstitutions", "personalLoanDebt"::float8 AS "personalLoanDebt"
         FROM "BureauSnapshot" WHERE "clientId" = $1 ORDER BY "referenceDate" DESC LIMIT 12`,
      [client.id],
    ),
    pool().query(
      `SELECT "referenceMonth", defaulted, "observedAt"::text AS "observedAt" FROM "Outcome" WHERE "clientId" = $1 ORDER BY "referenceMonth" DESC`,
      [client.id],
    ),
  ]);
  const lastMonth = (statements.rows[0] as { referenceMonth: string } | undefined)?.referenceMonth ?? null;
  const features = lastMonth ? await featuresForClient(pool(), externalId, lastMonth) : null;
  return {
    client: maskContact(client, canSee),
    canSeePersonalData: canSee,
    statements: statements.rows as {
      referenceMonth: string;
      creditLimit: number;
      statementBalance: number;
      minimumDue: number | null;
      amountPaid: number;
      revolvingBalance: number | null;
      monthsPastDue: number;
    }[],
    bureau: bureau.rows as {
      referenceDate: string;
      totalDebt: number;
      overdueDebt: number;
      numInstitutions: number;
      personalLoanDebt: number;
    }[],
    outcomes: outcomes.rows as { referenceMonth: string; defaulted: boolean; observedAt: string }[],
    featuresAsOf: lastMonth,
    features,
  };
}
