// Real-time features of one client from the raw tables: GET /api/v1/features/{externalId}?asOfMonth=YYYY-MM
import { apiError, handler } from '@/lib/api/respond';
import { pool } from '@/lib/db';
import { featuresForClient } from '@/lib/features/store';
import { FEATURE_SET_VERSION } from '@/lib/features/fs-v1';
import { featuresToJson } from '@/lib/features/json';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { clientFeaturesInput, type ClientFeaturesResponse } from '@/lib/validations/features';

export const dynamic = 'force-dynamic';

export const GET = handler(
  'features:view',
  async (req, _actor, ctx: { params: Promise<{ externalId: string }> }) => {
    // Next.js hands route handlers the decoded segment; a NUL or other control character in it is a 400
    // naming the field, not a database error. (A %-encoding that does not decode never gets here: proxy.ts
    // answers it.)
    const { externalId, asOfMonth } = clientFeaturesInput.parse({
      externalId: (await ctx.params).externalId,
      asOfMonth: new URL(req.url).searchParams.get('asOfMonth') ?? '',
    });
    const values = await featuresForClient(pool(), externalId, asOfMonth);
    if (!values) {
      const message = translateKey(localeOfRequest(req), 'api.features.unknownClient', { id: externalId });
      return apiError(404, 'NOT_FOUND', message);
    }
    return Response.json({
      clientExternalId: externalId,
      asOfMonth,
      featureSetVersion: FEATURE_SET_VERSION,
      features: featuresToJson(values),
    } satisfies ClientFeaturesResponse);
  },
);
