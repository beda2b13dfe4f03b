'use server';
// Revokes an API key (settings:manage): idempotent, audited; requests with it are refused at once in this
// process and within the key cache's TTL (30 s) in every other (lib/auth/api-keys.ts).
import { pool } from '@/lib/db';
import { action, refuse } from '@/lib/actions/action';
import { revokeApiKeyRecord } from '@/lib/auth/api-key-admin';
import { forgetApiKey } from '@/lib/auth/api-keys';
import { revokeApiKeySchema } from '@/lib/validations/users';

export const revokeApiKey = action(
  'settings:manage',
  revokeApiKeySchema,
  async ({ id }, { actor }) => {
    const r = await revokeApiKeyRecord(
      pool(),
      { id },
      { userId: actor.kind === 'user' ? actor.id : null, via: actor.kind, by: actor.name },
    );
    if (!r.found) return refuse('actions.apiKey.notFound', {}, { status: 404 });
    forgetApiKey(r.prefix);
    return { message: 'actions.apiKey.revoked', params: { name: r.name } };
  },
  { revalidate: ['/settings'] },
);
