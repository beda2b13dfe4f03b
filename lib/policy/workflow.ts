// The decision policy's approval workflow: a data scientist proposes a version (with a note), an admin other
// than the proposer approves or rejects it, and only an approved version can be activated, which retires the
// active one. Each step runs in one transaction under the policy lock and writes its audit row in it; the
// database trigger of prisma/migrations/20261201040000_policy_active refuses any other path as well.
import 'server-only';
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import { roleCan, type Permission } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { decisionPolicySchema, policyFromRow, policyToRow, type DigitalChannel } from './policy';
import { getPolicyRecord, lockPolicies, type PolicyRecord, type PolicyStatus } from './store';
import { policyNote, policyProposalSchema, type PolicyProposal } from '@/lib/validations/policy';

export { policyImpact, type PolicyImpact } from './impact';

type Tx = Prisma.TransactionClient;

/** Defence in depth: actions and handlers authorize first, but the workflow never trusts its caller. */
function requirePermission(actor: Actor, permission: Permission) {
  if (!roleCan(actor.role, permission)) {
    throw new AppError('auth.forbidden', { role: actor.role, permission }, 403);
  }
}

function notFound(version: number) {
  return new AppError('policy.notFound', { version }, 404);
}

async function auditTx(
  tx: Tx,
  actor: Actor,
  action: string,
  version: number,
  details: Prisma.InputJsonObject,
) {
  await tx.auditLog.create({
    data: {
      actorId: actor.kind === 'user' ? actor.id : null,
      action,
      target: String(version),
      details: { version, ...details, via: actor.kind, by: actor.name },
    },
  });
}

/** The row a step targets, read after the lock so its status is the one the step changes. */
async function current(tx: Tx, version: number) {
  const row = await tx.decisionPolicy.findUnique({
    where: { version },
    select: { version: true, status: true, proposedById: true },
  });
  if (!row) throw notFound(version);
  return row;
}

function wrongStatus(
  code: 'policy.approveNotProposed' | 'policy.rejectNotPending' | 'policy.activateNotApproved',
  version: number,
  status: PolicyStatus,
) {
  return new AppError(code, { version, status }, 409);
}

/**
 * The people behind an actor id, for the four-eyes rule: a user is themself; an API key is the key and the
 * admin who created it, so nobody approves through a key what they proposed in person (or the reverse).
 */
async function principals(tx: Tx, id: string | null): Promise<Set<string>> {
  const out = new Set<string>();
  if (!id) return out;
  out.add(id);
  const key = await tx.apiKey.findUnique({ where: { id }, select: { createdById: true } });
  if (key?.createdById) out.add(key.createdById);
  return out;
}

const rulesKey = (row: ReturnType<typeof policyToRow>) => JSON.stringify({ ...row, version: 0 });

async function record(version: number): Promise<PolicyRecord> {
  const r = await getPolicyRecord(version);
  if (!r) throw notFound(version);
  return r;
}

/**
 * Proposes a new version: the next number, status PROPOSED. Two proposals at the same moment get distinct
 * versions (the lock serializes the numbering). A proposal identical to the active version is refused: it
 * would change nothing.
 */
export async function proposePolicy(input: PolicyProposal, actor: Actor): Promise<PolicyRecord> {
  requirePermission(actor, 'policy:propose');
  const proposal = policyProposalSchema.parse(input);
  const version = await db.$transaction(async (tx) => {
    await lockPolicies(tx);
    const max = await tx.decisionPolicy.aggregate({ _max: { version: true } });
    const version = (max._max.version ?? 0) + 1;
    const rules = decisionPolicySchema.parse({ ...proposal.rules, version });
    const row = policyToRow(rules);
    const active = await tx.decisionPolicy.findFirst({ where: { status: 'ACTIVE' } });
    if (active && rulesKey(policyToRow(policyFromRow(active))) === rulesKey(row)) {
      throw new AppError('policy.unchanged', { version: active.version }, 409);
    }
    await tx.decisionPolicy.create({
      data: {
        ...row,
        channelPreference: row.channelPreference as DigitalChannel[],
        status: 'PROPOSED',
        note: proposal.note.trim(),
        proposedById: actor.id,
        proposedAt: new Date(),
      },
    });
    await auditTx(tx, actor, 'policy.propose', version, {
      thresholds: rules.thresholds,
      holdoutShare: rules.holdoutShare,
      holdoutSalt: rules.holdoutSalt,
      performanceWindowMonths: rules.performanceWindowMonths,
      channelPreference: [...rules.bands.MODERATE.channelPreference],
    });
    return version;
  });
  return record(version);
}

/** PROPOSED -> APPROVED by an admin who is not the proposer (four-eyes). */
export async function approvePolicy(version: number, actor: Actor): Promise<PolicyRecord> {
  requirePermission(actor, 'policy:approve');
  await db.$transaction(async (tx) => {
    await lockPolicies(tx);
    const row = await current(tx, version);
    if (row.status !== 'PROPOSED') throw wrongStatus('policy.approveNotProposed', version, row.status);
    const [mine, theirs] = await Promise.all([principals(tx, actor.id), principals(tx, row.proposedById)]);
    if ([...mine].some((id) => theirs.has(id))) {
      throw new AppError('policy.selfApproval', { version }, 403);
    }
    await tx.decisionPolicy.update({
      where: { version },
      data: { status: 'APPROVED', approvedById: actor.id, approvedAt: new Date() },
    });
    await auditTx(tx, actor, 'policy.approve', version, {});
  });
  return record(version);
}

/** PROPOSED or APPROVED (never activated) -> REJECTED, with the reviewer's reason. */
export async function rejectPolicy(version: number, actor: Actor, note: string): Promise<PolicyRecord> {
  requirePermission(actor, 'policy:approve');
  const reason = policyNote.parse(note).trim();
  await db.$transaction(async (tx) => {
    await lockPolicies(tx);
    const row = await current(tx, version);
    if (row.status !== 'PROPOSED' && row.status !== 'APPROVED') {
      throw wrongStatus('policy.rejectNotPending', version, row.status);
    }
    await tx.decisionPolicy.update({
      where: { version },
      data: { status: 'REJECTED', rejectedById: actor.id, rejectedAt: new Date(), rejectionNote: reason },
    });
    await auditTx(tx, actor, 'policy.reject', version, { from: row.status, note: reason });
  });
  return record(version);
}

/**
 * APPROVED -> ACTIVE; the active version, if any, becomes RETIRED in the same transaction, so exactly one
 * version is active. Runs already started keep the version they stored (ScoringRun.policyVersion); new runs
 * take this one.
 */
export async function activatePolicy(
  version: number,
  actor: Actor,
): Promise<{ policy: PolicyRecord; retired: number | null }> {
  requirePermission(actor, 'policy:activate');
  const retired = await db.$transaction(async (tx) => {
    await lockPolicies(tx);
    const row = await current(tx, version);
    if (row.status !== 'APPROVED') throw wrongStatus('policy.activateNotApproved', version, row.status);
    const now = new Date();
    const previous = await tx.decisionPolicy.findFirst({
      where: { status: 'ACTIVE' },
      select: { version: true },
    });
    // Retired first: the trigger refuses a second ACTIVE version even for an instant.
    if (previous) {
      await tx.decisionPolicy.update({
        where: { version: previous.version },
        data: { status: 'RETIRED', retiredAt: now },
      });
    }
    await tx.decisionPolicy.update({
      where: { version },
      data: { status: 'ACTIVE', activatedById: actor.id, activatedAt: now },
    });
    await auditTx(tx, actor, 'policy.activate', version, { retired: previous?.version ?? null });
    return previous?.version ?? null;
  });
  return { policy: await record(version), retired };
}
