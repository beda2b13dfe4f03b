// Server-only read for the alert detail page: the decision's reason codes in plain words, holdout flag and the
// client's last 6 months of statements up to the alert's month (limit use, payments, minimum-only months,
// delinquency) for the charts. Checks 'alerts:view' inside. Contact data is not read here (getAlert masks it).
import 'server-only';
import { pool } from '@/lib/db';
import { AuthError, type Actor } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { describeReasons, type DescribedReason } from '@/lib/decisions/reasons';
import type { ReasonCode } from '@/lib/ml/reason-codes';
import type { Locale } from '@/lib/i18n/locales';
import { isUuid } from '@/lib/validations/common';

export interface StatementPoint {
  month: string;
  creditLimit: number;
  statementBalance: number;
  amountPaid: number;
  minimumDue: number | null;
  /** statementBalance / creditLimit (null when the limit is 0). */
  limitUse: number | null;
  /** Paid at most the minimum while owing more than it. */
  minimumOnly: boolean;
  monthsPastDue: number;
}

export interface AlertInsights {
  holdout: boolean;
  reasons: DescribedReason[];
  months: StatementPoint[];
  /** The latest statement balance (the simulator's prefill), null without statements. */
  balance: number | null;
}

export const DETAIL_MONTHS = 6;

export async function getAlertInsights(
  alertId: string,
  actor: Actor,
  locale: Locale,
): Promise<AlertInsights | null> {
  if (!roleCan(actor.role, 'alerts:view')) {
    throw new AuthError(403, 'errors.auth.forbidden', { role: actor.role, permission: 'alerts:view' });
  }
  if (!isUuid(alertId)) return null;
  const head = await pool().query<{
    clientId: string;
    asOfMonth: string;
    holdout: boolean;
    reasonCodes: unknown;
  }>(
    `SELECT a."clientId"::text AS "clientId", a."asOfMonth", d.holdout, d."reasonCodes"
       FROM "Alert" a JOIN "Decision" d ON d.id = a."decisionId" WHERE a.id = $1::uuid`,
    [alertId],
  );
  const row = head.rows[0];
  if (!row) return null;
  const st = await pool().query<{
    month: string;
    creditLimit: string;
    statementBalance: string;
    amountPaid: string;
    minimumDue: string | null;
    monthsPastDue: number;
  }>(
    `SELECT "referenceMonth" AS month, "creditLimit", "statementBalance", "amountPaid", "minimumDue", "monthsPastDue"
       FROM "MonthlyStatement" WHERE "clientId" = $1::bigint AND "referenceMonth" <= $2
      ORDER BY "referenceMonth" DESC LIMIT ${DETAIL_MONTHS}`,
    [row.clientId, row.asOfMonth],
  );
  const months = st.rows.reverse().map((r): StatementPoint => {
    const creditLimit = Number(r.creditLimit);
    const statementBalance = Number(r.statementBalance);
    const amountPaid = Number(r.amountPaid);
    const minimumDue = r.minimumDue === null ? null : Number(r.minimumDue);
    return {
      month: r.month,
      creditLimit,
      statementBalance,
      amountPaid,
      minimumDue,
      limitUse: creditLimit > 0 ? statementBalance / creditLimit : null,
      minimumOnly: minimumDue !== null && statementBalance > minimumDue && amountPaid <= minimumDue + 0.005,
      monthsPastDue: r.monthsPastDue,
    };
  });
  const codes = Array.isArray(row.reasonCodes) ? (row.reasonCodes as ReasonCode[]) : [];
  return {
    holdout: row.holdout,
    reasons: describeReasons(codes, locale),
    months,
    balance: months.length ? months[months.length - 1]!.statementBalance : null,
  };
}
