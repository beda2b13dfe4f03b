// GET /api/v1/metrics end to end over a small scored book: who may read it (admin session, an admin's key with
// the metrics scope, the PROATIVA_METRICS_TOKEN bearer; 401/403 otherwise), an exposition in which every line is
// valid Prometheus text, request and scoring histograms that count the calls made here under their route
// patterns, and every database-read gauge equal to the same figure computed here in SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { pool } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import type { Role } from '@/lib/auth/roles';
import { seedDemoPortfolio } from '@/lib/seed/demo';
import { registerDefaultModel } from '@/lib/models/default-model';
import { ensureDefaultPolicy } from '@/lib/policy/store';
import { createBatchRun, workRunHere } from '@/lib/scoring/batch';
import { resetRealtimeCaches } from '@/lib/scoring/realtime';
import { ensureDefaultTriggers } from '@/lib/monitoring/triggers';
import { MONITORING_QUEUE, getBoss, stopBoss } from '@/lib/jobs/queue';
import { KNOWN_QUEUES, FAMILIES } from '@/lib/observability/collectors';
import * as metrics from '@/app/api/v1/metrics/route';
import * as alerts from '@/app/api/v1/alerts/route';
import * as alert from '@/app/api/v1/alerts/[id]/route';
import * as score from '@/app/api/v1/score/route';
import * as ingest from '@/app/api/v1/ingest/[kind]/route';

let t: TestDatabase;
let ids: Record<Role, string>;
let adminKey: string;
let metricsKey: string;
const none = { params: Promise.resolve({}) };
const TOKEN = 'metrics-token-for-the-test-0123456789abcdef';

function req(
  path: string,
  init: { key?: string; bearer?: string; method?: string; body?: string; type?: string } = {},
) {
  const headers = new Headers();
  const credential = init.key ?? init.bearer;
  if (credential) headers.set('authorization', `Bearer ${credential}`);
  if (init.type) headers.set('content-type', init.type);
  return new Request(`http://localhost${path}`, { method: init.method ?? 'GET', headers, body: init.body });
}

const scrape = (init: { key?: string; bearer?: string } = {}) =>
  metrics.GET(req('/api/v1/metrics', init), none);

// --- A strict reader of the text format 0.0.4
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
// Prometheus parses values with Go's ParseFloat: NaN and Inf in any case (prom-client writes NaN as 'Nan').
const VALUE = '(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[nN][aA][nN]|[+-]?[iI][nN][fF])';
const SAMPLE_RE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (${VALUE})(?: -?\\d+)?$`);
const HELP_RE = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE_RE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const LABEL_RE = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"/g;

function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    if (line === '') return; // the format ignores empty lines (prom-client puts one between families)
    if (line.startsWith('#')) {
      const type = TYPE_RE.exec(line);
      if (type) {
        expect(types.has(type[1]!), `${where}: TYPE given twice`).toBe(false);
        types.set(type[1]!, type[2]!);
      } else {
        expect(HELP_RE.test(line), `${where}: a comment that is neither HELP nor TYPE`).toBe(true);
      }
      return;
    }
    const m = SAMPLE_RE.exec(line);
    expect(m, `${where}: not a valid sample line`).not.toBeNull();
    const labels: Record<string, string> = {};
    for (const l of (m![2] ?? '').matchAll(LABEL_RE)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    const raw = m![3]!;
    const inf = /^([+-]?)inf$/i.exec(raw);
    const value = inf ? (inf[1] === '-' ? -Infinity : Infinity) : /^nan$/i.test(raw) ? NaN : Number(raw);
    samples.push({ name: m![1]!, labels, value });
  });
  // Every sample belongs to a family declared by a TYPE line (histograms as _bucket, _sum, _count).
  for (const s of samples) {
    const family = [s.name, s.name.replace(/_(bucket|sum|count)$/, '')].find((f) => types.has(f));
    expect(family, `${s.name} has no TYPE line`).toBeDefined();
    if (family !== s.name) expect(types.get(family!)).toMatch(/histogram|summary/);
  }
  return { samples, types };
}

function pick(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = pick(samples, name, labels);
  expect(found.length, `${name} ${JSON.stringify(labels)}: at most one series`).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

async function scrapeOk(): Promise<Sample[]> {
  const res = await scrape({ key: metricsKey });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await res.text()).samples;
}

const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await pool().query<T>(sql, params)).rows;

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  adminKey = await createApiKeyFor('ADMIN');
  metricsKey = await createApiKeyFor('ADMIN', { scopes: ['metrics'] });
  await seedDemoPortfolio(pool(), { clients: 300, months: 12, today: new Date('2026-12-01T00:00:00Z') });
  const m = await registerDefaultModel(null);
  if (!m.registered) throw new Error(`default model not registered: ${m.reason}`);
  await ensureDefaultPolicy();
  resetRealtimeCaches();
  const run = await createBatchRun({ asOfMonth: '2026-06', chunkClients: 100, origin: 'test' }, null);
  await workRunHere(run.id, { pollMs: 50 });
  // Monitoring triggers with two firings, one acknowledged.
  await ensureDefaultTriggers(m.id);
  await pool().query(
    `INSERT INTO "TriggerFiring" ("triggerId", metric, period, subject, value, threshold, "acknowledgedAt")
     SELECT id, metric, p.period, '', 0.5, threshold, CASE WHEN p.ack THEN now() END
       FROM (SELECT id, metric, threshold FROM "MonitoringTrigger" ORDER BY name LIMIT 1) t,
            (VALUES ('2026-05', false), ('2026-06', true)) AS p(period, ack)`,
  );
  // A job nobody works here: it waits in the monitoring queue.
  const boss = await getBoss();
  await boss.send(MONITORING_QUEUE, { monitoringRunId: 'metrics-test' }, { startAfter: 3600 });
}, 240_000);

afterAll(async () => {
  delete process.env.PROATIVA_METRICS_TOKEN;
  resetEnvCache();
  await stopBoss();
  await t.drop();
});

describe('who may read GET /api/v1/metrics', () => {
  it('answers 401 JSON without credentials, and with an unknown bearer', async () => {
    signInAs(null);
    const res = await scrape();
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
    const wrong = await scrape({ bearer: 'not-a-key-and-not-the-token-0123456789' });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('UNAUTHENTICATED');
  });

  it('accepts PROATIVA_METRICS_TOKEN as a bearer only when it is set, compared exactly', async () => {
    signInAs(null);
    expect((await scrape({ bearer: TOKEN })).status).toBe(401);
    process.env.PROATIVA_METRICS_TOKEN = TOKEN;
    resetEnvCache();
    try {
      const ok = await scrape({ bearer: TOKEN });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# TYPE proativa_http_request_duration_seconds histogram');
      expect((await scrape({ bearer: `${TOKEN}x` })).status).toBe(401);
      expect((await scrape({ bearer: TOKEN.slice(0, -1) })).status).toBe(401);
    } finally {
      delete process.env.PROATIVA_METRICS_TOKEN;
      resetEnvCache();
    }
  });

  it('lets an admin in by session; refuses other roles and keys without the scope or the role', async () => {
    signInAs(ids.ADMIN);
    expect((await scrape()).status).toBe(200);
    signInAs(ids.DATA_SCIENTIST);
    expect((await scrape()).status).toBe(403);
    signInAs(null);
    const noScope = await scrape({ key: await createApiKeyFor('ADMIN', { scopes: ['read'] }) });
    expect(noScope.status).toBe(403);
    expect((await noScope.json()).error.code).toBe('FORBIDDEN');
    expect(
      (await scrape({ key: await createApiKeyFor('DATA_SCIENTIST', { scopes: ['metrics'] }) })).status,
    ).toBe(403);
    expect((await scrape({ key: metricsKey })).status).toBe(200);
  });
});

describe('the exposition', () => {
  it('counts each /api/v1 call under its route pattern, method and status, and each real-time scoring', async () => {
    signInAs(null);
    const before = await scrapeOk();
    const count = (samples: Sample[], route: string, method: string, status: string) =>
      valueOf(samples, 'proativa_http_request_duration_seconds_count', { route, method, status }) ?? 0;
    const scored = (samples: Sample[], outcome: string) =>
      valueOf(samples, 'proativa_scoring_realtime_duration_seconds_count', { outcome }) ?? 0;

    const [a] = await q<{ id: string }>(`SELECT id FROM "Alert" ORDER BY id LIMIT 1`);
    expect(a).toBeDefined();
    expect((await alerts.GET(req('/api/v1/alerts', { key: adminKey }), none)).status).toBe(200);
    const one = await alert.GET(req(`/api/v1/alerts/${a!.id}`, { key: adminKey }), {
      params: Promise.resolve({ id: a!.id }),
    });
    expect(one.status).toBe(200);
    const missing = '00000000-0000-4000-8000-000000000000';
    const gone = await alert.GET(req(`/api/v1/alerts/${missing}`, { key: adminKey }), {
      params: Promise.resolve({ id: missing }),
    });
    expect(gone.status).toBe(404);
    // Ingestion: one row rejected (an impossible birth date), two accepted.
    const csv =
      'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name\n' +
      'M1,MASS,SE,1990-05-01,2020-01-10,true,false,true,false,,,\n' +
      'M2,MASS,NE,1985-13-01,2019-01-01,true,true,true,true,,,\n' +
      'M3,MASS,N,1979-02-28,2018-07-01,true,true,false,false,,,\n';
    const up = await ingest.POST(
      req('/api/v1/ingest/clients', { key: adminKey, method: 'POST', body: csv, type: 'text/csv' }),
      { params: Promise.resolve({ kind: 'clients' }) },
    );
    expect(up.status).toBeLessThan(300);
    // Real-time scoring of a stored client (a new decision in today's REALTIME run).
    const [c] = await q<{ externalId: string }>(
      `SELECT "externalId" FROM "Client" WHERE "externalId" NOT LIKE 'M%' ORDER BY id LIMIT 1`,
    );
    const s = await score.POST(
      req('/api/v1/score', {
        key: adminKey,
        method: 'POST',
        body: JSON.stringify({ externalId: c!.externalId }),
        type: 'application/json',
      }),
      none,
    );
    expect(s.status).toBe(200);
    const decided = (await s.json()) as { replayed: boolean; decisionId: string | null };
    const outcome = decided.decisionId === null ? 'unstored' : decided.replayed ? 'replayed' : 'stored';

    await new Promise((r) => setTimeout(r, 10)); // the observations settle on the params promise
    const after = await scrapeOk();
    expect(count(after, '/api/v1/alerts', 'GET', '200')).toBe(
      count(before, '/api/v1/alerts', 'GET', '200') + 1,
    );
    for (const status of ['200', '404']) {
      expect(count(after, '/api/v1/alerts/[id]', 'GET', status)).toBe(
        count(before, '/api/v1/alerts/[id]', 'GET', status) + 1,
      );
    }
    expect(count(after, '/api/v1/score', 'POST', '200')).toBe(
      count(before, '/api/v1/score', 'POST', '200') + 1,
    );
    expect(
      pick(after, 'proativa_http_request_duration_seconds_count').some(
        (x) => x.labels.route === '/api/v1/ingest/[kind]',
      ),
    ).toBe(true);
    // No route label carries an id.
    for (const x of pick(after, 'proativa_http_request_duration_seconds_count')) {
      expect(x.labels.route).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|\/\d+(\/|$)/);
    }
    // The metrics scrape itself is a route like the others.
    expect(count(after, '/api/v1/metrics', 'GET', '200')).toBeGreaterThan(0);
    expect(scored(after, outcome)).toBe(scored(before, outcome) + 1);

    // Histogram buckets are cumulative and end at the count.
    const buckets = pick(after, 'proativa_http_request_duration_seconds_bucket', {
      route: '/api/v1/alerts/[id]',
      method: 'GET',
      status: '200',
    });
    expect(buckets.length).toBeGreaterThan(5);
    for (let i = 1; i < buckets.length; i++)
      expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
    expect(buckets.at(-1)!.labels.le).toBe('+Inf');
    expect(buckets.at(-1)!.value).toBe(count(after, '/api/v1/alerts/[id]', 'GET', '200'));
    // Default process metrics are there too.
    expect(valueOf(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('reports every database family equal to the same figures computed in SQL', async () => {
    const samples = await scrapeOk();
    for (const family of FAMILIES) expect(valueOf(samples, 'proativa_metrics_source_up', { family })).toBe(1);

    // Batch: the latest run's progress and throughput, active runs, clients scored by all runs.
    const [run] = await q<{
      asOfMonth: string;
      status: string;
      clientsDone: number;
      clientsTotal: number;
      chunksDone: number;
      chunksTotal: number;
      secs: number;
    }>(
      `SELECT "asOfMonth", status::text AS status, "clientsDone", "clientsTotal", "chunksDone", "chunksTotal",
              EXTRACT(EPOCH FROM ("finishedAt" - "startedAt"))::float8 AS secs
         FROM "ScoringRun" WHERE kind = 'BATCH' ORDER BY "createdAt" DESC LIMIT 1`,
    );
    expect(run!.status).toBe('SUCCEEDED');
    const runLabels = { as_of_month: run!.asOfMonth, status: run!.status };
    expect(valueOf(samples, 'proativa_batch_latest_clients_done', runLabels)).toBe(run!.clientsDone);
    expect(valueOf(samples, 'proativa_batch_latest_clients_total', runLabels)).toBe(run!.clientsTotal);
    expect(valueOf(samples, 'proativa_batch_latest_chunks_done', runLabels)).toBe(run!.chunksDone);
    expect(valueOf(samples, 'proativa_batch_latest_chunks_total', runLabels)).toBe(run!.chunksTotal);
    expect(run!.clientsDone).toBeGreaterThan(0);
    expect(valueOf(samples, 'proativa_batch_latest_clients_per_second', runLabels)).toBeCloseTo(
      run!.clientsDone / run!.secs,
      6,
    );
    expect(valueOf(samples, 'proativa_batch_runs_active', { status: 'RUNNING' })).toBe(0);
    expect(valueOf(samples, 'proativa_batch_runs_active', { status: 'QUEUED' })).toBe(0);
    const [scoredAll] = await q<{ n: number }>(
      `SELECT sum("clientsDone")::float8 AS n FROM "ScoringRun" WHERE kind = 'BATCH'`,
    );
    expect(valueOf(samples, 'proativa_batch_clients_scored_total')).toBe(scoredAll!.n);

    // Queues: every state of every queue, and the oldest waiting job.
    const jobs = await q<{ name: string; state: string; n: number; age: number }>(
      `SELECT name, state::text AS state, count(*)::int AS n, EXTRACT(EPOCH FROM now() - min(created_on))::float8 AS age
         FROM pgboss.job WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY 1, 2`,
    );
    for (const queue of KNOWN_QUEUES) {
      for (const state of ['created', 'retry', 'active', 'failed']) {
        const expected = jobs.find((j) => j.name === queue && j.state === state)?.n ?? 0;
        expect(valueOf(samples, 'proativa_queue_jobs', { queue, state }), `${queue} ${state}`).toBe(expected);
      }
    }
    expect(valueOf(samples, 'proativa_queue_jobs', { queue: MONITORING_QUEUE, state: 'created' })).toBe(1);
    const waiting = jobs.find((j) => j.name === MONITORING_QUEUE && j.state === 'created')!;
    const age = valueOf(samples, 'proativa_queue_oldest_waiting_job_age_seconds', {
      queue: MONITORING_QUEUE,
    })!;
    expect(Math.abs(age - waiting.age)).toBeLessThan(5);
    expect(
      valueOf(samples, 'proativa_queue_oldest_waiting_job_age_seconds', { queue: 'score-monthly' }),
    ).toBe(0);

    // Ingestion: rows accepted and rejected by kind, uploads by kind and status.
    const ing = await q<{
      kind: string;
      status: string;
      batches: number;
      accepted: number;
      rejected: number;
    }>(
      `SELECT kind::text AS kind, status::text AS status, count(*)::int AS batches,
              sum(inserted + updated + unchanged)::int AS accepted, sum(rejected)::int AS rejected
         FROM "IngestionBatch" GROUP BY 1, 2`,
    );
    expect(ing.length).toBeGreaterThan(0);
    const byKind = new Map<string, { accepted: number; rejected: number }>();
    for (const r of ing) {
      const k = byKind.get(r.kind) ?? { accepted: 0, rejected: 0 };
      k.accepted += r.accepted;
      k.rejected += r.rejected;
      byKind.set(r.kind, k);
      expect(valueOf(samples, 'proativa_ingestion_batches', { kind: r.kind, status: r.status })).toBe(
        r.batches,
      );
    }
    // The upload above (the seed loads through ingestion too): two rows accepted, one rejected.
    const [mine] = await q<{ accepted: number; rejected: number }>(
      `SELECT inserted + updated + unchanged AS accepted, rejected FROM "IngestionBatch"
        WHERE kind = 'clients' ORDER BY id DESC LIMIT 1`,
    );
    expect(mine).toEqual({ accepted: 2, rejected: 1 });
    expect(byKind.get('clients')!.rejected).toBeGreaterThanOrEqual(1);
    for (const [kind, k] of byKind) {
      expect(valueOf(samples, 'proativa_ingestion_rows_total', { kind, result: 'accepted' })).toBe(
        k.accepted,
      );
      expect(valueOf(samples, 'proativa_ingestion_rows_total', { kind, result: 'rejected' })).toBe(
        k.rejected,
      );
    }

    // Outbox: every offer status (zero included).
    const offers = await q<{ status: string; n: number }>(
      `SELECT status::text AS status, count(*)::int AS n FROM "Offer" GROUP BY 1`,
    );
    expect(offers.reduce((s, o) => s + o.n, 0)).toBeGreaterThan(0);
    for (const status of ['QUEUED', 'SKIPPED', 'SENT', 'DELIVERED', 'READ', 'FAILED', 'OPTED_OUT']) {
      expect(valueOf(samples, 'proativa_outbox_offers', { status }), status).toBe(
        offers.find((o) => o.status === status)?.n ?? 0,
      );
    }
    const [oldest] = await q<{ age: number | null }>(
      `SELECT EXTRACT(EPOCH FROM now() - min("createdAt"))::float8 AS age FROM "Offer" WHERE status = 'QUEUED'`,
    );
    expect(
      Math.abs(valueOf(samples, 'proativa_outbox_oldest_queued_age_seconds')! - (oldest!.age ?? 0)),
    ).toBeLessThan(5);

    // The champion: one series of value 1 naming its version.
    const [champ] = await q<{ name: string; version: number; id: string }>(
      `SELECT name, version, id FROM "ModelVersion" WHERE status = 'CHAMPION'`,
    );
    const info = pick(samples, 'proativa_model_champion_info');
    expect(info).toHaveLength(1);
    expect(info[0]!.labels).toMatchObject({
      name: champ!.name,
      version: String(champ!.version),
      model_id: champ!.id,
    });
    expect(info[0]!.value).toBe(1);

    // Trigger firings by trigger, and the unacknowledged ones.
    const firings = await q<{ trigger: string; metric: string; fired: number; open: number }>(
      `SELECT t.name AS trigger, t.metric, count(f.id)::int AS fired,
              count(f.id) FILTER (WHERE f."acknowledgedAt" IS NULL)::int AS open
         FROM "MonitoringTrigger" t LEFT JOIN "TriggerFiring" f ON f."triggerId" = t.id GROUP BY 1, 2`,
    );
    expect(firings.reduce((s, f) => s + f.fired, 0)).toBe(2);
    for (const f of firings) {
      const labels = { trigger: f.trigger, metric: f.metric };
      expect(valueOf(samples, 'proativa_trigger_firings_total', labels)).toBe(f.fired);
      expect(valueOf(samples, 'proativa_trigger_firings_unacknowledged', labels)).toBe(f.open);
    }

    // Open alerts by their decision's band and their status.
    const open = await q<{ band: string; status: string; n: number }>(
      `SELECT d.band::text AS band, a.status::text AS status, count(*)::int AS n
         FROM "Alert" a JOIN "Decision" d ON d.id = a."decisionId" WHERE a."openClientId" IS NOT NULL GROUP BY 1, 2`,
    );
    expect(open.reduce((s, o) => s + o.n, 0)).toBeGreaterThan(0);
    const series = pick(samples, 'proativa_alerts_open');
    expect(series).toHaveLength(open.length);
    for (const o of open) {
      expect(valueOf(samples, 'proativa_alerts_open', { band: o.band, status: o.status })).toBe(o.n);
    }
  });

  it('follows the database between scrapes (a batch run in progress, a job leaving the queue)', async () => {
    const [run] = await q<{
      id: string;
      modelVersionId: string;
      policyVersion: number;
      featureSetVersion: string;
    }>(
      `SELECT id, "modelVersionId", "policyVersion", "featureSetVersion" FROM "ScoringRun" WHERE kind = 'BATCH' LIMIT 1`,
    );
    await pool().query(
      `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion",
                                 "clientsTotal", "clientsDone", "chunksTotal", "chunksDone", "startedAt", "createdAt")
       VALUES (gen_random_uuid(), 'BATCH', 'RUNNING', '2026-07', $1, $2, $3, 1000, 250, 10, 2,
               now() - interval '10 seconds', now() + interval '1 second')`,
      [run!.modelVersionId, run!.policyVersion, run!.featureSetVersion],
    );
    await pool().query(`DELETE FROM pgboss.job WHERE name = $1`, [MONITORING_QUEUE]);
    const samples = await scrapeOk();
    const labels = { as_of_month: '2026-07', status: 'RUNNING' };
    expect(valueOf(samples, 'proativa_batch_runs_active', { status: 'RUNNING' })).toBe(1);
    expect(valueOf(samples, 'proativa_batch_latest_clients_done', labels)).toBe(250);
    expect(valueOf(samples, 'proativa_batch_latest_clients_total', labels)).toBe(1000);
    const rate = valueOf(samples, 'proativa_batch_latest_clients_per_second', labels)!;
    expect(rate).toBeGreaterThan(250 / 12);
    expect(rate).toBeLessThanOrEqual(250 / 10);
    expect(pick(samples, 'proativa_batch_latest_clients_done')).toHaveLength(1);
    expect(valueOf(samples, 'proativa_queue_jobs', { queue: MONITORING_QUEUE, state: 'created' })).toBe(0);
    expect(
      valueOf(samples, 'proativa_queue_oldest_waiting_job_age_seconds', { queue: MONITORING_QUEUE }),
    ).toBe(0);
  });
  it('leaves out a family whose read fails, says so, and still reports the others', async () => {
    await pool().query(`ALTER TABLE "TriggerFiring" RENAME TO "TriggerFiring_hidden"`);
    try {
      const samples = await scrapeOk();
      expect(valueOf(samples, 'proativa_metrics_source_up', { family: 'triggers' })).toBe(0);
      expect(pick(samples, 'proativa_trigger_firings_total')).toHaveLength(0);
      for (const family of FAMILIES.filter((f) => f !== 'triggers')) {
        expect(valueOf(samples, 'proativa_metrics_source_up', { family })).toBe(1);
      }
      expect(pick(samples, 'proativa_model_champion_info')).toHaveLength(1);
    } finally {
      await pool().query(`ALTER TABLE "TriggerFiring_hidden" RENAME TO "TriggerFiring"`);
    }
    const again = await scrapeOk();
    expect(valueOf(again, 'proativa_metrics_source_up', { family: 'triggers' })).toBe(1);
  });
});
