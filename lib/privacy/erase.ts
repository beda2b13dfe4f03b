// Erasure of one client's personal data on an LGPD request (art. 18, VI): in one transaction the personal
// fields become NULL, every consent is withdrawn, the row records when and by whom, and an audit entry keeps
// the reason. The client row and its figures (statements, bureau snapshots, outcomes, features, segment,
// region) stay: decisions already taken and the model's metrics are computed from them.
import 'server-only';
import { db } from '@/lib/db';
import { audit } from '@/lib/audit';
import type { Actor } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { CONSENT_FIELDS, PERSONAL_FIELDS, personalDataIn } from '@/lib/privacy/personal-fields';

export type EraseOutcome =
  | { status: 'erased'; erasedAt: Date }
  /** Erased earlier (idempotent: nothing changes, no new audit entry). */
  | { status: 'alreadyErased'; erasedAt: Date };

const REASON_HAS = {
  name: 'privacy.reasonHasName',
  email: 'privacy.reasonHasEmail',
  phone: 'privacy.reasonHasPhone',
} as const;

interface LockedClient {
  id: bigint;
  name: string | null;
  email: string | null;
  phone: string | null;
  birthDate: Date | null;
  consentApp: boolean;
  consentEmail: boolean;
  consentSms: boolean;
  consentWhatsapp: boolean;
  erasedAt: Date | null;
}

/**
 * Erases the personal data of the client with this externalId. Throws AppError 'privacy.clientNotFound' (404)
 * and 'privacy.reasonHas{Name,Email,Phone}' (422, field 'reason'); the caller has already checked 'clients:erase'.
 */
export async function eraseClientPersonalData(
  externalId: string,
  reason: string,
  actor: Actor,
): Promise<EraseOutcome> {
  const outcome = await db.$transaction(async (tx) => {
    // FOR UPDATE: a concurrent erasure waits here and then sees erasedAt; a concurrent ingestion of this client
    // waits for the commit and then keeps the fields erased (lib/ingest/store/sql.ts).
    const [c] = await tx.$queryRaw<LockedClient[]>`
      SELECT id, name, email, phone, "birthDate", "consentApp", "consentEmail", "consentSms", "consentWhatsapp",
             "erasedAt"
        FROM "Client" WHERE "externalId" = ${externalId} FOR UPDATE`;
    if (!c) throw new AppError('privacy.clientNotFound', { externalId }, 404);
    if (c.erasedAt) return { status: 'alreadyErased', erasedAt: c.erasedAt } as const;
    const leaked = personalDataIn(reason, c);
    if (leaked) throw new AppError(REASON_HAS[leaked], {}, 422, 'reason');

    const erasedAt = new Date();
    await tx.client.update({
      where: { id: c.id },
      data: {
        name: null,
        email: null,
        phone: null,
        birthDate: null,
        consentApp: false,
        consentEmail: false,
        consentSms: false,
        consentWhatsapp: false,
        erasedAt,
        erasedById: actor.kind === 'user' ? actor.id : null,
        updatedAt: erasedAt,
      },
    });
    // Which fields held something and which consents were given: enough to answer "what was erased?" later,
    // without keeping any of it.
    await audit(
      actor,
      'client.erase',
      externalId,
      {
        reason,
        erasedFields: PERSONAL_FIELDS.filter((f) => c[f] !== null),
        withdrawnConsents: CONSENT_FIELDS.filter((f) => c[f]),
        via: actor.kind,
        by: actor.name,
      },
      tx,
    );
    return { status: 'erased', erasedAt } as const;
  });
  log.info(
    { externalId, status: outcome.status, actorId: actor.id },
    outcome.status === 'erased' ? 'client personal data erased' : 'client personal data already erased',
  );
  return outcome;
}
