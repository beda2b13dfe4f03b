// Reads for the LGPD parts of the client page: whether (and on which day) the client's personal data was
// erased, and whether the signed-in user may erase it.
import 'server-only';
import { pool } from '@/lib/db';
import { authorize } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { erasureDay } from '@/lib/privacy/personal-fields';

export interface ClientPrivacy {
  /** The Brasília day of the erasure (YYYY-MM-DD, for formatDate), or null when nothing was erased. */
  erasedOn: string | null;
  canErase: boolean;
}

/** Null when there is no such client (the page answers 404 through its own read). */
export async function getClientPrivacy(externalId: string): Promise<ClientPrivacy | null> {
  const actor = await authorize('clients:view');
  const r = await pool().query<{ erasedAt: Date | null }>(
    `SELECT "erasedAt" FROM "Client" WHERE "externalId" = $1`,
    [externalId],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    erasedOn: row.erasedAt ? erasureDay(row.erasedAt) : null,
    canErase: !row.erasedAt && roleCan(actor.role, 'clients:erase'),
  };
}
