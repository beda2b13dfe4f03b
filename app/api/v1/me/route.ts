// Who the caller is (session or API key): useful for machine clients to check their key.
import { handler } from '@/lib/api/respond';
import type { MeResponse } from '@/lib/validations/users';

export const dynamic = 'force-dynamic';

export const GET = handler('profile:view', async (_req, actor) =>
  Response.json({
    id: actor.id,
    kind: actor.kind,
    name: actor.name,
    email: actor.email,
    role: actor.role,
  } satisfies MeResponse),
);
