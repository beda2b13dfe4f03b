// Audit trail of privileged changes: who (the actor), what (an action name such as 'client.erase'), on what
// (target) and the details needed to understand it later. Callers never put personal data in details.
import 'server-only';
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import type { Prisma } from '@/lib/generated/prisma/client';

/** Records one entry; pass the transaction client when the entry must commit (or not) with the change. */
export async function audit(
  actor: Actor,
  action: string,
  target: string | null,
  details?: Prisma.InputJsonValue,
  tx: Pick<Prisma.TransactionClient, 'auditLog'> = db,
) {
  await tx.auditLog.create({
    data: {
      actorId: actor.kind === 'user' ? actor.id : null,
      action,
      target,
      details: details ?? { via: actor.kind, by: actor.name },
    },
  });
}
