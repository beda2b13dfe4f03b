// GET /api/v1/scoring/runs/:id: one run with its live progress (the Pontuação page polls it) and summary.
import { handler } from '@/lib/api/respond';
import { getRun } from '@/lib/data/scoring';
import { AppError } from '@/lib/errors';
import { runIdSchema } from '@/lib/validations/scoring';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler<{ params: Promise<{ id: string }> }>(
  'scoring:view',
  async (_request, _actor, ctx) => {
    const { id } = runIdSchema.parse(await ctx.params);
    const run = await getRun(id);
    if (!run) throw new AppError('scoring.runNotFound', { id }, 404);
    return Response.json(run);
  },
);
