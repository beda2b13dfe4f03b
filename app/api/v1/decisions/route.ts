// GET /api/v1/decisions?externalId=&page=&pageSize=: a client's decision history, newest first (permission
// decisions:view, API-key scope read), with the reason codes in business language in the request's locale.
import { apiError, handler } from '@/lib/api/respond';
import { describeReasons } from '@/lib/decisions/reasons';
import { clientDecisions } from '@/lib/decisions/history';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { decisionHistoryQuerySchema, type DecisionHistoryResponse } from '@/lib/validations/decisions';

export const dynamic = 'force-dynamic';

export const GET = handler('decisions:view', async (request) => {
  const locale = localeOfRequest(request);
  const q = decisionHistoryQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await clientDecisions(q.externalId, { page: q.page, pageSize: q.pageSize });
  if (!page) {
    return apiError(
      404,
      'NOT_FOUND',
      translateKey(locale, 'errors.decisions.unknownClient', { externalId: q.externalId }),
      { field: 'externalId' },
    );
  }
  return Response.json({
    externalId: page.externalId,
    total: page.total,
    page: page.page,
    pageSize: page.pageSize,
    pages: page.pages,
    decisions: page.decisions.map((d) => ({
      decisionId: d.id,
      runId: d.runId,
      runKind: d.runKind,
      asOfMonth: d.asOfMonth,
      decidedAt: d.decidedAt.toISOString(),
      yProba: d.yProba,
      band: d.band,
      action: d.action,
      channel: d.channel,
      holdout: d.holdout,
      reasonCodes: describeReasons(d.reasonCodes, locale),
      modelVersion: d.modelVersion,
      modelVersionId: d.modelVersionId,
      policyVersion: d.policyVersion,
      featureSetVersion: d.featureSetVersion,
    })),
  } satisfies DecisionHistoryResponse);
});
