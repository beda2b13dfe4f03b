// The metric families read from the database at scrape time (prom-client collect() callbacks): batch runs,
// pg-boss queues, ingestion, the offer outbox, the champion model, trigger firings, open alerts. Each family is
// one aggregate query over small tables or an index (never a scan of Decision), run once per scrape however
// many gauges it feeds; a family whose query fails is left out of that scrape and reported by
// proativa_metrics_source_up, so one broken read does not blank the others.
import 'server-only';
import { Counter, Gauge, type Registry } from 'prom-client';
import { pool } from '@/lib/db';
import {
  MONITORING_QUEUE,
  OFFER_DISPATCH_QUEUE,
  PGBOSS_SCHEMA,
  SCORE_MONTHLY_QUEUE,
  SCORE_QUEUE,
  TRAIN_QUEUE,
} from '@/lib/jobs/queue';
import { log } from '@/lib/log';

/** Every queue lib/jobs/queue.ts declares: reported (as 0) before pg-boss first creates it. */
export const KNOWN_QUEUES = [
  SCORE_QUEUE,
  SCORE_MONTHLY_QUEUE,
  MONITORING_QUEUE,
  OFFER_DISPATCH_QUEUE,
  TRAIN_QUEUE,
] as const;
/** pg-boss job states counted per queue (completed and cancelled ones are history). */
export const QUEUE_STATES = ['created', 'retry', 'active', 'failed'] as const;

interface BatchRead {
  active: { status: string; n: number }[];
  latest: {
    asOfMonth: string;
    status: string;
    clientsDone: number;
    clientsTotal: number;
    chunksDone: number;
    chunksTotal: number;
    seconds: number | null;
  } | null;
  clientsScored: number;
}
interface QueueRead {
  queues: string[];
  jobs: { name: string; state: string; n: number; oldest: number | null }[];
}
interface IngestionRead {
  rows: { kind: string; status: string; batches: number; accepted: number; rejected: number }[];
}
interface OutboxRead {
  rows: { status: string; n: number }[];
  oldestQueued: number | null;
}
interface ModelRead {
  rows: { name: string; version: number; id: string; featureSet: string; promotedAt: number | null }[];
}
interface TriggerRead {
  rows: { trigger: string; metric: string; fired: number; unacknowledged: number }[];
}
interface AlertRead {
  rows: { band: string; status: string; n: number }[];
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

async function one<T>(sql: string): Promise<T> {
  const r = await pool().query<{ v: T }>(sql);
  return r.rows[0]!.v;
}

// ScoringRun holds one row per batch run and per real-time day: a few hundred rows a year.
const readBatch = async (): Promise<BatchRead> => {
  const v = await one<{
    active: BatchRead['active'];
    latest: (Omit<NonNullable<BatchRead['latest']>, 'seconds'> & { seconds: number | null }) | null;
    clientsScored: number | string | null;
  }>(`SELECT json_build_object(
      'active', (SELECT coalesce(json_agg(json_build_object('status', s, 'n', c)), '[]'::json) FROM (
          SELECT status::text AS s, count(*)::int AS c FROM "ScoringRun"
           WHERE kind = 'BATCH' AND status IN ('QUEUED', 'RUNNING') GROUP BY 1) a),
      'latest', (SELECT json_build_object('asOfMonth', "asOfMonth", 'status', status::text,
                    'clientsDone', "clientsDone", 'clientsTotal', "clientsTotal", 'chunksDone', "chunksDone",
                    'chunksTotal', "chunksTotal",
                    'seconds', EXTRACT(EPOCH FROM (coalesce("finishedAt", now()) - "startedAt"))::float8)
                   FROM "ScoringRun" WHERE kind = 'BATCH' ORDER BY "createdAt" DESC, id DESC LIMIT 1),
      'clientsScored', (SELECT coalesce(sum("clientsDone"), 0)::float8 FROM "ScoringRun" WHERE kind = 'BATCH')
    ) AS v`);
  return { active: v.active, latest: v.latest, clientsScored: n(v.clientsScored) };
};

// pg-boss keeps finished jobs for their queue's retention (hours to days) before archiving: thousands of rows.
const readQueues = async (): Promise<QueueRead> => {
  const schema = `"${PGBOSS_SCHEMA}"`;
  try {
    return await one<QueueRead>(`SELECT json_build_object(
        'queues', (SELECT coalesce(json_agg(name ORDER BY name), '[]'::json) FROM ${schema}.queue),
        'jobs', (SELECT coalesce(json_agg(j), '[]'::json) FROM (
            SELECT name, state::text AS state, count(*)::int AS n,
                   EXTRACT(EPOCH FROM (now() - min(created_on)))::float8 AS oldest
              FROM ${schema}.job WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY 1, 2) j)
      ) AS v`);
  } catch (e) {
    // 42P01: pg-boss has not created its schema yet (no process started it): every queue is empty.
    if ((e as { code?: string }).code === '42P01') return { queues: [], jobs: [] };
    throw e;
  }
};

// One row per upload.
const readIngestion = async (): Promise<IngestionRead> => ({
  rows: await one<IngestionRead['rows']>(`SELECT coalesce(json_agg(r), '[]'::json) AS v FROM (
      SELECT kind::text AS kind, status::text AS status, count(*)::int AS batches,
             coalesce(sum(inserted + updated + unchanged), 0)::float8 AS accepted,
             coalesce(sum(rejected), 0)::float8 AS rejected
        FROM "IngestionBatch" GROUP BY 1, 2) r`),
});

// Offers are counted on the (status, createdAt) index; the oldest QUEUED one is its first entry.
const readOutbox = async (): Promise<OutboxRead> =>
  one<OutboxRead>(`SELECT json_build_object(
      'rows', (SELECT json_agg(json_build_object('status', s::text, 'n', coalesce(c.n, 0)) ORDER BY s)
                 FROM unnest(enum_range(NULL::"OfferStatus")) s
                 LEFT JOIN (SELECT status, count(*)::int AS n FROM "Offer" GROUP BY status) c ON c.status = s),
      'oldestQueued', (SELECT EXTRACT(EPOCH FROM (now() - min("createdAt")))::float8
                         FROM "Offer" WHERE status = 'QUEUED')
    ) AS v`);

const readModel = async (): Promise<ModelRead> => ({
  rows: await one<ModelRead['rows']>(`SELECT coalesce(json_agg(json_build_object(
        'name', name, 'version', version, 'id', id, 'featureSet', coalesce("featureSetVersion", ''),
        'promotedAt', EXTRACT(EPOCH FROM "promotedAt")::float8) ORDER BY "promotedAt" DESC NULLS LAST), '[]'::json) AS v
      FROM "ModelVersion" WHERE status = 'CHAMPION'`),
});

// Triggers are a handful of rows, firings at most one per trigger, period and subject.
const readTriggers = async (): Promise<TriggerRead> => ({
  rows: await one<TriggerRead['rows']>(`SELECT coalesce(json_agg(r), '[]'::json) AS v FROM (
      SELECT t.name AS trigger, t.metric, count(f.id)::int AS fired,
             count(f.id) FILTER (WHERE f."acknowledgedAt" IS NULL)::int AS unacknowledged
        FROM "MonitoringTrigger" t LEFT JOIN "TriggerFiring" f ON f."triggerId" = t.id
       GROUP BY t.id, t.name, t.metric) r`),
});

// Open alerts only (one per client at most); each one's band is its decision's, read by primary key (the
// scalar subquery keeps the planner from joining, so Decision is never scanned).
const readAlerts = async (): Promise<AlertRead> => ({
  rows: await one<AlertRead['rows']>(`SELECT coalesce(json_agg(r), '[]'::json) AS v FROM (
      SELECT coalesce((SELECT d.band::text FROM "Decision" d WHERE d.id = a."decisionId"), 'UNKNOWN') AS band,
             a.status::text AS status, count(*)::int AS n
        FROM "Alert" a WHERE a."openClientId" IS NOT NULL GROUP BY 1, 2) r`),
});

const READS = {
  batch: readBatch,
  queues: readQueues,
  ingestion: readIngestion,
  outbox: readOutbox,
  model: readModel,
  triggers: readTriggers,
  alerts: readAlerts,
};
type Family = keyof typeof READS;
type ReadOf<F extends Family> = Awaited<ReturnType<(typeof READS)[F]>>;
export const FAMILIES = Object.keys(READS) as Family[];

interface Outcome {
  value: unknown;
  ok: boolean;
  seconds: number;
}

interface State {
  registered: boolean;
  /** The current scrape's reads, by family: every gauge of a family shares one query. */
  reads: Map<Family, Promise<Outcome>>;
}
const g = globalThis as unknown as { __proativaCollectors?: State };
const state = (g.__proativaCollectors ??= { registered: false, reads: new Map() });

/** Starts a new scrape: the next collect() of each family queries again. */
export function beginScrape(): void {
  state.reads = new Map();
}

function outcome(family: Family): Promise<Outcome> {
  let p = state.reads.get(family);
  if (!p) {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    p = READS[family]().then(
      (value): Outcome => ({ value, ok: true, seconds: seconds() }),
      (err: unknown): Outcome => {
        log.warn({ err, family }, 'metrics: database read failed');
        return { value: null, ok: false, seconds: seconds() };
      },
    );
    state.reads.set(family, p);
  }
  return p;
}

async function read<F extends Family>(family: F): Promise<ReadOf<F> | null> {
  const o = await outcome(family);
  return o.ok ? (o.value as ReadOf<F>) : null;
}

/** A gauge or counter: what a family's collect() writes to. */
type Metric = { reset(): void };

/**
 * A collect() that clears the metric and, when the family's read of this scrape succeeded, writes it: a family
 * that failed is left out (and reported by proativa_metrics_source_up).
 */
function fromFamily<F extends Family, M extends Metric>(family: F, write: (metric: M, v: ReadOf<F>) => void) {
  return async function collect(this: M) {
    this.reset();
    const v = await read(family);
    if (v) write(this, v);
  };
}

interface FamilyMetric<F extends Family, L extends string, M> {
  name: string;
  help: string;
  labelNames?: readonly L[];
  family: F;
  write: (metric: M, v: ReadOf<F>) => void;
}

/** Registers the database families on the registry, once per process. */
export function registerCollectors(registry: Registry): void {
  if (state.registered) return;
  state.registered = true;
  const registers = [registry];
  const dbGauge = <F extends Family, L extends string = string>(m: FamilyMetric<F, L, Gauge<L>>) =>
    new Gauge<L>({
      name: m.name,
      help: m.help,
      ...(m.labelNames ? { labelNames: m.labelNames } : {}),
      registers,
      collect: fromFamily(m.family, m.write),
    });
  const dbCounter = <F extends Family, L extends string = string>(m: FamilyMetric<F, L, Counter<L>>) =>
    new Counter<L>({
      name: m.name,
      help: m.help,
      ...(m.labelNames ? { labelNames: m.labelNames } : {}),
      registers,
      collect: fromFamily(m.family, m.write),
    });
  /** A gauge over the scrape's outcome of every family (its status or its timing). */
  const sourceGauge = (name: string, help: string, value: (o: Outcome) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['family'] as const,
      registers,
      async collect() {
        this.reset();
        const all = await Promise.all(FAMILIES.map(async (f) => [f, await outcome(f)] as const));
        for (const [family, o] of all) this.set({ family }, value(o));
      },
    });

  // --- Batch scoring
  dbGauge({
    name: 'proativa_batch_runs_active',
    help: 'Batch scoring runs queued or running, by status.',
    labelNames: ['status'] as const,
    family: 'batch',
    write(g, v) {
      for (const s of ['QUEUED', 'RUNNING']) g.set({ status: s }, 0);
      for (const r of v.active) g.set({ status: r.status }, r.n);
    },
  });
  const latest = (name: string, help: string, pick: (l: NonNullable<BatchRead['latest']>) => number | null) =>
    dbGauge({
      name,
      help,
      labelNames: ['as_of_month', 'status'] as const,
      family: 'batch',
      write(g, { latest: l }) {
        if (!l) return;
        const value = pick(l);
        if (value !== null) g.set({ as_of_month: l.asOfMonth, status: l.status }, value);
      },
    });
  latest(
    'proativa_batch_latest_clients_done',
    'Clients scored so far by the latest batch run.',
    (l) => l.clientsDone,
  );
  latest(
    'proativa_batch_latest_clients_total',
    'Clients the latest batch run scores.',
    (l) => l.clientsTotal,
  );
  latest(
    'proativa_batch_latest_chunks_done',
    'Chunks finished by the latest batch run.',
    (l) => l.chunksDone,
  );
  latest('proativa_batch_latest_chunks_total', 'Chunks of the latest batch run.', (l) => l.chunksTotal);
  latest(
    'proativa_batch_latest_clients_per_second',
    'Throughput of the latest batch run: clients done over the time since it started (until it finished).',
    (l) => (l.seconds && l.seconds > 0 ? l.clientsDone / l.seconds : null),
  );
  dbCounter({
    name: 'proativa_batch_clients_scored_total',
    help: 'Clients scored by every batch run on record (rate() of it is the batch throughput).',
    family: 'batch',
    write: (c, v) => c.inc(v.clientsScored),
  });

  // --- Job queues (pg-boss)
  const queueNames = (v: QueueRead) => [
    ...new Set([...KNOWN_QUEUES, ...v.queues, ...v.jobs.map((j) => j.name)]),
  ];
  dbGauge({
    name: 'proativa_queue_jobs',
    help: 'Jobs in each pg-boss queue by state: created and retry are waiting (the depth), active are running.',
    labelNames: ['queue', 'state'] as const,
    family: 'queues',
    write(g, v) {
      for (const queue of queueNames(v)) for (const s of QUEUE_STATES) g.set({ queue, state: s }, 0);
      for (const j of v.jobs) g.set({ queue: j.name, state: j.state }, j.n);
    },
  });
  dbGauge({
    name: 'proativa_queue_oldest_waiting_job_age_seconds',
    help: 'Age of the oldest waiting (created or retry) job of each pg-boss queue; 0 when none waits.',
    labelNames: ['queue'] as const,
    family: 'queues',
    write(g, v) {
      const oldest = new Map<string, number>(queueNames(v).map((q) => [q, 0]));
      for (const j of v.jobs) {
        if (j.state !== 'created' && j.state !== 'retry') continue;
        oldest.set(j.name, Math.max(oldest.get(j.name) ?? 0, n(j.oldest)));
      }
      for (const [queue, age] of oldest) g.set({ queue }, age);
    },
  });

  // --- Ingestion
  dbCounter({
    name: 'proativa_ingestion_rows_total',
    help: 'Rows of every upload on record by kind: accepted (inserted, updated or unchanged) and rejected.',
    labelNames: ['kind', 'result'] as const,
    family: 'ingestion',
    write(c, v) {
      for (const r of v.rows) {
        c.inc({ kind: r.kind, result: 'accepted' }, n(r.accepted));
        c.inc({ kind: r.kind, result: 'rejected' }, n(r.rejected));
      }
    },
  });
  dbGauge({
    name: 'proativa_ingestion_batches',
    help: 'Uploads on record by kind and status (RUNNING, COMPLETED, FAILED).',
    labelNames: ['kind', 'status'] as const,
    family: 'ingestion',
    write(g, v) {
      for (const r of v.rows) g.set({ kind: r.kind, status: r.status }, r.batches);
    },
  });

  // --- Offer outbox
  dbGauge({
    name: 'proativa_outbox_offers',
    help: 'Offers (the outbox) by status.',
    labelNames: ['status'] as const,
    family: 'outbox',
    write(g, v) {
      for (const r of v.rows) g.set({ status: r.status }, r.n);
    },
  });
  dbGauge({
    name: 'proativa_outbox_oldest_queued_age_seconds',
    help: 'Age of the oldest QUEUED offer (waiting for dispatch); 0 when none.',
    family: 'outbox',
    write: (g, v) => g.set(n(v.oldestQueued)),
  });

  // --- Model in use
  dbGauge({
    name: 'proativa_model_champion_info',
    help: 'The champion model version scoring now (1 per champion; version is the registry number).',
    labelNames: ['name', 'version', 'model_id', 'feature_set'] as const,
    family: 'model',
    write(g, v) {
      for (const m of v.rows) {
        g.set({ name: m.name, version: String(m.version), model_id: m.id, feature_set: m.featureSet }, 1);
      }
    },
  });
  dbGauge({
    name: 'proativa_model_champion_promoted_timestamp_seconds',
    help: 'When the champion model was promoted (Unix time).',
    labelNames: ['name', 'version'] as const,
    family: 'model',
    write(g, v) {
      for (const m of v.rows) {
        if (m.promotedAt !== null) g.set({ name: m.name, version: String(m.version) }, m.promotedAt);
      }
    },
  });

  // --- Monitoring triggers
  dbCounter({
    name: 'proativa_trigger_firings_total',
    help: 'Firings on record of each monitoring trigger.',
    labelNames: ['trigger', 'metric'] as const,
    family: 'triggers',
    write(c, v) {
      for (const r of v.rows) c.inc({ trigger: r.trigger, metric: r.metric }, r.fired);
    },
  });
  dbGauge({
    name: 'proativa_trigger_firings_unacknowledged',
    help: 'Firings of each monitoring trigger not yet acknowledged by data science.',
    labelNames: ['trigger', 'metric'] as const,
    family: 'triggers',
    // inc, not set: two triggers of the same name and metric add up under one label set.
    write(g, v) {
      for (const r of v.rows) g.inc({ trigger: r.trigger, metric: r.metric }, r.unacknowledged);
    },
  });

  // --- Alerts
  dbGauge({
    name: 'proativa_alerts_open',
    help: 'Open alerts in the managers’ queue by band (of the decision that opened or refreshed it) and status.',
    labelNames: ['band', 'status'] as const,
    family: 'alerts',
    write(g, v) {
      for (const r of v.rows) g.set({ band: r.band, status: r.status }, r.n);
    },
  });

  // --- The scrape itself
  sourceGauge(
    'proativa_metrics_source_up',
    'Whether the database read behind each metric family succeeded in this scrape (1) or failed (0).',
    (o) => (o.ok ? 1 : 0),
  );
  sourceGauge(
    'proativa_metrics_source_duration_seconds',
    'How long the database read behind each metric family took in this scrape.',
    (o) => o.seconds,
  );
}
