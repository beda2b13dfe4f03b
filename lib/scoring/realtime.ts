// Real-time scoring: one client to one decision, through the same code as the batch (decideChunk: ONNX
// Runtime, TreeSHAP, the policy) and the same ledger write (writeDecisions: decision + alert/offer in one
// transaction), into the REALTIME run of the UTC day for the champion and the active policy.
//
// The hot path is built around round trips: the champion's loaded model and the active policy are cached
// per process for LIVE_TTL_MS (a promotion or a policy activation is picked up within 5 s); one query reads
// the client, its consents, its latest feature snapshot and its latest decision for that month; the day's
// run id is cached per process; concurrent requests' writes share one transaction (./realtime-writer.ts).
//
// One decision per client per run (the ledger's unique (run, client)) means one real-time decision per client
// per day and model and policy. A request whose decision equals the client's latest one for the same month,
// model and policy (same features, score, band, action, channel, holdout) stores nothing and answers that
// decision (replayed: true), as a batch re-run does; with the same features the model is not even run, only
// the policy (consents may have changed). A second, different decision on the same day, which the ledger
// cannot hold, is answered with the day's stored decision, so what the caller acts on is always what the
// ledger says.
import 'server-only';
import type pg from 'pg';
import { pool } from '@/lib/db';
import { AppError, isAppError } from '@/lib/errors';
import { addMonths, type BureauRecord, type StatementRecord } from '@/lib/domain/raw';
import type { RunHead } from '@/lib/decisions/ledger';
import { parseReasonCodes } from '@/lib/decisions/history';
import { clientHistoryFromDb } from '@/lib/features/store';
import { computeFeaturesInto, FEATURE_SET_VERSION, NUM_FEATURES } from '@/lib/features/fs-v1';
import type { ReasonCode } from '@/lib/ml/reason-codes';
import { decide, type ClientContact } from '@/lib/policy/decide';
import { isHoldout } from '@/lib/policy/holdout';
import type { Band, Channel, DecisionAction, DecisionPolicy } from '@/lib/policy/policy';
import { getActivePolicy } from '@/lib/policy/store';
import { decideChunk } from '@/lib/scoring/decide-chunk';
import { championId, scoringModel, type ScoringModel } from '@/lib/scoring/models';
import { writeRealtimeDecision } from '@/lib/scoring/realtime-writer';
import { observeRealtimeScoring } from '@/lib/observability/http';

/** How long a process keeps using the champion and policy it loaded before asking again. */
export const LIVE_TTL_MS = 5_000;

export interface RealtimeHistory {
  asOfMonth: string;
  clientExternalId?: string;
  statements: StatementRecord[];
  bureau: BureauRecord[];
}

export type RealtimeInput = (
  { externalId: string; history?: undefined } | { externalId?: undefined; history: RealtimeHistory }
) & {
  /** Write the decision to the ledger (default: true for externalId, false for a history). */
  store?: boolean;
  /** Keep every feature's contribution and the base value (explain=full). */
  explain?: boolean;
};

export interface RealtimeDecision {
  /** The ledger's decision id; null when the decision was not stored (a history without store). */
  decisionId: string | null;
  /** True when the answer is a decision the ledger already held (nothing new was stored). */
  replayed: boolean;
  externalId: string | null;
  asOfMonth: string;
  /** Where the features came from: the feature store, computed now from the stored history, or the request. */
  featureSource: 'store' | 'computed' | 'request';
  yProba: number;
  band: Band;
  action: DecisionAction;
  channel: Channel;
  holdout: boolean;
  reasonCodes: ReasonCode[];
  modelVersion: string;
  modelVersionId: string;
  policyVersion: number;
  featureSetVersion: string;
  /** explain=full: feature name -> TreeSHAP log-odds contribution, every model feature. */
  contributions?: Record<string, number>;
  /** explain=full: the model's expected log-odds; baseValue + sum(contributions) = logit(yProba). */
  baseValue?: number;
}

interface Live {
  model: ScoringModel;
  modelLabel: string;
  policy: DecisionPolicy;
  /** The same policy with no control group: for a history that names no client, there is nobody to hold out. */
  anonymousPolicy: DecisionPolicy;
}

interface State {
  live: { expiresAt: number; value: Promise<Live> } | null;
  runs: Map<string, Promise<string>>;
}
const g = globalThis as unknown as { __proativaRealtime?: State };
const state = (g.__proativaRealtime ??= { live: null, runs: new Map() });

/** Tests: forget the cached champion, policy and run ids (after promoting or registering in the same process). */
export function resetRealtimeCaches(): void {
  state.live = null;
  state.runs.clear();
}

async function loadLive(): Promise<Live> {
  const [id, policy] = await Promise.all([championId(), getActivePolicy(pool())]);
  if (!id) throw new AppError('scoring.noChampion', {}, 503);
  if (!policy) throw new AppError('scoring.noPolicy', {}, 503);
  const model = await scoringModel(id);
  return {
    model,
    modelLabel: `${model.name} v${model.version}`,
    policy,
    anonymousPolicy: { ...policy, holdoutShare: 0 },
  };
}

function live(): Promise<Live> {
  const now = Date.now();
  if (state.live && state.live.expiresAt > now) return state.live.value;
  const value = loadLive();
  const entry = { expiresAt: now + LIVE_TTL_MS, value };
  state.live = entry;
  // "No champion" and "no policy" are answers worth caching for the TTL; a failed query is not.
  value.catch((e: unknown) => {
    if (!(e instanceof AppError) && state.live === entry) state.live = null;
  });
  return value;
}

/** The UTC day 'YYYY-MM-DD' of the REALTIME run a decision made now belongs to. */
export function runDay(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The id of the day's REALTIME run for the model and policy, created on first use (INSERT ... ON CONFLICT on
 * the run's unique (kind, day, model, policy), so concurrent processes agree on one row). The run's asOfMonth
 * is the last complete month before the day, what a batch started that day would score; each decision keeps
 * its own as-of month.
 */
function runIdFor(l: Live, day: string): Promise<string> {
  const key = `${day}|${l.model.id}|${l.policy.version}`;
  let p = state.runs.get(key);
  if (!p) {
    p = pool()
      .query<{ id: string }>(
        `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", day, "modelVersionId", "policyVersion",
                                   "featureSetVersion", origin, "startedAt")
         VALUES (gen_random_uuid(), 'REALTIME', 'RUNNING', $1, $2, $3, $4, $5, 'api', now())
         ON CONFLICT (kind, day, "modelVersionId", "policyVersion") DO UPDATE SET kind = EXCLUDED.kind
         RETURNING id`,
        [addMonths(day.slice(0, 7), -1), day, l.model.id, l.policy.version, l.model.featureSetVersion],
      )
      .then((r) => r.rows[0]!.id);
    state.runs.set(key, p);
    p.catch(() => state.runs.delete(key));
    // Yesterday's ids are never asked for again.
    for (const k of state.runs.keys()) if (!k.startsWith(`${day}|`)) state.runs.delete(k);
  }
  return p;
}

interface PriorDecision {
  id: string;
  features: (number | string | null)[] | null;
  yProba: number;
  band: Band;
  action: DecisionAction;
  channel: Channel;
  holdout: boolean;
  reasonCodes: unknown;
}

interface ClientRow {
  id: number;
  app: boolean;
  email: boolean;
  sms: boolean;
  wa: boolean;
  /** On the do-not-call list: a CRITICAL decision gets the digital offer instead of the call. */
  dnc: boolean;
  /** Latest snapshot's month and values (or the requested month's, for a history). */
  m: string | null;
  v: (number | string | null)[] | null;
  /** The latest decision for that month, model and policy (d_* columns), if any. */
  d_id: string | null;
  d_features: (number | string | null)[] | null;
  d_p: number | null;
  d_band: Band | null;
  d_action: DecisionAction | null;
  d_channel: Channel | null;
  d_holdout: boolean | null;
  d_reasons: unknown;
}

// The client's newest decision first (the ("clientId", "decidedAt") index read backwards), filtered to the
// month, model and policy: a client has a few dozen decisions, a month has one per client.
const PRIOR = `LEFT JOIN LATERAL (
    SELECT x.id::text AS d_id, x.features AS d_features, x."yProba" AS d_p, x.band::text AS d_band,
           x.action::text AS d_action, x.channel::text AS d_channel, x.holdout AS d_holdout,
           x."reasonCodes" AS d_reasons
      FROM "Decision" x
     WHERE x."clientId" = c.id AND x."asOfMonth" = f.m AND x."modelVersionId" = $3 AND x."policyVersion" = $4
     ORDER BY x."decidedAt" DESC LIMIT 1) d ON true`;

const CLIENT_COLUMNS = `c.id::float8 AS id, c."consentApp" AS app, c."consentEmail" AS email, c."consentSms" AS sms,
       c."consentWhatsapp" AS wa, c."doNotCall" AS dnc, f.m, f.v, d.*`;

/** The client, its consents, its latest snapshot and the latest decision for that month: one round trip. */
async function clientWithLatestSnapshot(q: pg.Pool, externalId: string, l: Live): Promise<ClientRow | null> {
  // Named: each pooled connection parses and plans it once, not on every request.
  const r = await q.query<ClientRow>({
    name: 'realtime-client-latest',
    text: `SELECT ${CLIENT_COLUMNS}
       FROM "Client" c
       LEFT JOIN LATERAL (
         SELECT s."asOfMonth" AS m, s."values" AS v FROM "FeatureSnapshot" s
          WHERE s."clientId" = c.id AND s."featureSetVersion" = $2
          ORDER BY s."asOfMonth" DESC LIMIT 1) f ON true
       ${PRIOR}
      WHERE c."externalId" = $1`,
    values: [externalId, l.model.featureSetVersion, l.model.id, l.policy.version],
  });
  return r.rows[0] ?? null;
}

/** The client, its consents and its latest decision for a given month (no snapshot read). */
async function clientForMonth(
  q: pg.Pool,
  externalId: string,
  month: string,
  l: Live,
): Promise<ClientRow | null> {
  const r = await q.query<ClientRow>({
    name: 'realtime-client-month',
    text: `SELECT ${CLIENT_COLUMNS}
       FROM "Client" c
       CROSS JOIN (SELECT $2::text AS m, NULL::float8[] AS v) f
       ${PRIOR}
      WHERE c."externalId" = $1`,
    values: [externalId, month, l.model.id, l.policy.version],
  });
  return r.rows[0] ?? null;
}

function toFeatures(v: (number | string | null)[]): Float64Array | null {
  if (v.length !== NUM_FEATURES) return null;
  const out = new Float64Array(NUM_FEATURES);
  for (let j = 0; j < NUM_FEATURES; j++) {
    const x = v[j];
    out[j] = x === null || x === undefined ? NaN : Number(x);
  }
  return out;
}

const sameFloat = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

/** The ledger's notion of "unchanged" (lib/decisions/ledger.ts): same inputs and the same outcome. */
function samePrior(
  prior: PriorDecision,
  features: Float64Array,
  out: { yProba: number; band: Band; action: DecisionAction; channel: Channel; holdout: boolean },
): boolean {
  if (!sameFloat(prior.yProba, out.yProba)) return false;
  if (prior.band !== out.band || prior.action !== out.action || prior.channel !== out.channel) return false;
  if (prior.holdout !== out.holdout) return false;
  return sameFeatures(prior, features);
}

function priorOf(row: ClientRow): PriorDecision | null {
  if (row.d_id === null) return null;
  return {
    id: row.d_id,
    features: row.d_features,
    yProba: row.d_p!,
    band: row.d_band!,
    action: row.d_action!,
    channel: row.d_channel!,
    holdout: row.d_holdout!,
    reasonCodes: row.d_reasons,
  };
}

function sameFeatures(prior: PriorDecision, features: Float64Array): boolean {
  const f = prior.features ?? [];
  if (f.length !== features.length) return false;
  for (let j = 0; j < features.length; j++) {
    const x = f[j];
    if (!sameFloat(x === null || x === undefined ? NaN : Number(x), features[j]!)) return false;
  }
  return true;
}

const contactOf = (row: ClientRow | null): ClientContact => ({
  consents: {
    app: row?.app === true,
    email: row?.email === true,
    sms: row?.sms === true,
    whatsapp: row?.wa === true,
  },
  doNotCall: row?.dnc === true,
});

async function decideOne(
  l: Live,
  features: Float64Array,
  clientId: number,
  externalId: string | null,
  contact: ClientContact,
  explain: boolean,
) {
  const out = await decideChunk(
    l.model,
    externalId === null ? l.anonymousPolicy : l.policy,
    { clientIds: [clientId], externalIds: [externalId ?? 'request'], contacts: [contact], features },
    { keepContributions: explain },
  );
  return out;
}

type Decided = Awaited<ReturnType<typeof decideOne>>;

interface StoredDecision extends PriorDecision {
  asOfMonth: string;
}

async function storedInRun(runId: string, clientId: number): Promise<StoredDecision | null> {
  const r = await pool().query<StoredDecision>(
    `SELECT id::text AS id, "asOfMonth", features, "yProba", band::text AS band, action::text AS action,
            channel::text AS channel, holdout, "reasonCodes"
       FROM "Decision" WHERE "runId" = $1 AND "clientId" = $2`,
    [runId, clientId],
  );
  return r.rows[0] ?? null;
}

function modelFields(l: Live) {
  return {
    modelVersion: l.modelLabel,
    modelVersionId: l.model.id,
    policyVersion: l.policy.version,
    featureSetVersion: l.model.featureSetVersion,
  };
}

function answer(
  l: Live,
  out: Decided,
  extra: Pick<RealtimeDecision, 'decisionId' | 'replayed' | 'externalId' | 'asOfMonth' | 'featureSource'>,
  explain: boolean,
): RealtimeDecision {
  const res: RealtimeDecision = {
    ...extra,
    yProba: out.yProba[0]!,
    band: out.band[0]!,
    action: out.action[0]!,
    channel: out.channel[0]!,
    holdout: out.holdout[0]!,
    reasonCodes: out.reasonCodes[0] ?? [],
    ...modelFields(l),
  };
  if (explain) {
    const contributions: Record<string, number> = {};
    const c = out.contributions;
    l.model.featureNames.forEach((name, j) => {
      contributions[name] = c ? c[j]! : NaN;
    });
    res.contributions = contributions;
    res.baseValue = out.baseValue;
  }
  return res;
}

/** One real-time decision. Throws AppError 404 (unknown client), 422 (nothing to score), 503 (no champion/policy). */
export async function scoreRealtime(input: RealtimeInput): Promise<RealtimeDecision> {
  // Timed for proativa_scoring_realtime_duration_seconds (lib/observability/http.ts), by how it ended.
  const started = performance.now();
  try {
    const d = await scoreRealtimeUntimed(input);
    observeRealtimeScoring(started, d.decisionId === null ? 'unstored' : d.replayed ? 'replayed' : 'stored');
    return d;
  } catch (e) {
    observeRealtimeScoring(started, isAppError(e) ? 'rejected' : 'error');
    throw e;
  }
}

async function scoreRealtimeUntimed(input: RealtimeInput): Promise<RealtimeDecision> {
  const l = await live();
  const explain = input.explain === true;
  const p = pool();
  let row: ClientRow | null;
  let features: Float64Array;
  let asOfMonth: string;
  let featureSource: RealtimeDecision['featureSource'];
  let externalId: string | null;
  let store: boolean;

  if (input.externalId !== undefined) {
    externalId = input.externalId;
    store = input.store ?? true;
    row = await clientWithLatestSnapshot(p, externalId, l);
    if (!row) throw new AppError('score.unknownClient', { externalId }, 404, 'externalId');
    const stored = row.v ? toFeatures(row.v) : null;
    if (stored && row.m) {
      features = stored;
      asOfMonth = row.m;
      featureSource = 'store';
    } else {
      // No snapshot yet: the same pure functions the feature store runs, over the stored history, as of the
      // client's latest statement month.
      if (l.model.featureSetVersion !== FEATURE_SET_VERSION) {
        throw new AppError('scoring.featureSetUnavailable', { version: l.model.featureSetVersion }, 422);
      }
      const history = await clientHistoryFromDb(p, externalId);
      let last = '';
      for (const s of history?.statements ?? []) if (s.referenceMonth > last) last = s.referenceMonth;
      if (!history || !last) throw new AppError('score.noHistory', { externalId }, 422, 'externalId');
      features = new Float64Array(NUM_FEATURES);
      computeFeaturesInto(history, last, features, 0);
      asOfMonth = last;
      featureSource = 'computed';
      if (store) row = (await clientForMonth(p, externalId, last, l)) ?? row;
    }
  } else {
    const h = input.history;
    if (l.model.featureSetVersion !== FEATURE_SET_VERSION) {
      throw new AppError('scoring.featureSetUnavailable', { version: l.model.featureSetVersion }, 422);
    }
    externalId = h.clientExternalId ?? null;
    store = input.store ?? false;
    asOfMonth = h.asOfMonth;
    featureSource = 'request';
    row = externalId === null ? null : await clientForMonth(p, externalId, asOfMonth, l);
    if (store && !row) {
      throw new AppError(
        'score.unknownClient',
        { externalId: externalId ?? '' },
        404,
        'history.clientExternalId',
      );
    }
    features = new Float64Array(NUM_FEATURES);
    computeFeaturesInto(
      {
        client: { externalId: externalId ?? 'request', segment: '', birthDate: null, relationshipStart: '' },
        statements: h.statements,
        bureau: h.bureau,
      },
      asOfMonth,
      features,
      0,
    );
  }

  const base = { externalId, asOfMonth, featureSource };
  const contact = contactOf(row);
  const prior = store && row ? priorOf(row) : null;

  // The ledger already holds a decision for exactly these inputs (a batch run of the month, an earlier call):
  // the model would give the same score, so only the policy's part (which reads today's consents) is redone.
  if (prior && !explain && sameFeatures(prior, features)) {
    const holdout = isHoldout(externalId!, l.policy.holdoutSalt, l.policy.holdoutShare);
    const d = decide(prior.yProba, contact, l.policy, holdout);
    if (
      d.band === prior.band &&
      d.action === prior.action &&
      d.channel === prior.channel &&
      holdout === prior.holdout
    ) {
      return {
        ...base,
        ...modelFields(l),
        decisionId: prior.id,
        replayed: true,
        yProba: prior.yProba,
        band: prior.band,
        action: prior.action,
        channel: prior.channel,
        holdout: prior.holdout,
        reasonCodes: parseReasonCodes(prior.reasonCodes),
      };
    }
  }

  const out = await decideOne(l, features, row?.id ?? 0, externalId, contact, explain);
  if (!store || !row) return answer(l, out, { ...base, decisionId: null, replayed: false }, explain);
  const outcome = {
    yProba: out.yProba[0]!,
    band: out.band[0]!,
    action: out.action[0]!,
    channel: out.channel[0]!,
    holdout: out.holdout[0]!,
  };
  if (prior && samePrior(prior, features, outcome)) {
    return answer(l, out, { ...base, decisionId: prior.id, replayed: true }, explain);
  }
  const runId = await runIdFor(l, runDay());
  const head: RunHead = {
    id: runId,
    asOfMonth,
    modelVersionId: l.model.id,
    policyVersion: l.policy.version,
    featureSetVersion: l.model.featureSetVersion,
  };
  const id = await writeRealtimeDecision({ head, decision: out, computed: featureSource === 'computed' });
  if (id !== null) return answer(l, out, { ...base, decisionId: id, replayed: false }, explain);

  // The client already has a decision in today's run that differs (new data since): the ledger holds one per
  // client per run, so the answer is the stored one, explained from its own features.
  const day = await storedInRun(runId, row.id);
  if (!day) throw new Error(`decision of client ${row.id} in run ${runId} vanished`);
  const again = explain
    ? await decideOne(l, toFeatures(day.features ?? []) ?? features, row.id, externalId, contact, true)
    : out;
  return {
    ...answer(l, again, { ...base, asOfMonth: day.asOfMonth, decisionId: day.id, replayed: true }, explain),
    yProba: day.yProba,
    band: day.band,
    action: day.action,
    channel: day.channel,
    holdout: day.holdout,
    reasonCodes: parseReasonCodes(day.reasonCodes),
  };
}
