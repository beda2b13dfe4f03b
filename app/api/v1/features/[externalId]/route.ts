// Real-time features of one client from the raw tables: GET /api/v1/features/{externalId}?asOfMonth=YYYY-MM
import { apiError, handler } from '@/lib/api/respond';
import { pool } from '@/lib/db';
import { featuresForClient } from '@/lib/features/store';
import { FEATURE_SET_VERSION } from '@/lib/features/fs-v1';
import { featuresToJson } from '@/lib/features/json';

export const dynamic = 'force-dynamic';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const GET = handler(
  'features:view',
  async (req, _actor, ctx: { params: Promise<{ externalId: string }> }) => {
    const { externalId } = await ctx.params;
    const asOfMonth = new URL(req.url).searchParams.get('asOfMonth') ?? '';
    if (!MONTH.test(asOfMonth))
      return apiError(400, 'INVALID_INPUT', `asOfMonth must be 'YYYY-MM', got '${asOfMonth}'.`);
    const values = await featuresForClient(pool(), externalId, asOfMonth);
    if (!values) return apiError(404, 'NOT_FOUND', `Unknown client '${externalId}'.`);
    return Response.json({
      clientExternalId: externalId,
      asOfMonth,
      featureSetVersion: FEATURE_SET_VERSION,
      features: featuresToJson(values),
    });
  },
);
