// Audit trail of privileged changes.
import 'server-only';
import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import type { Prisma } from '@/lib/generated/prisma/client';

export async function audit(
  actor: Actor,
  action: string,
  target: string | null,
  details?: Prisma.InputJsonValue,
) {
  await db.auditLog.create({
    data: {
      actorId: actor.kind === 'user' ? actor.id : null,
      action,
      target,
      details: details ?? { via: actor.kind, by: actor.name },
    },
  });
}
