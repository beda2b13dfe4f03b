// POST /api/v1/noop: the floor real-time scoring is measured against (npm run bench -- realtime-http). It goes
// through exactly what POST /api/v1/score goes through before any scoring work (the same authorization,
// API-key scope and rate limit, the same capped JSON body read) and then answers { ok: true }: the difference
// between the two is the cost of the decision itself.
import { handler, readJson } from '@/lib/api/respond';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const MAX_BODY_BYTES = 512 * 1024; // as POST /api/v1/score

export const POST = handler('score:realtime', async (request) => {
  const json = await readJson(request, { maxBytes: MAX_BODY_BYTES });
  if (!json.ok) return json.response;
  return Response.json({ ok: true });
});
