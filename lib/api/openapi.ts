// The OpenAPI 3.1 description of /api/v1, generated (@asteasolutions/zod-to-openapi) from the zod schemas the
// handlers parse and answer with (lib/validations/*): one registration per exported method of every route file.
// lib/api/openapi.test.ts fails when a route file and this registry disagree (a path, a method, a permission).
import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import type { OpenAPIObject } from 'openapi3-ts/oas31';
import { z } from 'zod';
import type { ApiErrorCode } from '@/lib/api/respond';
import { ROLES, roleCan, type Permission, type Role } from '@/lib/auth/roles';
import { PERMISSION_SCOPE, type Scope } from '@/lib/auth/scopes';
import type { modelJson } from '@/lib/data/models';
import type { BatchPage } from '@/lib/data/ingestion';
import type { RunView } from '@/lib/data/scoring';
import type { DescribedReason } from '@/lib/decisions/reasons';
import type { Health } from '@/lib/health';
import type { IngestionKindName } from '@/lib/ingest/store';
import { KIND_FIELDS, type FieldSpec } from '@/lib/ingest/kinds';
import { UCI_COLUMNS } from '@/lib/ingest/uci';
import type { TrainingJobJson } from '@/lib/jobs/training-jobs';
import { trainingRequestSchema } from '@/lib/jobs/training-request';
import type { PublicReport } from '@/app/api/v1/ingest/upload';
import type { PolicyImpact } from '@/lib/policy/impact';
import type { PolicyRecord } from '@/lib/policy/store';
import {
  API_ERROR_CODES,
  apiErrorSchema,
  type Expect,
  type Jsonified,
  type Same,
} from '@/lib/validations/api';
import { idInput } from '@/lib/validations/common';
import { createExperimentInput, experimentIdParam } from '@/lib/validations/engagement';
import { ALERT_STATUSES } from '@/lib/alerts/status-flow';
import { SLA_STATES } from '@/lib/alerts/sla';
import { simulateQuerySchema, simulateResponseSchema } from '@/lib/alerts/simulator-schema';
import { DEFAULT_POLICY, type DecisionPolicy } from '@/lib/policy/policy';
import {
  decisionExportQuerySchema,
  decisionHistoryQuerySchema,
  decisionHistoryResponseSchema,
  describedReasonSchema,
  scoreQuerySchema,
  scoreRequestSchema,
  scoreResponseSchema,
} from '@/lib/validations/decisions';
import {
  clientFeaturesParams,
  clientFeaturesQuery,
  clientFeaturesResponseSchema,
  computedFeaturesResponseSchema,
  featuresRequestSchema,
} from '@/lib/validations/features';
import { healthSchema, healthShortSchema } from '@/lib/validations/health';
import {
  batchListQuery,
  batchPageSchema,
  INGESTION_KIND_NAMES,
  ingestFailureSchema,
  ingestKindParams,
  ingestProgressLineSchema,
  ingestReportSchema,
  ingestUploadQuery,
  rejectionsParams,
} from '@/lib/validations/ingestion';
import {
  championChangeResponseSchema,
  downloadQuerySchema,
  MODEL_MAX_BYTES,
  modelListResponseSchema,
  modelResponseSchema,
  uploadModelQuerySchema,
} from '@/lib/validations/models';
import {
  activatePolicyResponseSchema,
  policyImpactResponseSchema,
  policyListResponseSchema,
  policyProposalSchema,
  policyRecordSchema,
  policyResponseSchema,
  policyVersionInput,
  rejectPolicyBody,
} from '@/lib/validations/policy';
import {
  listRunsQuery,
  runIdSchema,
  runListResponseSchema,
  runSchema,
  startRunSchema,
} from '@/lib/validations/scoring';
import {
  trainingJobListResponseSchema,
  trainingJobResponseSchema,
  trainingListQuery,
} from '@/lib/validations/training';
import {
  createUserResponseSchema,
  createUserSchema,
  meResponseSchema,
  userListResponseSchema,
} from '@/lib/validations/users';

import {
  acknowledgeFiringInput,
  compareQuery,
  compareResponseSchema,
  driftQuery,
  driftResponseSchema,
  firingIdSchema,
  firingSchema,
  monitoringRunListSchema,
  monitoringRunSchema,
  performanceQuery,
  performanceResponseSchema,
  startMonitoringRunSchema,
  triggersQuery,
  triggersResponseSchema,
} from '@/lib/validations/monitoring';

export const OPENAPI_PATH = '/api/v1/openapi.json';

/** Operation groups, in the order the reference page shows them. Names are keys of apidocs.tags too. */
export const API_TAGS = [
  { name: 'Scoring', description: 'Real-time scoring and batch scoring runs.' },
  { name: 'Decisions', description: 'The decision ledger: a client’s history and the month’s export.' },
  { name: 'Policies', description: 'Decision policy versions: propose, approve, activate, compare.' },
  { name: 'Alerts', description: 'The managers’ alert queue: list, claim, record the handling.' },
  { name: 'Features', description: 'Point-in-time features (fs-v1) of a client or of a raw history.' },
  { name: 'Ingestion', description: 'Raw data uploads and their reports.' },
  { name: 'Models', description: 'The model registry: versions, champion changes, artifacts.' },
  { name: 'Monitoring', description: 'Model performance, drift, triggers and monitoring runs.' },
  { name: 'Training', description: 'Training jobs that register new model versions.' },
  { name: 'Account', description: 'Who is calling, and user administration.' },
  { name: 'Engagement', description: 'Digital offers, message experiments and the WhatsApp webhook.' },
  { name: 'System', description: 'Readiness and this description.' },
] as const;
export type ApiTag = (typeof API_TAGS)[number]['name'];

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call an operation: a permission (session or API key with its scope), or anyone. */
export interface OperationAccess {
  /** null: public, no credential needed. */
  permission: Permission | null;
  /** The scope an API key needs; null when the operation is closed to API keys. */
  scope: Scope | null;
  /** The roles holding the permission. */
  roles: Role[];
}

/** One registered operation: what the drift test compares with the route files. */
export interface RegisteredOperation extends OperationAccess {
  method: HttpMethod;
  path: string;
  tag: ApiTag;
}

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

// The generic meaning of each error status; an operation may say more about its own (`errors`).
const ERROR_TEXT: Record<ErrorStatus, string> = {
  400: 'Invalid input: malformed JSON or a parameter or field that fails validation (details names each).',
  401: 'No valid session or API key (a malformed, unknown or revoked key).',
  403:
    'The role lacks the permission, the API key lacks the scope or the operation is closed to API keys, ' +
    'or a cookie-authenticated write came from another origin.',
  404: 'Not found.',
  409: 'Conflicts with the current state.',
  413: 'The body is larger than the limit.',
  415: 'The body is not declared as JSON (Content-Type: application/json).',
  422: 'Well-formed but refused (details names the field).',
  429: 'The API key is over its rate limit: retry after Retry-After seconds.',
  500: 'Unexpected server error (logged under the answer’s X-Request-Id; no internals are shown).',
  503: 'Temporarily unavailable.',
};

/** Errors every authenticated operation may answer (handler() in lib/api/respond.ts). */
const AUTH_ERRORS: ErrorStatus[] = [401, 403, 429, 500];

const retryAfter = z.object({
  'Retry-After': z.string().describe('Seconds to wait before retrying.'),
});
const location = z.object({ Location: z.string().describe('The created resource.') });

interface Success {
  status: 200 | 201 | 202;
  description: string;
  /** A JSON schema, or the full content map for other media types. */
  json?: z.ZodType;
  content?: ResponseConfig['content'];
  headers?: z.ZodObject;
}

interface OperationSpec {
  method: HttpMethod;
  path: string;
  tag: ApiTag;
  operationId: string;
  summary: string;
  description?: string;
  /** null: public. */
  permission: Permission | null;
  /** Overrides the permission's scope (handler()'s opts.scope). */
  scope?: Scope | null;
  request?: RouteConfig['request'];
  ok: Success[];
  /** Error statuses beyond the authentication ones, each with what it means here. */
  errors?: Partial<Record<ErrorStatus, string>>;
  /** Answers whose body is not the error envelope, replacing the generated ones. */
  responses?: RouteConfig['responses'];
}

const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'pk_<prefix>_<secret>',
    description:
      'An API key (Configurações page or `npm run apikey -- create`): `Authorization: Bearer pk_...`. ' +
      'A key acts with its role and needs the scope each operation names (score, features, ingest, read); ' +
      'each key has a rate limit per minute (429 with Retry-After above it).',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'next-auth.session-token',
    description:
      'The browser session of a signed-in user (`__Secure-next-auth.session-token` over https). Writes ' +
      'authenticated by the cookie must come from the app’s own origin.',
  },
} as const;

function accessOf(permission: Permission | null, scope?: Scope | null): OperationAccess {
  if (permission === null) return { permission: null, scope: null, roles: [...ROLES] };
  return {
    permission,
    scope: scope === undefined ? PERMISSION_SCOPE[permission] : scope,
    roles: ROLES.filter((r) => roleCan(r, permission)),
  };
}

function errorResponses(statuses: Partial<Record<ErrorStatus, string>>): RouteConfig['responses'] {
  const out: RouteConfig['responses'] = {};
  for (const [status, text] of Object.entries(statuses) as [`${ErrorStatus}`, string][]) {
    out[status] = {
      description: text,
      content: { 'application/json': { schema: apiErrorSchema } },
      ...(status === '429' ? { headers: retryAfter } : {}),
    };
  }
  return out;
}

/** Each kind's fields, from the table ingestion validates with (lib/ingest/kinds.ts). */
const INGEST_FIELDS = (() => {
  const list = (fields: readonly FieldSpec[]) =>
    fields.map((f) => `${f.name} (${f.type}${f.nullable ? ', optional' : ''})`).join(', ');
  return [
    ...(['clients', 'statements', 'bureau', 'outcomes'] as const).map(
      (k) => `- ${k}: ${list(KIND_FIELDS[k])}`,
    ),
    `- uci: the UCI “Default of Credit Card Clients” columns ${UCI_COLUMNS.join(', ')}`,
  ].join('\n');
})();

/** A version's rules as a proposal carries them (without the number the workflow assigns). */
function policyRulesOf({ version: _version, ...rules }: DecisionPolicy) {
  return rules;
}

function buildRegistry(): { registry: OpenAPIRegistry; operations: RegisteredOperation[] } {
  const registry = new OpenAPIRegistry();
  const operations: RegisteredOperation[] = [];
  registry.registerComponent('securitySchemes', 'apiKey', SECURITY_SCHEMES.apiKey);
  registry.registerComponent('securitySchemes', 'session', SECURITY_SCHEMES.session);

  const op = (s: OperationSpec) => {
    const access = accessOf(s.permission, s.scope);
    operations.push({ method: s.method, path: s.path, tag: s.tag, ...access });
    const errors: Partial<Record<ErrorStatus, string>> = {};
    for (const [status, text] of Object.entries(s.errors ?? {})) errors[Number(status) as ErrorStatus] = text;
    if (s.permission !== null) for (const st of AUTH_ERRORS) errors[st] ??= ERROR_TEXT[st];
    const responses: RouteConfig['responses'] = {};
    for (const ok of s.ok) {
      responses[ok.status] = {
        description: ok.description,
        ...(ok.json ? { content: { 'application/json': { schema: ok.json } } } : {}),
        ...(ok.content ? { content: ok.content } : {}),
        ...(ok.headers ? { headers: ok.headers } : {}),
      };
    }
    // In 3.1 a non-OAuth requirement may list roles: the key's scope is named there too.
    const security: Record<string, string[]>[] =
      s.permission === null
        ? [{}]
        : [{ session: [] }, ...(access.scope === null ? [] : [{ apiKey: [access.scope] }])];
    registry.registerPath({
      method: s.method,
      path: s.path,
      operationId: s.operationId,
      tags: [s.tag],
      summary: s.summary,
      ...(s.description ? { description: s.description } : {}),
      security,
      'x-permission': access.permission,
      'x-api-key-scope': access.scope,
      'x-roles': access.roles,
      ...(s.request ? { request: s.request } : {}),
      responses: { ...responses, ...errorResponses(errors), ...s.responses },
    });
  };

  // The example is what the reference page's curl sends (schema-view.test.ts parses each with the schema).
  const json = (schema: z.ZodType, example: unknown) => ({
    required: true,
    content: { 'application/json': { schema, example } },
  });
  const JSON_BODY_ERRORS = {
    400: 'Malformed JSON, or a field that fails validation (details lists each { path, message }).',
    413: 'The body is larger than 1 MiB.',
    415: ERROR_TEXT[415],
  } as const;

  // --- Scoring
  op({
    method: 'post',
    path: '/api/v1/score',
    tag: 'Scoring',
    operationId: 'score',
    summary: 'Score one client in real time',
    description:
      'One real-time decision: features, the champion model, the active policy and the reason codes. ' +
      '`{ "externalId" }` scores a stored client (features from the store as of its latest snapshot, or ' +
      'computed from its stored history) and stores the decision in the day’s REALTIME run; `{ "history" }` ' +
      'scores a raw history and stores nothing unless `"store": true`. A repeated call for the same inputs ' +
      'answers the stored decision (`replayed: true`).',
    permission: 'score:realtime',
    request: { query: scoreQuerySchema, body: json(scoreRequestSchema, { externalId: 'SIM-0000001' }) },
    ok: [{ status: 200, description: 'The decision.', json: scoreResponseSchema }],
    errors: {
      400: 'Malformed JSON.',
      404: 'Unknown client (externalId, or history.clientExternalId with store: true).',
      413: 'The body is larger than 512 KiB.',
      415: ERROR_TEXT[415],
      422:
        'A field is invalid (the message names the first, details lists every { path, message }), the ' +
        'client has no history to score, or the champion’s feature set cannot be computed here.',
      503: 'No champion model registered, or no active policy.',
    },
  });
  op({
    method: 'get',
    path: '/api/v1/scoring/runs',
    tag: 'Scoring',
    operationId: 'listScoringRuns',
    summary: 'List scoring runs',
    description: 'Recent scoring runs, newest first, with their live progress.',
    permission: 'scoring:view',
    request: { query: listRunsQuery },
    ok: [{ status: 200, description: 'The runs.', json: runListResponseSchema }],
    errors: { 400: ERROR_TEXT[400] },
  });
  op({
    method: 'post',
    path: '/api/v1/scoring/runs',
    tag: 'Scoring',
    operationId: 'startScoringRun',
    summary: 'Start a batch scoring run',
    description:
      'Scores every eligible client for an as-of month with the champion and the active policy. The run is ' +
      'split into client chunks that the workers share through the job queue; poll the run for progress. ' +
      'Re-running a month with the same model and policy creates no new decisions (`unchanged`).',
    permission: 'scoring:run',
    request: { body: json(startRunSchema, { asOfMonth: '2026-01' }) },
    ok: [{ status: 202, description: 'The run, queued.', json: runSchema, headers: location }],
    errors: {
      ...JSON_BODY_ERRORS,
      422: 'No eligible clients for the month, or the champion’s features do not match the feature set.',
      503: 'No champion model registered, or no active policy.',
    },
  });
  op({
    method: 'get',
    path: '/api/v1/scoring/runs/{id}',
    tag: 'Scoring',
    operationId: 'getScoringRun',
    summary: 'Get a scoring run',
    description: 'One run with its live progress (rate, time left) and, once finished, its summary.',
    permission: 'scoring:view',
    request: { params: runIdSchema },
    ok: [{ status: 200, description: 'The run.', json: runSchema }],
    errors: { 400: 'The id is not a uuid.', 404: 'No such run.' },
  });
  op({
    method: 'post',
    path: '/api/v1/scoring/runs/{id}/cancel',
    tag: 'Scoring',
    operationId: 'cancelScoringRun',
    summary: 'Cancel a batch scoring run',
    description:
      'Stops a queued or running batch run. Decisions already written stay (the ledger is append-only).',
    permission: 'scoring:run',
    request: { params: runIdSchema },
    ok: [{ status: 200, description: 'The run, cancelled.', json: runSchema }],
    errors: { 400: 'The id is not a uuid.', 404: 'No such run.', 409: 'The run has already finished.' },
  });
  op({
    method: 'post',
    path: '/api/v1/scoring/runs/{id}/resume',
    tag: 'Scoring',
    operationId: 'resumeScoringRun',
    summary: 'Resume a failed or cancelled batch scoring run',
    description:
      'Queues again every chunk of a FAILED or CANCELLED batch run that did not succeed, with the model and policy ' +
      'versions the run started with. Chunks already done keep their decisions (the ledger is append-only).',
    permission: 'scoring:run',
    request: { params: runIdSchema },
    ok: [{ status: 200, description: 'The run, queued again.', json: runSchema }],
    errors: {
      400: 'The id is not a uuid.',
      404: 'No such run.',
      409: 'The run is not failed or cancelled, or its model version no longer exists.',
    },
  });

  // --- Monitoring
  op({
    method: 'get',
    path: '/api/v1/monitoring/performance',
    tag: 'Monitoring',
    operationId: 'getMonitoringPerformance',
    summary: 'Model performance per period',
    description:
      'Stored figures of a model (the champion by default) per as-of month (MONTH) or real-time day (DAY) and ' +
      'cohort: AUC with its 95% DeLong interval, Gini, KS, recall and precision at the moderate threshold once ' +
      'the period has matured (>= 95% of its decisions have an outcome), and CBPE estimates for every period.',
    permission: 'monitoring:view',
    request: { query: performanceQuery },
    ok: [{ status: 200, description: 'The figures.', json: performanceResponseSchema }],
    errors: { 400: ERROR_TEXT[400] },
  });
  op({
    method: 'get',
    path: '/api/v1/monitoring/drift',
    tag: 'Monitoring',
    operationId: 'getMonitoringDrift',
    summary: 'Feature and score drift (PSI)',
    description:
      'PSI of the top-5 features and of the score against the model card’s frozen reference deciles, per ISO ' +
      'week or as-of month, with mean shift and missing share; verdict null below the minimum sample.',
    permission: 'monitoring:view',
    request: { query: driftQuery },
    ok: [{ status: 200, description: 'The drift rows.', json: driftResponseSchema }],
    errors: { 400: ERROR_TEXT[400] },
  });
  op({
    method: 'get',
    path: '/api/v1/monitoring/triggers',
    tag: 'Monitoring',
    operationId: 'listMonitoringTriggers',
    summary: 'Triggers and their firings',
    description: 'The trigger definitions and every firing, newest first (open=true: unacknowledged only).',
    permission: 'monitoring:view',
    request: { query: triggersQuery },
    ok: [{ status: 200, description: 'Triggers and firings.', json: triggersResponseSchema }],
    errors: { 400: ERROR_TEXT[400] },
  });
  op({
    method: 'get',
    path: '/api/v1/monitoring/runs',
    tag: 'Monitoring',
    operationId: 'listMonitoringRuns',
    summary: 'List monitoring runs',
    description: 'Recent monitoring computations (scheduled and on demand), newest first.',
    permission: 'monitoring:view',
    ok: [{ status: 200, description: 'The runs.', json: monitoringRunListSchema }],
    errors: {},
  });
  op({
    method: 'post',
    path: '/api/v1/monitoring/runs',
    tag: 'Monitoring',
    operationId: 'startMonitoringRun',
    summary: 'Start a monitoring computation',
    description:
      'Queues a recomputation of every monitoring figure (the run row and its job in one transaction).',
    permission: 'monitoring:manage',
    request: { body: json(startMonitoringRunSchema, { kind: 'manual' }) },
    ok: [{ status: 202, description: 'The run, queued.', json: monitoringRunSchema }],
    errors: { ...JSON_BODY_ERRORS },
  });
  // Executive dashboard (issue 10, pages): the KPI summary the Visão executiva polls.
  const interval = z.object({ estimate: z.number(), low: z.number(), high: z.number() }).nullable();
  op({
    method: 'get',
    path: '/api/v1/executive/summary',
    tag: 'Monitoring',
    operationId: 'getExecutiveSummary',
    summary: 'Executive KPI summary',
    description:
      'Clients scored and band mix from the finished batch runs’ stored summaries, open alerts and those past ' +
      'their SLA, offers sent and accepted, conversion, open trigger firings, and the estimated provision (PDD) ' +
      'avoided with its assumptions.',
    permission: 'executive:view',
    ok: [
      {
        status: 200,
        description: 'The summary.',
        json: z.object({
          asOfMonth: z.string().nullable(),
          clientsScored: z.number().int(),
          bands: z.object({ LOW: z.number().int(), MODERATE: z.number().int(), CRITICAL: z.number().int() }),
          alertsOpen: z.number().int(),
          alertsBreachingSla: z.number().int(),
          offersSent: z.number().int(),
          offersAccepted: z.number().int(),
          alertsOfferAccepted: z.number().int(),
          alertsTotal: z.number().int(),
          conversion: z.number().nullable(),
          triggersOpen: z.number().int(),
          provision: z.object({
            assumptions: z.object({ lgd: z.number(), eadShare: z.number(), pdReduction: z.number() }),
            accepted: z.number().int(),
            pdTimesLimit: z.number(),
            avoided: z.number(),
          }),
          bandMix: z.array(
            z.object({
              asOfMonth: z.string(),
              clients: z.number().int(),
              LOW: z.number().int(),
              MODERATE: z.number().int(),
              CRITICAL: z.number().int(),
            }),
          ),
          uplift: z
            .object({
              months: z.array(z.string()),
              bands: z.array(
                z.object({
                  band: z.enum(['CRITICAL', 'MODERATE']),
                  treated: z.object({ n: z.number().int(), defaults: z.number().int(), rate: interval }),
                  contacted: z.object({ n: z.number().int(), defaults: z.number().int(), rate: interval }),
                  holdout: z.object({ n: z.number().int(), defaults: z.number().int(), rate: interval }),
                  acceptance: interval,
                  accepted: z.number().int(),
                  contactedVsHoldout: interval,
                  treatedVsHoldout: interval,
                }),
              ),
            })
            .describe(
              'Per band, over the champion’s matured months: accepted offers / contacts (offers sent, calls) and ' +
                'the default rate of the contacted, the treated and the holdout, with Wilson and Newcombe 95% ' +
                'intervals.',
            ),
          computedAt: z.string(),
        }),
      },
    ],
  });
  op({
    method: 'post',
    path: '/api/v1/monitoring/firings/{id}/acknowledge',
    tag: 'Monitoring',
    operationId: 'acknowledgeFiring',
    summary: 'Acknowledge a trigger firing',
    description: 'Marks a firing acknowledged by the caller, with an optional note.',
    permission: 'monitoring:manage',
    request: {
      params: firingIdSchema,
      body: json(acknowledgeFiringInput.omit({ id: true }), { note: 'seen' }),
    },
    ok: [{ status: 200, description: 'The firing.', json: firingSchema }],
    errors: { ...JSON_BODY_ERRORS, 404: 'No such firing.', 409: 'Already acknowledged.' },
  });
  op({
    method: 'get',
    path: '/api/v1/monitoring/compare',
    tag: 'Monitoring',
    operationId: 'compareChallenger',
    summary: 'Challenger vs champion on the same matured rows',
    description:
      'Scores the champion’s labelled batch decisions of each matured month (the features stored on them) with ' +
      'a CANDIDATE or CHALLENGER model: both AUCs with their 95% DeLong intervals and the two-sided paired ' +
      'DeLong p-value, per month and pooled, plus the CHALLENGER_READY trigger’s verdict on its window of the ' +
      'latest matured months and its stored firings. Computed on request; never promotes.',
    permission: 'monitoring:view',
    request: { query: compareQuery },
    ok: [{ status: 200, description: 'The comparison.', json: compareResponseSchema }],
    errors: {
      400: ERROR_TEXT[400],
      404: 'No such model version.',
      422: 'No champion, or the model is the champion or neither a candidate nor a challenger.',
    },
  });

  // --- Decisions
  op({
    method: 'get',
    path: '/api/v1/decisions',
    tag: 'Decisions',
    operationId: 'listClientDecisions',
    summary: 'A client’s decision history',
    description:
      'Every decision of one client, newest first, with the reason codes in the caller’s language.',
    permission: 'decisions:view',
    request: { query: decisionHistoryQuerySchema },
    ok: [{ status: 200, description: 'One page of decisions.', json: decisionHistoryResponseSchema }],
    errors: { 400: ERROR_TEXT[400], 404: 'Unknown client.' },
  });
  op({
    method: 'get',
    path: '/api/v1/decisions/export',
    tag: 'Decisions',
    operationId: 'exportDecisions',
    summary: 'Export the month’s decisions as CSV',
    description:
      'The latest decision per client for the as-of month, streamed (flat memory at any size). Columns: ' +
      'externalId, asOfMonth, runId, modelVersion, policyVersion, yProba, band, action, channel, holdout, ' +
      'reasonCodes (in the caller’s language). Text cells are neutralised against spreadsheet formulas.',
    permission: 'decisions:export',
    request: { query: decisionExportQuerySchema },
    ok: [
      {
        status: 200,
        description: 'The CSV file (Content-Disposition: attachment).',
        content: { 'text/csv': { schema: { type: 'string' } } },
      },
    ],
    errors: { 400: ERROR_TEXT[400] },
  });

  // --- Policies
  op({
    method: 'get',
    path: '/api/v1/policies',
    tag: 'Policies',
    operationId: 'listPolicies',
    summary: 'List decision policy versions',
    description:
      'Every version, newest first, with who proposed, approved, activated or rejected it and when.',
    permission: 'policy:view',
    ok: [{ status: 200, description: 'The versions.', json: policyListResponseSchema }],
  });
  op({
    method: 'post',
    path: '/api/v1/policies',
    tag: 'Policies',
    operationId: 'proposePolicy',
    summary: 'Propose a policy version',
    description:
      'A new PROPOSED version: the whole rule set (the shape GET answers with, without `version`) and a ' +
      'note. An admin approves it; only then can it be activated.',
    permission: 'policy:propose',
    request: {
      body: json(policyProposalSchema, {
        rules: { ...policyRulesOf(DEFAULT_POLICY), thresholds: { moderate: 0.2, critical: 0.45 } },
        note: 'Call more clients: CRITICAL from 45%.',
      }),
    },
    ok: [{ status: 201, description: 'The proposed version.', json: policyResponseSchema }],
    errors: { ...JSON_BODY_ERRORS, 409: 'The rules are the same as the active version’s.' },
  });
  op({
    method: 'get',
    path: '/api/v1/policies/{version}',
    tag: 'Policies',
    operationId: 'getPolicy',
    summary: 'Get a policy version',
    permission: 'policy:view',
    request: { params: policyVersionInput },
    ok: [{ status: 200, description: 'The version.', json: policyResponseSchema }],
    errors: { 400: 'The version is not a whole number 1..2147483647.', 404: 'No such version.' },
  });
  op({
    method: 'get',
    path: '/api/v1/policies/{version}/impact',
    tag: 'Policies',
    operationId: 'getPolicyImpact',
    summary: 'What a version would change on the last run',
    description:
      'Clients per band under the last finished batch run’s policy and under this version, the transitions ' +
      'between bands and the control group’s size, from the run’s stored scores (no rescoring).',
    permission: 'policy:view',
    request: { params: policyVersionInput },
    ok: [{ status: 200, description: 'The comparison.', json: policyImpactResponseSchema }],
    errors: { 400: 'The version is not a whole number 1..2147483647.', 404: 'No such version.' },
  });
  op({
    method: 'post',
    path: '/api/v1/policies/{version}/approve',
    tag: 'Policies',
    operationId: 'approvePolicy',
    summary: 'Approve a proposed version',
    description: 'PROPOSED -> APPROVED. Never by the person who proposed it.',
    permission: 'policy:approve',
    request: { params: policyVersionInput },
    ok: [{ status: 200, description: 'The approved version.', json: policyResponseSchema }],
    errors: {
      400: 'The version is not a whole number 1..2147483647.',
      403: `${ERROR_TEXT[403]} Also: the caller proposed this version.`,
      404: 'No such version.',
      409: 'The version is not PROPOSED.',
    },
  });
  op({
    method: 'post',
    path: '/api/v1/policies/{version}/reject',
    tag: 'Policies',
    operationId: 'rejectPolicy',
    summary: 'Reject a pending version',
    description:
      'A PROPOSED or APPROVED (never activated) version becomes REJECTED, with the reviewer’s reason.',
    permission: 'policy:approve',
    request: {
      params: policyVersionInput,
      body: json(rejectPolicyBody, { note: 'The last run shows no need for more calls.' }),
    },
    ok: [{ status: 200, description: 'The rejected version.', json: policyResponseSchema }],
    errors: { ...JSON_BODY_ERRORS, 404: 'No such version.', 409: 'The version is not pending.' },
  });
  op({
    method: 'post',
    path: '/api/v1/policies/{version}/activate',
    tag: 'Policies',
    operationId: 'activatePolicy',
    summary: 'Activate an approved version',
    description:
      'APPROVED -> ACTIVE; the active version becomes RETIRED in the same transaction. Runs already started ' +
      'keep the version they started with.',
    permission: 'policy:activate',
    request: { params: policyVersionInput },
    ok: [{ status: 200, description: 'The activated version.', json: activatePolicyResponseSchema }],
    errors: {
      400: 'The version is not a whole number 1..2147483647.',
      404: 'No such version.',
      409: 'The version is not APPROVED.',
    },
  });

  // --- Alerts (the managers' queue)
  {
    const status = z.enum(ALERT_STATUSES);
    const person = z.object({ id: z.string(), name: z.string() }).nullable();
    const alertRow = z.object({
      id: z.string(),
      status,
      band: z.enum(['LOW', 'MODERATE', 'CRITICAL']),
      yProba: z.number(),
      asOfMonth: z.string(),
      openedAt: z.string(),
      slaDueAt: z.string().nullable(),
      slaState: z.enum(SLA_STATES),
      firstContactAt: z.string().nullable(),
      nextContactAt: z.string().nullable(),
      exposure: z.number().nullable(),
      creditLimit: z.number().nullable(),
      assignee: person,
      portfolio: z.object({ id: z.string(), name: z.string(), managerId: z.string().nullable() }).nullable(),
      client: z.object({
        id: z.string(),
        externalId: z.string(),
        segment: z.string(),
        region: z.string(),
        name: z.string().nullable(),
        email: z.string().nullable(),
        phone: z.string().nullable(),
        masked: z
          .boolean()
          .describe('Personal data masked: the caller neither holds the client nor is an admin.'),
        doNotCall: z.boolean(),
        erased: z.boolean(),
      }),
      demo: z.boolean(),
    });
    const alertDetail = alertRow.extend({
      decisionId: z.string(),
      claimedAt: z.string().nullable(),
      closedAt: z.string().nullable(),
      updatedAt: z.string(),
      lastNote: z.string().nullable(),
      allowed: z.array(status).describe('Statuses the caller may move the alert to now (CLAIMED = claim).'),
      canAssign: z.boolean(),
      mine: z.boolean(),
      events: z.array(
        z.object({
          id: z.string(),
          at: z.string(),
          kind: z.string(),
          fromStatus: status.nullable(),
          toStatus: status,
          note: z.string().nullable(),
          nextContactAt: z.string().nullable(),
          actor: person,
          viaApiKey: z.boolean(),
          demo: z.boolean(),
        }),
      ),
    });
    const queueQuery = z.object({
      status: z.string().optional().describe('Comma-separated statuses; default every open status.'),
      scope: z.enum(['all', 'mine', 'pool']).optional(),
      assignee: z.string().optional().describe('me, none or a user id.'),
      segment: z.string().optional(),
      region: z.string().optional(),
      sla: z.enum(SLA_STATES).optional(),
      q: z
        .string()
        .optional()
        .describe('Client external id prefix, or name (only clients the caller holds).'),
      page: z.string().optional(),
      pageSize: z.string().optional().describe('1..100, default 25.'),
    });
    const actingHeader = z.object({
      'X-Proativa-Acting-User': z
        .string()
        .optional()
        .describe('API keys: the e-mail of the active manager or admin the key acts for (scope alerts).'),
    });
    const alertOne = z.object({ alert: alertDetail });
    op({
      method: 'get',
      path: '/api/v1/alerts',
      tag: 'Alerts',
      operationId: 'listAlerts',
      summary: 'The alert queue',
      description:
        'Open alerts by yProba, then exposure (balance), paginated, with open counts per status. Personal ' +
        'data is masked unless the caller (or the manager an API key acts for) holds the client or is an admin.',
      permission: 'alerts:view',
      request: { query: queueQuery, headers: actingHeader },
      ok: [
        {
          status: 200,
          description: 'One page.',
          json: z.object({
            rows: z.array(alertRow),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
            counts: z.record(z.string(), z.number().int()),
          }),
        },
      ],
      errors: { 400: ERROR_TEXT[400] },
    });
    // --- Savings simulator (issue 9)
    op({
      method: 'get',
      path: '/api/v1/offers/simulate',
      tag: 'Alerts',
      operationId: 'simulateOffer',
      summary: 'Card debt vs consolidation loan',
      description:
        'One month of rotativo then the card installment plan (interest capped at 100% of the balance, Lei ' +
        '14.690/2023) against a personal loan with IOF and its CET. Rates not given come from the settings.',
      permission: 'alerts:view',
      request: { query: simulateQuerySchema },
      ok: [{ status: 200, description: 'Both paths and the savings.', json: simulateResponseSchema }],
      errors: { 400: ERROR_TEXT[400] },
    });
    op({
      method: 'get',
      path: '/api/v1/alerts/{id}',
      tag: 'Alerts',
      operationId: 'getAlert',
      summary: 'One alert with its trail',
      permission: 'alerts:view',
      request: { params: idInput, headers: actingHeader },
      ok: [{ status: 200, description: 'The alert.', json: alertOne }],
      errors: { 400: ERROR_TEXT[400], 404: 'No such alert.' },
    });
    op({
      method: 'post',
      path: '/api/v1/alerts/{id}/claim',
      tag: 'Alerts',
      operationId: 'claimAlert',
      summary: 'Claim an alert',
      description:
        'NEW -> CLAIMED for the caller. Of simultaneous claims exactly one wins; the others get 409 naming the ' +
        'holder. A manager claims alerts of their own portfolio and of the shared pool. API keys need the ' +
        'alerts scope and X-Proativa-Acting-User.',
      permission: 'alerts:work',
      scope: 'alerts',
      request: { params: idInput, headers: actingHeader },
      ok: [{ status: 200, description: 'The claimed alert.', json: alertOne }],
      errors: {
        400: ERROR_TEXT[400],
        403: `${ERROR_TEXT[403]} Also: another portfolio's alert, or an API key without an acting manager.`,
        404: 'No such alert.',
        409: 'Someone already holds it (the message names them), or it is not NEW.',
      },
    });
    op({
      method: 'post',
      path: '/api/v1/alerts/{id}/transition',
      tag: 'Alerts',
      operationId: 'transitionAlert',
      summary: 'Record a step of the handling',
      description:
        'CLAIMED -> CONTACTED | UNREACHABLE | NEW (release); CONTACTED -> OFFER_ACCEPTED | OFFER_DECLINED | ' +
        'UNREACHABLE; UNREACHABLE -> CONTACTED | CLOSED; OFFER_* -> CLOSED. Only the assignee or an admin.',
      permission: 'alerts:work',
      scope: 'alerts',
      request: {
        params: idInput,
        headers: actingHeader,
        body: json(
          z.object({
            to: status,
            note: z.string().max(2000).optional(),
            nextContactAt: z.string().optional().describe('ISO 8601 instant.'),
            via: z.enum(['PHONE', 'EMAIL', 'IN_PERSON']).optional().describe('Default PHONE.'),
          }),
          {
            to: 'CONTACTED',
            note: 'Cliente aceitou conversar sobre a consolidação.',
            nextContactAt: '2026-12-03T13:00:00Z',
          },
        ),
      },
      ok: [{ status: 200, description: 'The alert after the step.', json: alertOne }],
      errors: {
        ...JSON_BODY_ERRORS,
        403: `${ERROR_TEXT[403]} Also: the caller does not hold the alert.`,
        404: 'No such alert.',
        409: 'The flow does not allow this step from the current status.',
        422: 'CONTACTED by phone of a client who asked not to be called.',
      },
    });
  }

  // --- Features
  op({
    method: 'get',
    path: '/api/v1/features/{externalId}',
    tag: 'Features',
    operationId: 'getClientFeatures',
    summary: 'A stored client’s features as of a month',
    description:
      'Computed now from the raw tables, point in time: only what was known at the end of the month.',
    permission: 'features:view',
    request: { params: clientFeaturesParams, query: clientFeaturesQuery },
    ok: [{ status: 200, description: 'The feature vector.', json: clientFeaturesResponseSchema }],
    errors: { 400: ERROR_TEXT[400], 404: 'Unknown client.' },
  });
  op({
    method: 'post',
    path: '/api/v1/features',
    tag: 'Features',
    operationId: 'computeFeatures',
    summary: 'Features of a raw history',
    description: 'Computes the feature vector of the history sent, without reading or writing the database.',
    permission: 'features:view',
    request: {
      body: json(featuresRequestSchema, {
        asOfMonth: '2025-06',
        clientExternalId: 'SIM-0000001',
        statements: [
          {
            referenceMonth: '2025-06',
            creditLimit: 5000,
            statementBalance: 4100,
            minimumDue: 615,
            amountPaid: 615,
            monthsPastDue: 0,
          },
        ],
        bureau: [
          {
            referenceDate: '2025-06-15',
            totalDebt: 12000,
            overdueDebt: 0,
            numInstitutions: 2,
            personalLoanDebt: 3000,
          },
        ],
      }),
    },
    ok: [{ status: 200, description: 'The feature vector.', json: computedFeaturesResponseSchema }],
    errors: {
      ...JSON_BODY_ERRORS,
      400: 'Malformed JSON, a field that fails validation, or records refused by the ingestion rules (details lists each "statements[i].field").',
    },
  });

  // --- Ingestion
  op({
    method: 'post',
    path: '/api/v1/ingest/{kind}',
    tag: 'Ingestion',
    operationId: 'ingest',
    summary: 'Upload a raw data file',
    description:
      'The file is the body, streamed (never buffered whole) and stored idempotently by natural key: ' +
      're-uploading the same rows changes nothing. CSV by default; NDJSON by Content-Type ' +
      '(application/x-ndjson) or ?format=ndjson. With `Accept: application/x-ndjson` the answer is a live ' +
      'progress stream ending with the report. Bad rows are rejected with their line and field; the rest ' +
      'are stored.\n\n' +
      INGEST_FIELDS,
    permission: 'ingestion:run',
    request: {
      params: ingestKindParams,
      query: ingestUploadQuery,
      body: {
        required: true,
        description: 'The raw file.',
        content: {
          'text/csv': {
            schema: { type: 'string', description: 'CSV with a header row (any column order).' },
          },
          'application/x-ndjson': {
            schema: { type: 'string', description: 'One JSON object per line, with the same field names.' },
          },
        },
      },
    },
    ok: [
      {
        status: 200,
        description:
          'The ingestion report (JSON), or with Accept: application/x-ndjson a stream of progress lines ' +
          'ending with one report line.',
        content: {
          'application/json': { schema: ingestReportSchema },
          'application/x-ndjson': { schema: ingestProgressLineSchema },
        },
      },
    ],
    errors: {
      400: 'Unknown ?format, an empty body, or NDJSON for uci (CSV only).',
      404: 'Unknown kind.',
    },
    // A failed batch also carries the report of what was read and stored; a busy server says when to retry.
    responses: {
      413: {
        description:
          'The body is larger than INGEST_MAX_BYTES (2 GiB by default): refused up front when Content-Length ' +
          'says so, else the batch FAILED when the limit was passed (with its report).',
        content: { 'application/json': { schema: z.union([ingestFailureSchema, apiErrorSchema]) } },
      },
      422: {
        description:
          'The file is unusable (no header, missing columns...): the batch FAILED, nothing stored.',
        content: { 'application/json': { schema: ingestFailureSchema } },
      },
      503: {
        description: 'Too many uploads running in this process: retry after Retry-After seconds.',
        content: { 'application/json': { schema: apiErrorSchema } },
        headers: retryAfter,
      },
    },
  });
  op({
    method: 'get',
    path: '/api/v1/ingest/batches',
    tag: 'Ingestion',
    operationId: 'listIngestionBatches',
    summary: 'List ingestion batches',
    description: 'Recent batches, newest first, with their counts and messages in the caller’s language.',
    permission: 'ingestion:run',
    request: { query: batchListQuery },
    ok: [{ status: 200, description: 'One page of batches.', json: batchPageSchema }],
    errors: { 400: ERROR_TEXT[400] },
  });
  op({
    method: 'get',
    path: '/api/v1/ingest/batches/{id}/rejections.csv',
    tag: 'Ingestion',
    operationId: 'getIngestionRejections',
    summary: 'A batch’s rejection report as CSV',
    description:
      'Every rejected row (line, field, code, reason), streamed, with the header and reasons in the caller’s language.',
    permission: 'ingestion:run',
    request: { params: rejectionsParams },
    ok: [
      {
        status: 200,
        description: 'The CSV file (Content-Disposition: attachment).',
        content: { 'text/csv': { schema: { type: 'string' } } },
      },
    ],
    errors: { 404: 'No such batch.' },
  });

  // --- Models
  op({
    method: 'get',
    path: '/api/v1/models',
    tag: 'Models',
    operationId: 'listModels',
    summary: 'List model versions',
    description: 'Every registered version with its model card and parity result (never the bytes).',
    permission: 'models:view',
    ok: [{ status: 200, description: 'The versions.', json: modelListResponseSchema }],
  });
  op({
    method: 'post',
    path: '/api/v1/models',
    tag: 'Models',
    operationId: 'uploadModel',
    summary: 'Register a model file',
    description:
      'The raw model file is the body, whatever its Content-Type: ONNX, or LightGBM text (converted to ' +
      'ONNX and checked for parity). Its features must be the feature set’s. Registered as CANDIDATE.',
    permission: 'models:manage',
    request: {
      query: uploadModelQuerySchema,
      body: {
        required: true,
        description: `The model file, at most ${MODEL_MAX_BYTES / 1024 / 1024} MiB.`,
        content: {
          'application/octet-stream': {
            schema: { type: 'string', contentMediaType: 'application/octet-stream' },
          },
          'text/plain': { schema: { type: 'string', description: 'A LightGBM text model.' } },
        },
      },
    },
    ok: [
      { status: 201, description: 'The registered version.', json: modelResponseSchema, headers: location },
    ],
    errors: {
      400: 'Missing fileName, an empty body, or a file that is not a readable model (details.reason).',
      409: 'The same file is already registered (details names the version).',
      413: `The file is larger than ${MODEL_MAX_BYTES / 1024 / 1024} MiB.`,
      422: 'A model that cannot serve: unsupported, unknown or mismatched features, failed parity (details.reason).',
    },
  });
  op({
    method: 'get',
    path: '/api/v1/models/{id}',
    tag: 'Models',
    operationId: 'getModel',
    summary: 'Get a model version',
    permission: 'models:view',
    request: { params: idInput },
    ok: [{ status: 200, description: 'The version.', json: modelResponseSchema }],
    errors: { 400: 'The id is not a uuid.', 404: 'No such version.' },
  });
  op({
    method: 'get',
    path: '/api/v1/models/{id}/download',
    tag: 'Models',
    operationId: 'downloadModel',
    summary: 'Download a model artifact',
    permission: 'models:view',
    request: { params: idInput, query: downloadQuerySchema },
    ok: [
      {
        status: 200,
        description: 'The file (Content-Disposition: attachment).',
        content: {
          'application/octet-stream': {
            schema: { type: 'string', contentMediaType: 'application/octet-stream' },
          },
          'text/plain': { schema: { type: 'string', description: 'A LightGBM text model.' } },
        },
      },
    ],
    errors: { 400: ERROR_TEXT[400], 404: 'No such version, or no LightGBM text for it.' },
  });
  op({
    method: 'post',
    path: '/api/v1/models/{id}/promote',
    tag: 'Models',
    operationId: 'promoteModel',
    summary: 'Make a version the champion',
    description: 'The previous champion is retired, in one transaction (audited).',
    permission: 'models:manage',
    request: { params: idInput },
    ok: [
      {
        status: 200,
        description: 'The new champion and the version it retired.',
        json: championChangeResponseSchema,
      },
    ],
    errors: {
      400: 'The id is not a uuid.',
      404: 'No such version.',
      409: 'The version is already the champion.',
    },
  });
  op({
    method: 'post',
    path: '/api/v1/models/rollback',
    tag: 'Models',
    operationId: 'rollbackModel',
    summary: 'Roll back to the previous champion',
    description: 'Re-promotes the most recently retired former champion (audited).',
    permission: 'models:manage',
    ok: [
      {
        status: 200,
        description: 'The new champion and the version it retired.',
        json: championChangeResponseSchema,
      },
    ],
    errors: { 409: 'There is no former champion to roll back to.' },
  });

  // --- Training
  op({
    method: 'get',
    path: '/api/v1/training',
    tag: 'Training',
    operationId: 'listTrainingJobs',
    summary: 'List training jobs',
    description: 'The most recent jobs, newest first (without per-iteration history).',
    permission: 'models:view',
    request: { query: trainingListQuery },
    ok: [{ status: 200, description: 'The jobs.', json: trainingJobListResponseSchema }],
    errors: { 400: ERROR_TEXT[400] },
  });
  op({
    method: 'post',
    path: '/api/v1/training',
    tag: 'Training',
    operationId: 'startTraining',
    summary: 'Start a training job',
    description:
      'Trains a LightGBM model on the feature store’s windows and registers it as a CANDIDATE version. ' +
      'Numbers may be sent as numbers or as text in either locale ("0,05").',
    permission: 'models:manage',
    request: {
      body: json(trainingRequestSchema, {
        name: 'proativa-lgbm',
        trainWindow: { from: '2025-04', to: '2025-12' },
        validWindow: { from: '2026-01', to: '2026-02' },
        params: { num_iterations: 300, learning_rate: 0.05 },
      }),
    },
    ok: [
      { status: 202, description: 'The job, queued.', json: trainingJobResponseSchema, headers: location },
    ],
    errors: { ...JSON_BODY_ERRORS, 500: 'The job could not be queued.' },
  });
  op({
    method: 'get',
    path: '/api/v1/training/{id}',
    tag: 'Training',
    operationId: 'getTrainingJob',
    summary: 'Get a training job',
    description: 'Status and live progress, with the validation AUC per iteration.',
    permission: 'models:view',
    request: { params: idInput },
    ok: [{ status: 200, description: 'The job.', json: trainingJobResponseSchema }],
    errors: { 400: 'The id is not a uuid.', 404: 'No such job.' },
  });

  // --- Account
  op({
    method: 'get',
    path: '/api/v1/me',
    tag: 'Account',
    operationId: 'me',
    summary: 'Who is calling',
    description: 'The signed-in user or the API key: a cheap way for a machine client to check its key.',
    permission: 'profile:view',
    ok: [{ status: 200, description: 'The caller.', json: meResponseSchema }],
  });
  op({
    method: 'get',
    path: '/api/v1/users',
    tag: 'Account',
    operationId: 'listUsers',
    summary: 'List users',
    description: 'Admins; an admin’s API key with the read scope may list them too.',
    permission: 'settings:manage',
    scope: 'read',
    ok: [{ status: 200, description: 'The users, by e-mail.', json: userListResponseSchema }],
  });
  op({
    method: 'post',
    path: '/api/v1/users',
    tag: 'Account',
    operationId: 'createUser',
    summary: 'Create a user',
    permission: 'settings:manage',
    request: {
      body: json(createUserSchema, {
        name: 'Ana Souza',
        email: 'ana.souza@example.com',
        role: 'MANAGER',
        password: 'a-long-initial-passphrase',
      }),
    },
    ok: [{ status: 201, description: 'The user.', json: createUserResponseSchema }],
    errors: { ...JSON_BODY_ERRORS, 409: 'The e-mail is already in use.' },
  });

  // --- System
  op({
    method: 'get',
    path: '/api/v1/health',
    tag: 'System',
    operationId: 'health',
    summary: 'Readiness probe',
    description:
      'Anyone gets up or down. A signed-in user or an API key with the read scope also gets the details ' +
      '(database, migrations, champion model); a bad credential is never a 401 here, just the short answer.',
    permission: null,
    ok: [
      {
        status: 200,
        description: 'Up (ok or degraded).',
        content: { 'application/json': { schema: z.union([healthShortSchema, healthSchema]) } },
      },
    ],
    // Down is the same body with 503, not the error envelope.
    responses: {
      503: {
        description: 'Down: the database is unreachable or migrations are not current.',
        content: { 'application/json': { schema: z.union([healthShortSchema, healthSchema]) } },
      },
    },
  });
  op({
    method: 'post',
    path: '/api/v1/noop',
    tag: 'System',
    operationId: 'noop',
    summary: 'Benchmark floor',
    description:
      'Does what POST /api/v1/score does before any scoring (authorization, scope, rate limit, JSON body ' +
      'read) and answers { ok: true }: the floor npm run bench measures real-time scoring against.',
    permission: 'score:realtime',
    request: { body: json(z.object({}).passthrough(), {}) },
    ok: [{ status: 200, description: 'Nothing done.', json: z.object({ ok: z.literal(true) }) }],
    errors: JSON_BODY_ERRORS,
  });
  op({
    method: 'get',
    path: OPENAPI_PATH,
    tag: 'System',
    operationId: 'openapi',
    summary: 'This description',
    description: 'The OpenAPI 3.1 description of every /api/v1 operation (public; cached for 5 minutes).',
    permission: null,
    ok: [
      {
        status: 200,
        description: 'The OpenAPI document.',
        content: { 'application/json': { schema: { type: 'object' } } },
      },
    ],
  });
  // Observability (issue 11): lib/observability, docs/grafana-dashboard.json.
  op({
    method: 'get',
    path: '/api/v1/metrics',
    tag: 'System',
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    description:
      'This process’s metrics in the Prometheus text format 0.0.4: request latency per route, real-time ' +
      'scoring latency, batch progress and throughput, pg-boss queue depth and oldest job age, ingestion ' +
      'counts, the offer outbox by status, the champion model, trigger firings, open alerts, process metrics. ' +
      'A signed-in admin, an admin’s API key with the metrics scope, or `Authorization: Bearer ` followed by ' +
      'the PROATIVA_METRICS_TOKEN setting (for a Prometheus server without a key).',
    permission: 'settings:manage',
    scope: 'metrics',
    ok: [
      {
        status: 200,
        description: 'The metrics.',
        content: {
          'text/plain; version=0.0.4': {
            schema: { type: 'string', description: 'Prometheus exposition format 0.0.4.' },
          },
        },
      },
    ],
  });

  // Engagement (issue 9): experiments, offer acceptance, WhatsApp webhook.
  op({
    method: 'get',
    path: '/api/v1/experiments',
    tag: 'Engagement',
    operationId: 'listExperiments',
    summary: 'Message experiments',
    permission: 'campaigns:view',
    ok: [
      {
        status: 200,
        description: 'Every experiment with its variants.',
        json: z.object({ experiments: z.array(z.object({ id: z.string() }).loose()) }),
      },
    ],
  });
  op({
    method: 'post',
    path: '/api/v1/experiments',
    tag: 'Engagement',
    operationId: 'createExperiment',
    summary: 'Create a message experiment',
    description:
      'Two or more weighted variants (pt-BR templates with {primeiroNome}, {valor}, ...); unknown fields are rejected.',
    permission: 'campaigns:manage',
    request: {
      body: json(createExperimentInput, {
        name: 'Tom da mensagem',
        band: 'MODERATE',
        variants: [
          { key: 'A', template: 'Olá {primeiroNome}, temos uma condição para você.', weight: 1 },
          { key: 'B', template: '{primeiroNome}, sua parcela pode caber no bolso.', weight: 1 },
        ],
      }),
    },
    ok: [{ status: 201, description: 'The new experiment id.', json: z.object({ id: z.string() }) }],
    errors: { ...JSON_BODY_ERRORS, 409: 'Another experiment is RUNNING for the band and segment.' },
  });
  op({
    method: 'post',
    path: '/api/v1/experiments/{id}/stop',
    tag: 'Engagement',
    operationId: 'stopExperiment',
    summary: 'Stop a running experiment',
    permission: 'campaigns:manage',
    request: { params: experimentIdParam },
    ok: [{ status: 200, description: 'Stopped; history kept.', json: z.object({ ok: z.literal(true) }) }],
    errors: { 404: 'No such experiment.', 409: 'Not RUNNING.' },
  });
  op({
    method: 'get',
    path: '/api/v1/experiments/{id}/results',
    tag: 'Engagement',
    operationId: 'experimentResults',
    summary: 'Results per variant',
    description:
      'Wilson 95% CI per variant; difference vs the first variant with the Newcombe hybrid score 95% CI; ' +
      'uplift vs the holdout (no message) on the default rate within the performance window: holdout rate ' +
      'minus the variant’s over matured outcomes, Newcombe 95% CI, with `upliftReason` (noSends, noHoldout, ' +
      'holdoutNotMatured, variantNotMatured) when it cannot be computed yet and `holdout.firstOutcomeMonth`.',
    permission: 'campaigns:view',
    request: { params: experimentIdParam },
    ok: [{ status: 200, description: 'Results.', json: z.object({ id: z.string() }).loose() }],
    errors: { 404: 'No such experiment.' },
  });
  op({
    method: 'post',
    path: '/api/v1/offers/{id}/accept',
    tag: 'Engagement',
    operationId: 'acceptOffer',
    summary: 'Record that the client accepted an offer',
    permission: 'ingestion:run',
    request: { params: z.object({ id: z.string() }) },
    ok: [
      {
        status: 200,
        description: 'accepted or already.',
        json: z.object({ result: z.enum(['accepted', 'already']) }),
      },
    ],
    errors: { 404: 'No such offer.', 409: 'The offer was not sent.' },
  });
  op({
    method: 'get',
    path: '/api/v1/webhooks/whatsapp',
    tag: 'Engagement',
    operationId: 'whatsappChallenge',
    summary: 'WhatsApp subscription challenge',
    permission: null,
    ok: [
      {
        status: 200,
        description: 'hub.challenge as text.',
        content: { 'text/plain': { schema: { type: 'string' } } },
      },
    ],
  });
  op({
    method: 'post',
    path: '/api/v1/webhooks/whatsapp',
    tag: 'Engagement',
    operationId: 'whatsappWebhook',
    summary: 'WhatsApp delivery statuses and replies',
    description:
      'Authenticated by X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret); 401 otherwise.',
    permission: null,
    ok: [
      {
        status: 200,
        description: 'Applied (idempotently).',
        json: z.object({ ok: z.literal(true) }).loose(),
      },
    ],
  });

  return { registry, operations };
}

let cached: { document: OpenAPIObject; operations: RegisteredOperation[] } | null = null;

function build() {
  if (cached) return cached;
  const { registry, operations } = buildRegistry();
  const document = new OpenApiGeneratorV31(registry.definitions, {
    sortComponents: 'alphabetically',
  }).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Proativa API',
      version: 'v1',
      description:
        'Proactive credit-risk decisions: real-time and batch scoring, the decision ledger, policies, ' +
        'features, ingestion and the model registry. Authenticate with an API key ' +
        '(`Authorization: Bearer pk_...`, the scope each operation names) or a browser session. Every answer ' +
        'carries X-Request-Id; errors are `{ error: { code, message, details? } }` with the message in the ' +
        'caller’s language (Accept-Language: pt-BR or en).',
    },
    servers: [{ url: '/' }],
    tags: API_TAGS.map((t) => ({ ...t })),
  });
  cached = { document, operations };
  return cached;
}

/** The document, built once per process (it depends on code only). */
export function openApiDocument(): OpenAPIObject {
  return build().document;
}

/** Every registered operation with who may call it, in registration order. */
export function registeredOperations(): readonly RegisteredOperation[] {
  return build().operations;
}

// --- Compile-time drift checks: each response schema against the value its handler returns. A field added to
// or removed from either side fails `tsc` here. (Handlers that build their JSON inline type it with the schema
// directly: `satisfies ScoreResponse`.)
type _codes = Expect<Same<ApiErrorCode, (typeof API_ERROR_CODES)[number]>>;
type _kinds = Expect<Same<IngestionKindName, (typeof INGESTION_KIND_NAMES)[number]>>;
type _reasons = Expect<Same<DescribedReason, z.infer<typeof describedReasonSchema>>>;
type _health = Expect<Same<Health, z.infer<typeof healthSchema>>>;
type _batches = Expect<Same<BatchPage, z.infer<typeof batchPageSchema>>>;
type _report = Expect<Same<Jsonified<PublicReport>, z.infer<typeof ingestReportSchema>>>;
type _runs = Expect<Same<RunView, z.infer<typeof runSchema>>>;
type _policy = Expect<Same<Jsonified<PolicyRecord>, z.infer<typeof policyRecordSchema>>>;
type _impact = Expect<Same<Jsonified<PolicyImpact>, z.infer<typeof policyImpactResponseSchema>['impact']>>;
// The card and parity columns are JSON the registry parses on read; the rest must match exactly.
type ModelJson = ReturnType<typeof modelJson>;
type _model = Expect<
  Same<Omit<ModelJson, 'card' | 'parity'>, Omit<z.infer<typeof modelResponseSchema>, 'card' | 'parity'>>
>;
type _modelKeys = Expect<Same<keyof ModelJson, keyof z.infer<typeof modelResponseSchema>>>;
type _training = Expect<
  Same<
    Omit<TrainingJobJson, 'progress' | 'params'>,
    Omit<z.infer<typeof trainingJobResponseSchema>, 'progress' | 'params'>
  >
>;
