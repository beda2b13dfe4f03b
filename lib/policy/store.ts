// The decision policy's database side: versions as rows (rules immutable by trigger), the active one, and
// the default v1 a fresh install activates. The propose/approve/activate workflow lives in ./workflow.ts.
import 'server-only';
import type pg from 'pg';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import type { Prisma } from '@/lib/generated/prisma/client';
import { DEFAULT_POLICY, policyFromRow, policyToRow, type DecisionPolicy } from '@/lib/policy/policy';

/**
 * The policy lock: a transaction-scoped advisory lock every lifecycle write takes (version numbering, status
 * changes, the default v1), so they are serialized. The database trigger that keeps a single ACTIVE version
 * (prisma/migrations/20261201040000_policy_active) takes the same key.
 */
export const POLICY_LOCK = 0x706f6c69; // 'poli'

export async function lockPolicies(tx: Prisma.TransactionClient) {
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1::bigint)', POLICY_LOCK);
}

const COLUMNS = `version, "moderateThreshold", "criticalThreshold", "holdoutShare", "holdoutSalt",
  "performanceWindowMonths", "channelPreference"::text[] AS "channelPreference"`;

type Row = {
  version: number;
  moderateThreshold: number;
  criticalThreshold: number;
  holdoutShare: number;
  holdoutSalt: string;
  performanceWindowMonths: number;
  channelPreference: string[];
};

/** A version's rules, validated (a row edited by hand into something invalid throws). */
export async function getPolicy(version: number, q: pg.ClientBase | pg.Pool): Promise<DecisionPolicy> {
  const r = await q.query<Row>(`SELECT ${COLUMNS} FROM "DecisionPolicy" WHERE version = $1`, [version]);
  const row = r.rows[0];
  if (!row) throw new AppError('policy.notFound', { version }, 404);
  return policyFromRow(row);
}

/** The active version's rules, or null when none is active. */
export async function getActivePolicy(q: pg.ClientBase | pg.Pool): Promise<DecisionPolicy | null> {
  const r = await q.query<Row>(`SELECT ${COLUMNS} FROM "DecisionPolicy" WHERE status = 'ACTIVE' LIMIT 1`);
  return r.rows[0] ? policyFromRow(r.rows[0]) : null;
}

/** A fresh install's policy: v1 with the validated model's thresholds, active from the start. */
export async function ensureDefaultPolicy(): Promise<{ created: boolean }> {
  // Under the policy lock, so a proposal made at the same moment cannot take version 1 first.
  return db.$transaction(async (tx) => {
    await lockPolicies(tx);
    if ((await tx.decisionPolicy.count()) > 0) return { created: false };
    const p = policyToRow(DEFAULT_POLICY);
    const now = new Date();
    await tx.decisionPolicy.create({
      data: {
        version: p.version,
        status: 'ACTIVE',
        moderateThreshold: p.moderateThreshold,
        criticalThreshold: p.criticalThreshold,
        holdoutShare: p.holdoutShare,
        holdoutSalt: p.holdoutSalt,
        performanceWindowMonths: p.performanceWindowMonths,
        channelPreference: [...p.channelPreference] as ('APP' | 'WHATSAPP' | 'SMS' | 'EMAIL')[],
        note: 'default',
        approvedAt: now,
        activatedAt: now,
      },
    });
    return { created: true };
  });
}

export type PolicyStatus = 'PROPOSED' | 'APPROVED' | 'ACTIVE' | 'RETIRED' | 'REJECTED';

/** Who took a lifecycle step: a user, an API key, or null for the system (the default v1). */
export interface PolicyPerson {
  id: string;
  kind: 'user' | 'apiKey' | 'unknown';
  /** The user's or the key's name; null when the id matches neither any more. */
  name: string | null;
}

/** A version with its whole lifecycle: who proposed, approved, activated or rejected it, and when. */
export interface PolicyRecord {
  version: number;
  status: PolicyStatus;
  /** The validated rules; null for a row edited by hand into something the schema refuses (logged). */
  rules: DecisionPolicy | null;
  note: string;
  proposedAt: Date;
  proposedBy: PolicyPerson | null;
  approvedAt: Date | null;
  approvedBy: PolicyPerson | null;
  activatedAt: Date | null;
  activatedBy: PolicyPerson | null;
  retiredAt: Date | null;
  rejectedAt: Date | null;
  rejectedBy: PolicyPerson | null;
  rejectionNote: string | null;
}

type LifecycleRow = Awaited<ReturnType<typeof db.decisionPolicy.findMany>>[number];

async function people(ids: (string | null)[]): Promise<Map<string, PolicyPerson>> {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  const out = new Map<string, PolicyPerson>();
  if (wanted.length === 0) return out;
  const [users, keys] = await Promise.all([
    db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } }),
    db.apiKey.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } }),
  ]);
  for (const k of keys) out.set(k.id, { id: k.id, kind: 'apiKey', name: k.name });
  for (const u of users) out.set(u.id, { id: u.id, kind: 'user', name: u.name });
  for (const id of wanted) if (!out.has(id)) out.set(id, { id, kind: 'unknown', name: null });
  return out;
}

function rulesOf(row: LifecycleRow): DecisionPolicy | null {
  try {
    return policyFromRow(row);
  } catch (err) {
    log.error({ err, version: row.version }, 'stored decision policy fails its schema');
    return null;
  }
}

function records(rows: LifecycleRow[], who: Map<string, PolicyPerson>): PolicyRecord[] {
  const person = (id: string | null) => (id === null ? null : (who.get(id) ?? null));
  return rows.map((r) => ({
    version: r.version,
    status: r.status,
    rules: rulesOf(r),
    note: r.note,
    proposedAt: r.proposedAt,
    proposedBy: person(r.proposedById),
    approvedAt: r.approvedAt,
    approvedBy: person(r.approvedById),
    activatedAt: r.activatedAt,
    activatedBy: person(r.activatedById),
    retiredAt: r.retiredAt,
    rejectedAt: r.rejectedAt,
    rejectedBy: person(r.rejectedById),
    rejectionNote: r.rejectionNote,
  }));
}

async function withPeople(rows: LifecycleRow[]): Promise<PolicyRecord[]> {
  const ids = rows.flatMap((r) => [r.proposedById, r.approvedById, r.activatedById, r.rejectedById]);
  return records(rows, await people(ids));
}

/** Every version, newest first, with its lifecycle. */
export async function listPolicies(): Promise<PolicyRecord[]> {
  return withPeople(await db.decisionPolicy.findMany({ orderBy: { version: 'desc' } }));
}

/** One version with its lifecycle, or null when it does not exist. */
export async function getPolicyRecord(version: number): Promise<PolicyRecord | null> {
  const row = await db.decisionPolicy.findUnique({ where: { version } });
  return row ? ((await withPeople([row]))[0] ?? null) : null;
}
