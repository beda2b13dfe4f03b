// What every registry write shares inside its transaction: the registry-wide lock, the audit row, and the
// lookup of the version a status change targets.
import 'server-only';
import type { Actor } from '@/lib/auth/session';
import type { Prisma } from '@/lib/generated/prisma/client';
import { notFound } from './errors';
import { isModelId } from './read';

/** One registry-wide advisory lock serializes version numbering, duplicate checks and status changes. */
const REGISTRY_LOCK = 0x70726f61; // 'proa'

export async function lock(tx: Prisma.TransactionClient) {
  await tx.$executeRawUnsafe('select pg_advisory_xact_lock($1::bigint)', REGISTRY_LOCK);
}

export async function auditTx(
  tx: Prisma.TransactionClient,
  actor: Actor | null,
  action: string,
  target: string,
  details: Prisma.InputJsonObject,
) {
  await tx.auditLog.create({
    data: {
      actorId: actor?.kind === 'user' ? actor.id : null,
      action,
      target,
      details: { ...details, via: actor?.kind ?? 'system', by: actor?.name ?? 'system' },
    },
  });
}

export async function findOrThrow(tx: Prisma.TransactionClient, id: string) {
  const row = isModelId(id)
    ? await tx.modelVersion.findUnique({
        where: { id },
        select: { id: true, name: true, version: true, status: true },
      })
    : null;
  if (!row) throw notFound(id);
  return row;
}
