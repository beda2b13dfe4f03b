'use server';
// Creates a machine credential (settings:manage) with its scopes and rate limit: the full key is returned once
// and only its hash is stored; audited in the same transaction (the same code as `npm run apikey -- create`).
import { pool } from '@/lib/db';
import { action } from '@/lib/actions/action';
import { createApiKeyRecord } from '@/lib/auth/api-key-admin';
import { createApiKeySchema } from '@/lib/validations/users';

export const createApiKey = action(
  'settings:manage',
  createApiKeySchema,
  async (input, { actor }) => {
    const key = await createApiKeyRecord(pool(), input, {
      userId: actor.kind === 'user' ? actor.id : null,
      via: actor.kind,
      by: actor.name,
    });
    return {
      message: 'actions.apiKey.created',
      params: { name: key.name },
      data: { secret: key.token },
    };
  },
  { revalidate: ['/settings'] },
);
