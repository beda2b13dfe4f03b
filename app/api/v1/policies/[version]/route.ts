// GET /api/v1/policies/{version}: one decision policy version with its rules and lifecycle (policy:view).
import { handler } from '@/lib/api/respond';
import { AppError } from '@/lib/errors';
import { getPolicyRecord } from '@/lib/policy/store';
import { policyVersionInput } from '@/lib/validations/policy';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handler(
  'policy:view',
  async (_request, _actor, context: { params: Promise<{ version: string }> }) => {
    const { version } = policyVersionInput.parse(await context.params);
    const policy = await getPolicyRecord(version);
    if (!policy) throw new AppError('policy.notFound', { version }, 404);
    return Response.json({ policy });
  },
);
