// Experiment results against a real ledger: the uplift of each variant vs the holdout on the default rate of
// matured outcomes (same band and as-of months as the experiment's sends; other months and bands ignored), the
// reason shown while the holdout has no outcome yet, and malformed ids answered without a query.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { db, pool } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import type { Actor } from '@/lib/auth/session';
import { ensureDefaultPolicy, getActivePolicy } from '@/lib/policy/store';
import { createExperiment, experimentResults, stopExperiment } from './experiments';
import { newcombeDifference } from './stats';
import * as results from '@/app/api/v1/experiments/[id]/results/route';

let t: TestDatabase;
let ids: Record<Role, string>;
let actor: Actor;
let exp1: string;
let exp2: string;
const MODEL = '00000000-0000-4000-8000-00000000abcd';

/** Decisions for clients E-<from>..E-<to> in `month`. */
async function decide(month: string, from: number, to: number, holdout: boolean, band = 'MODERATE') {
  const p = pool();
  const policy = (await getActivePolicy(p))!;
  const run = await p.query<{ id: string }>(
    `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion", "finishedAt")
     VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', $1, $2, $3, 'fs-v1', now()) RETURNING id`,
    [month, MODEL, policy.version],
  );
  await p.query(
    `INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion", "featureSetVersion",
                             features, "yProba", band, action, channel, holdout, "reasonCodes", "baseValue")
     SELECT $1, c.id, $2, $3, $4, 'fs-v1', ARRAY[]::float8[], 0.3, $5::"Band",
            (CASE WHEN $6 THEN 'NONE' ELSE 'DIGITAL_OFFER' END)::"DecisionAction",
            (CASE WHEN $6 THEN 'NONE' ELSE 'APP' END)::"Channel", $6, '[]', 0
       FROM "Client" c WHERE c."externalId" = ANY($7::text[])`,
    [run.rows[0]!.id, month, MODEL, policy.version, band, holdout, range(from, to)],
  );
}
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `E-${String(from + i).padStart(4, '0')}`);

/** Sent offers of `experimentId`/`variant` for those clients' decisions of `month`. */
async function sent(month: string, from: number, to: number, experimentId: string, variant: string) {
  await pool().query(
    `INSERT INTO "Offer" ("clientId", "decisionId", channel, status, "sentAt", "deliveredAt", "experimentId", "variantKey")
     SELECT d."clientId", d.id, 'APP', 'DELIVERED', now(), now(), $3::uuid, $4
       FROM "Decision" d JOIN "Client" c ON c.id = d."clientId"
      WHERE d."asOfMonth" = $1 AND c."externalId" = ANY($2::text[])`,
    [month, range(from, to), experimentId, variant],
  );
}

/** Outcomes of `month` for those clients: the first `defaults` of them defaulted. */
async function outcomes(month: string, from: number, to: number, defaults: number) {
  await pool().query(
    `INSERT INTO "Outcome" ("clientId", "referenceMonth", defaulted, "observedAt")
     SELECT c.id, $1, c."externalId" = ANY($3::text[]), DATE '2026-11-30'
       FROM "Client" c WHERE c."externalId" = ANY($2::text[])`,
    [month, range(from, to), range(from, from + defaults - 1)],
  );
}

const VARIANTS = [
  { key: 'A', template: 'Olá {primeiroNome}, temos uma proposta.', weight: 1 },
  { key: 'B', template: '{primeiroNome}, sua parcela pode diminuir.', weight: 1 },
];

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  actor = {
    kind: 'user',
    id: ids.DATA_SCIENTIST,
    name: 'Cientista',
    email: 'ds@test.local',
    role: 'DATA_SCIENTIST',
    locale: 'pt-BR',
  } as Actor;
  await ensureDefaultPolicy();
  const p = pool();
  await p.query(
    `INSERT INTO "ModelVersion" (id, name, version, "sourceFormat", "sourceBytes", onnx, sha256, "featureNames", card, parity)
     VALUES ($1, 'stub', 1, 'onnx', '\\x00', '\\x00', '0', ARRAY[]::text[], '{}', '{}')`,
    [MODEL],
  );
  await p.query(
    `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart", name)
     SELECT 'E-' || lpad(i::text, 4, '0'), 'varejo', 'SP', DATE '2020-01-01', 'Cliente ' || i FROM generate_series(1, 230) i`,
  );
  exp1 = await createExperiment({ name: 'Tom', band: 'MODERATE', variants: VARIANTS, start: true }, actor);
  exp2 = await createExperiment({ name: 'Recente', band: 'MODERATE', variants: VARIANTS }, actor);

  // 2026-06 (matured): holdout 1..40 (8 defaults), A 41..90 (5 defaults), B 91..140 (10 defaults).
  await decide('2026-06', 1, 40, true);
  await decide('2026-06', 41, 140, false);
  await sent('2026-06', 41, 90, exp1, 'A');
  await sent('2026-06', 91, 140, exp1, 'B');
  await outcomes('2026-06', 1, 40, 8);
  await outcomes('2026-06', 41, 90, 5);
  await outcomes('2026-06', 91, 140, 10);
  // 2026-10 (no outcome yet): holdout 141..150, A 151..160, B 161..170.
  await decide('2026-10', 141, 150, true);
  await decide('2026-10', 151, 170, false);
  await sent('2026-10', 151, 160, exp1, 'A');
  await sent('2026-10', 161, 170, exp1, 'B');
  // Not comparable, all defaulted: a holdout month without sends and a holdout of another band.
  await decide('2026-03', 171, 190, true);
  await outcomes('2026-03', 171, 190, 20);
  await decide('2026-06', 191, 200, true, 'CRITICAL');
  await outcomes('2026-06', 191, 200, 10);
  // The second experiment sent only for 2026-10, variant A only.
  await decide('2026-10', 201, 220, false);
  await sent('2026-10', 201, 220, exp2, 'A');
});
afterAll(() => t.drop());

describe('uplift vs holdout', () => {
  it('compares each variant with the holdout of its band and months on matured defaults', async () => {
    const r = await experimentResults(exp1);
    expect(r.holdout).toMatchObject({
      decisions: 50,
      matured: 40,
      defaults: 8,
      months: ['2026-06', '2026-10'],
      firstOutcomeMonth: null,
      windowMonths: 3,
    });
    const [a, b] = r.variants;
    expect(a).toMatchObject({ key: 'A', sends: 60, matured: 50, defaults: 5, upliftReason: null });
    expect(b).toMatchObject({ key: 'B', sends: 60, matured: 50, defaults: 10, upliftReason: null });
    // A: 8/40 - 5/50 = 0.20 - 0.10 = +10 p.p.; B: 0.20 - 0.20 = 0.
    expect(a!.uplift!.estimate).toBeCloseTo(0.1, 10);
    expect(a!.uplift).toEqual(newcombeDifference(8, 40, 5, 50));
    expect(b!.uplift!.estimate).toBeCloseTo(0, 10);
    expect(a!.defaultRate!.estimate).toBeCloseTo(0.1, 10);
  });

  it('says why while the holdout has no matured outcome, and when the first arrives', async () => {
    const r = await experimentResults(exp2);
    expect(r.holdout).toMatchObject({
      decisions: 10,
      matured: 0,
      months: ['2026-10'],
      firstOutcomeMonth: '2027-01',
    });
    expect(r.variants.map((v) => [v.key, v.uplift, v.upliftReason])).toEqual([
      ['A', null, 'holdoutNotMatured'],
      ['B', null, 'noSends'],
    ]);
  });

  it('serves the same through GET /api/v1/experiments/{id}/results', async () => {
    const key = await createApiKeyFor('DATA_SCIENTIST');
    const res = await results.GET(
      new Request(`http://localhost/api/v1/experiments/${exp1}/results`, {
        headers: { host: 'localhost', authorization: `Bearer ${key}` },
      }),
      { params: Promise.resolve({ id: exp1 }) },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { variants: { key: string; uplift: { estimate: number } | null }[] };
    expect(body.variants[0]!.uplift!.estimate).toBeCloseTo(0.1, 10);
  });
});

describe('malformed experiment ids', () => {
  it('are "not found" without a query, for reads and for stop', async () => {
    const spy = vi.spyOn(db.experiment, 'findUnique');
    await expect(experimentResults('not-a-uuid')).rejects.toMatchObject({ status: 404 });
    await expect(stopExperiment('not-a-uuid', actor)).rejects.toMatchObject({ status: 404 });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});
