// Reads of scoring runs for the Pontuação page and GET /api/v1/scoring/runs: lists, one run with live
// progress (rate and time left from its own counters), and its summary. Permission is checked by callers
// that have a request (route handlers) and here for pages.
import 'server-only';
import { authorize } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { parseRunSummary, type RunSummary } from '@/lib/scoring/summary';

export interface RunView {
  id: string;
  kind: 'BATCH' | 'REALTIME';
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  asOfMonth: string;
  day: string | null;
  modelVersionId: string;
  modelVersion: string;
  policyVersion: number;
  featureSetVersion: string;
  clientsTotal: number;
  clientsDone: number;
  chunksTotal: number;
  chunksDone: number;
  decisions: number;
  unchanged: number;
  holdout: number;
  alertsOpened: number;
  alertsRefreshed: number;
  offersQueued: number;
  featuresComputed: number;
  origin: string;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  message: string | null;
  /** Clients per second since the first chunk started (null before any progress). */
  rate: number | null;
  /** Seconds left at the current rate (null when unknown or finished). */
  secondsLeft: number | null;
  summary: RunSummary | null;
}

const SELECT = {
  id: true,
  kind: true,
  status: true,
  asOfMonth: true,
  day: true,
  modelVersionId: true,
  policyVersion: true,
  featureSetVersion: true,
  clientsTotal: true,
  clientsDone: true,
  chunksTotal: true,
  chunksDone: true,
  decisions: true,
  unchanged: true,
  holdout: true,
  alertsOpened: true,
  alertsRefreshed: true,
  offersQueued: true,
  featuresComputed: true,
  origin: true,
  createdById: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  message: true,
  summary: true,
  modelVersion: { select: { name: true, version: true } },
} as const;

type Row = Awaited<ReturnType<typeof db.scoringRun.findFirstOrThrow<{ select: typeof SELECT }>>>;

function view(r: Row, users: Map<string, string>, now = Date.now()): RunView {
  const started = r.startedAt ? +r.startedAt : null;
  const end = r.finishedAt ? +r.finishedAt : now;
  const elapsed = started ? Math.max(0.001, (end - started) / 1000) : null;
  const rate = elapsed && r.clientsDone > 0 ? r.clientsDone / elapsed : null;
  const running = r.status === 'RUNNING' || r.status === 'QUEUED';
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    asOfMonth: r.asOfMonth,
    day: r.day,
    modelVersionId: r.modelVersionId,
    modelVersion: `${r.modelVersion.name} v${r.modelVersion.version}`,
    policyVersion: r.policyVersion,
    featureSetVersion: r.featureSetVersion,
    clientsTotal: r.clientsTotal,
    clientsDone: r.clientsDone,
    chunksTotal: r.chunksTotal,
    chunksDone: r.chunksDone,
    decisions: r.decisions,
    unchanged: r.unchanged,
    holdout: r.holdout,
    alertsOpened: r.alertsOpened,
    alertsRefreshed: r.alertsRefreshed,
    offersQueued: r.offersQueued,
    featuresComputed: r.featuresComputed,
    origin: r.origin,
    createdBy: r.createdById ? (users.get(r.createdById) ?? null) : null,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    message: r.message,
    rate,
    secondsLeft: running && rate ? Math.max(0, (r.clientsTotal - r.clientsDone) / rate) : null,
    summary: parseRunSummary(r.summary),
  };
}

async function userNames(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u.name]));
}

export async function listRuns(
  opts: { kind?: 'BATCH' | 'REALTIME'; limit?: number } = {},
): Promise<RunView[]> {
  const rows = await db.scoringRun.findMany({
    where: opts.kind ? { kind: opts.kind } : {},
    orderBy: { createdAt: 'desc' },
    take: opts.limit ?? 50,
    select: SELECT,
  });
  const users = await userNames(rows.map((r) => r.createdById));
  return rows.map((r) => view(r, users));
}

export async function getRun(id: string): Promise<RunView | null> {
  const r = await db.scoringRun.findUnique({ where: { id }, select: SELECT });
  if (!r) return null;
  return view(r, await userNames([r.createdById]));
}

/** The months a run can be started for: months with statements, newest first. */
export async function scoringMonths(): Promise<string[]> {
  const r = await db.$queryRaw<{ m: string }[]>`
    SELECT DISTINCT "asOfMonth" AS m FROM "FeatureRun" ORDER BY 1 DESC LIMIT 60`;
  return r.map((x) => x.m);
}

export interface ScoringSetup {
  /** The champion a new run would use ("proativa-lgbm v1"), or null when none is promoted. */
  champion: { id: string; label: string } | null;
  /** The active policy version a new run would use, or null when none is active. */
  policyVersion: number | null;
  months: string[];
}

/** What the Pontuação start form offers: the months, and the model and policy a run started now would use. */
export async function scoringSetup(): Promise<ScoringSetup> {
  await authorize('scoring:run');
  const [champion, policy, months] = await Promise.all([
    db.modelVersion.findFirst({
      where: { status: 'CHAMPION' },
      select: { id: true, name: true, version: true },
    }),
    db.decisionPolicy.findFirst({ where: { status: 'ACTIVE' }, select: { version: true } }),
    scoringMonths(),
  ]);
  return {
    champion: champion ? { id: champion.id, label: `${champion.name} v${champion.version}` } : null,
    policyVersion: policy?.version ?? null,
    months,
  };
}
