// POST /api/v1/score[?explain=full]: one real-time decision (permission score:realtime, API-key scope score).
// Body { "externalId": "..." } scores a stored client (features from the store as of its latest snapshot, or
// computed from its stored history as of its latest statement month) and stores the decision in the day's
// REALTIME run; { "history": {...} } scores a raw history (the shape POST /api/v1/features takes) and stores
// nothing (decisionId null) unless "store": true, which stores it against the existing client named by
// history.clientExternalId. 400 malformed JSON, 422 naming the field, 404 unknown client, 503 without a
// champion or an active policy, 401/403, 429 over the key's rate limit.
import { z } from 'zod';
import { apiError, handler, readJson } from '@/lib/api/respond';
import type { BureauRecord, StatementRecord } from '@/lib/domain/raw';
import { describeReasons } from '@/lib/decisions/reasons';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { formatRejection } from '@/lib/ingest/messages';
import { validateObject } from '@/lib/ingest/validate';
import { scoreRealtime, type RealtimeInput } from '@/lib/scoring/realtime';
import {
  scoreQuerySchema,
  scoreRequestSchema,
  type RawHistoryInput,
  type ScoreResponse,
} from '@/lib/validations/decisions';
import { translateIssue } from '@/lib/validations/issues';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** A request body stays small: a recent history is at most a few hundred records. */
const MAX_BODY_BYTES = 512 * 1024;

interface Problem {
  path: string;
  message: string;
}

/** zod's path as the request writes it: history.statements[3].creditLimit. */
function pathOf(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const p of parts) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(body)';
}

/** 422 naming the first field, with every problem found. */
function unprocessable(locale: Locale, problems: Problem[]): Response {
  const first = problems[0]!;
  return apiError(
    422,
    'UNPROCESSABLE',
    translateKey(locale, 'api.score.invalidField', { field: first.path, reason: first.message }),
    problems,
  );
}

function zodProblems(error: z.ZodError, locale: Locale): Problem[] {
  return error.issues.map((i) => ({ path: pathOf(i.path), message: translateIssue(i, locale) }));
}

/** Each record checked by the ingestion rules (types, ranges, real months): every bad one named. */
function validHistory(
  h: RawHistoryInput,
  locale: Locale,
): { ok: true; statements: StatementRecord[]; bureau: BureauRecord[] } | { ok: false; problems: Problem[] } {
  const clientExternalId = h.clientExternalId ?? 'request';
  const problems: Problem[] = [];
  const statements: StatementRecord[] = [];
  const bureau: BureauRecord[] = [];
  h.statements.forEach((s, i) => {
    const r = validateObject('statements', { ...s, clientExternalId }, i);
    if (r.record) statements.push(r.record);
    for (const e of r.errors) {
      problems.push({
        path: `history.statements[${i}].${e.field}`,
        message: formatRejection(locale, e.code, e.params),
      });
    }
  });
  h.bureau.forEach((b, i) => {
    const r = validateObject('bureau', { ...b, clientExternalId }, i);
    if (r.record) bureau.push(r.record);
    for (const e of r.errors) {
      problems.push({
        path: `history.bureau[${i}].${e.field}`,
        message: formatRejection(locale, e.code, e.params),
      });
    }
  });
  return problems.length ? { ok: false, problems } : { ok: true, statements, bureau };
}

export const POST = handler('score:realtime', async (request) => {
  const locale = localeOfRequest(request);
  const url = new URL(request.url);
  const query = scoreQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) return unprocessable(locale, zodProblems(query.error, locale));
  const json = await readJson(request, { maxBytes: MAX_BODY_BYTES });
  if (!json.ok) return json.response;
  const body = scoreRequestSchema.safeParse(json.value);
  if (!body.success) return unprocessable(locale, zodProblems(body.error, locale));
  const explain = query.data.explain === 'full';

  let input: RealtimeInput;
  if (body.data.history) {
    const h = validHistory(body.data.history, locale);
    if (!h.ok) return unprocessable(locale, h.problems);
    input = {
      history: {
        asOfMonth: body.data.history.asOfMonth,
        clientExternalId: body.data.history.clientExternalId,
        statements: h.statements,
        bureau: h.bureau,
      },
      store: body.data.store,
      explain,
    };
  } else {
    input = { externalId: body.data.externalId!, store: body.data.store, explain };
  }

  const d = await scoreRealtime(input);
  return Response.json({
    decisionId: d.decisionId,
    replayed: d.replayed,
    externalId: d.externalId,
    asOfMonth: d.asOfMonth,
    featureSource: d.featureSource,
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
    ...(explain ? { contributions: d.contributions, baseValue: d.baseValue } : {}),
  } satisfies ScoreResponse);
});
