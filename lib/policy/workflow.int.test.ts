// The decision policy's approval workflow against a real PostgreSQL: propose -> approve -> activate with the
// previous version retired, four-eyes, refused transitions (409, nothing changed), concurrent proposals and
// activations, the database triggers that hold even for direct SQL, and the impact of a proposal on the last
// finished batch run counted from stored decisions.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { db, pool } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import type { Role } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { translateKey } from '@/lib/i18n/translate';
import { DEFAULT_POLICY, type DecisionPolicy } from '@/lib/policy/policy';
import { bandOf, compareBands } from '@/lib/policy/decide';
import { isHoldout } from '@/lib/policy/holdout';
import { ensureDefaultPolicy, getActivePolicy, getPolicyRecord, listPolicies } from '@/lib/policy/store';
import {
  activatePolicy,
  approvePolicy,
  policyImpact,
  proposePolicy,
  rejectPolicy,
} from '@/lib/policy/workflow';
import type { PolicyRules } from '@/lib/validations/policy';

let t: TestDatabase;
let ids: Record<Role, string>;
const actors = {} as Record<Role, Actor>;

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  for (const role of Object.keys(ids) as Role[]) {
    actors[role] = {
      kind: 'user',
      id: ids[role],
      name: `Test ${role}`,
      email: `${role.toLowerCase()}@test.local`,
      role,
      locale: 'pt-BR',
    };
  }
});
afterAll(() => t.drop());

/** Every test starts from a fresh install: v1 active, no other version, no runs. */
beforeEach(async () => {
  const p = pool();
  await p.query(`ALTER TABLE "Decision" DISABLE TRIGGER "Decision_append_only"`);
  await p.query(`DELETE FROM "Decision"; DELETE FROM "ScoringRun"; DELETE FROM "Client"`);
  await p.query(`ALTER TABLE "Decision" ENABLE TRIGGER "Decision_append_only"`);
  await p.query(`DELETE FROM "DecisionPolicy"; DELETE FROM "AuditLog"`);
  expect(await ensureDefaultPolicy()).toEqual({ created: true });
});

const { version: _v1, ...DEFAULT_RULES } = DEFAULT_POLICY;

function rules(
  change: Partial<Omit<PolicyRules, 'thresholds'>> & { moderate?: number; critical?: number } = {},
) {
  const { moderate, critical, ...rest } = change;
  return {
    ...structuredClone(DEFAULT_RULES),
    thresholds: { moderate: moderate ?? 0.15, critical: critical ?? 0.45 },
    ...rest,
  } as PolicyRules;
}

async function propose(change: Parameters<typeof rules>[0] = {}, note = 'Limiares mais baixos') {
  return proposePolicy({ rules: rules(change), note }, actors.DATA_SCIENTIST);
}

async function statuses() {
  const r = await pool().query<{ version: number; status: string }>(
    `SELECT version, status FROM "DecisionPolicy" ORDER BY version`,
  );
  return Object.fromEntries(r.rows.map((x) => [x.version, x.status]));
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('the approval workflow', () => {
  it('proposes, approves and activates a version, retiring the previous one, each step audited', async () => {
    const proposed = await propose({}, '  Mais clientes na oferta digital  ');
    expect(proposed).toMatchObject({
      version: 2,
      status: 'PROPOSED',
      note: 'Mais clientes na oferta digital',
      proposedBy: { id: ids.DATA_SCIENTIST, kind: 'user', name: 'Test DATA_SCIENTIST' },
      approvedBy: null,
      activatedBy: null,
    });
    expect(proposed.rules).toEqual({ ...rules(), version: 2 });

    const approved = await approvePolicy(2, actors.ADMIN);
    expect(approved.status).toBe('APPROVED');
    expect(approved.approvedBy).toMatchObject({ id: ids.ADMIN, name: 'Test ADMIN' });
    expect(approved.approvedAt).toBeInstanceOf(Date);
    // Approval alone changes nothing the scoring uses.
    expect((await getActivePolicy(pool()))!.version).toBe(1);

    const { policy, retired } = await activatePolicy(2, actors.DATA_SCIENTIST);
    expect(retired).toBe(1);
    expect(policy).toMatchObject({ status: 'ACTIVE', activatedBy: { id: ids.DATA_SCIENTIST } });
    expect(await statuses()).toEqual({ 1: 'RETIRED', 2: 'ACTIVE' });
    expect((await getActivePolicy(pool()))!.thresholds).toEqual({ moderate: 0.15, critical: 0.45 });
    expect((await getPolicyRecord(1))!.retiredAt).toBeInstanceOf(Date);

    const audit = await db.auditLog.findMany({ orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.target, a.actorId])).toEqual([
      ['policy.propose', '2', ids.DATA_SCIENTIST],
      ['policy.approve', '2', ids.ADMIN],
      ['policy.activate', '2', ids.DATA_SCIENTIST],
    ]);
    expect(audit[0]!.details).toMatchObject({ thresholds: { moderate: 0.15, critical: 0.45 } });
    expect(audit[2]!.details).toMatchObject({ retired: 1 });

    const list = await listPolicies();
    expect(list.map((p) => [p.version, p.status])).toEqual([
      [2, 'ACTIVE'],
      [1, 'RETIRED'],
    ]);
    // The default v1 was put in place by the system, not by a person.
    expect(list[1]!.proposedBy).toBeNull();
  });

  it('rejects a proposal with the reviewer and the reason kept', async () => {
    await propose();
    const r = await rejectPolicy(2, actors.ADMIN, '  Sem evidência de ganho  ');
    expect(r).toMatchObject({
      status: 'REJECTED',
      rejectedBy: { id: ids.ADMIN },
      rejectionNote: 'Sem evidência de ganho',
    });
    expect(r.rejectedAt).toBeInstanceOf(Date);
    // An approved version that was never activated can be withdrawn too.
    await propose({ moderate: 0.18 });
    await approvePolicy(3, actors.ADMIN);
    expect((await rejectPolicy(3, actors.ADMIN, 'Mudou o cenário')).status).toBe('REJECTED');
    expect(await statuses()).toEqual({ 1: 'ACTIVE', 2: 'REJECTED', 3: 'REJECTED' });
    await expect(rejectPolicy(2, actors.ADMIN, '   ')).rejects.toThrow();
  });

  it('refuses a proposal identical to the active version (nothing would change)', async () => {
    const e = await refusal(proposePolicy({ rules: DEFAULT_RULES, note: 'x' }, actors.DATA_SCIENTIST));
    expect(e.status).toBe(409);
    expect(translateKey('pt-BR', `errors.${e.code}`, e.params)).toBe(
      'A proposta tem exatamente as regras da versão ativa 1: nada mudaria.',
    );
    expect(await statuses()).toEqual({ 1: 'ACTIVE' });
  });

  it('refuses rules the schema refuses, naming the field, and saves nothing', async () => {
    const bad = rules({ moderate: 0.6, critical: 0.5 });
    await expect(proposePolicy({ rules: bad, note: 'x' }, actors.DATA_SCIENTIST)).rejects.toMatchObject({
      name: 'ZodError',
      issues: [expect.objectContaining({ path: ['rules', 'thresholds', 'critical'] })],
    });
    expect(await statuses()).toEqual({ 1: 'ACTIVE' });
  });
});

describe('four-eyes', () => {
  it('never lets the proposer approve their own version, even after becoming an admin', async () => {
    await propose();
    await db.user.update({ where: { id: ids.DATA_SCIENTIST }, data: { role: 'ADMIN' } });
    try {
      const e = await refusal(approvePolicy(2, { ...actors.DATA_SCIENTIST, role: 'ADMIN' }));
      expect(e.status).toBe(403);
      expect(translateKey('en', `errors.${e.code}`, e.params)).toBe(
        'Whoever proposed version 2 cannot approve it: another admin must review it.',
      );
      expect(await statuses()).toEqual({ 1: 'ACTIVE', 2: 'PROPOSED' });
    } finally {
      await db.user.update({ where: { id: ids.DATA_SCIENTIST }, data: { role: 'DATA_SCIENTIST' } });
    }
  });

  it('counts an API key as its creator: an admin cannot approve what their key proposed', async () => {
    const key = await db.apiKey.create({
      data: {
        name: 'etl',
        prefix: 'abcd1234',
        role: 'DATA_SCIENTIST',
        secretHash: 'x',
        createdById: ids.ADMIN,
      },
    });
    const keyActor: Actor = {
      kind: 'apiKey',
      id: key.id,
      name: 'etl',
      email: null,
      role: 'DATA_SCIENTIST',
      locale: 'pt-BR',
    };
    await proposePolicy({ rules: rules(), note: 'via chave' }, keyActor);
    expect((await getPolicyRecord(2))!.proposedBy).toEqual({ id: key.id, kind: 'apiKey', name: 'etl' });
    expect((await refusal(approvePolicy(2, actors.ADMIN))).code).toBe('policy.selfApproval');
    const other = await db.user.create({
      data: { email: 'admin2@test.local', name: 'Other Admin', role: 'ADMIN', passwordHash: 'x' },
    });
    expect((await approvePolicy(2, { ...actors.ADMIN, id: other.id })).status).toBe('APPROVED');
  });

  it('is held by the database too: approving with the proposer as approver is refused by SQL', async () => {
    await propose();
    await expect(
      pool().query(
        `UPDATE "DecisionPolicy" SET status = 'APPROVED', "approvedById" = "proposedById", "approvedAt" = now()
          WHERE version = 2`,
      ),
    ).rejects.toThrow(/cannot approve their own version/);
  });

  it('refuses actors without the permission, whatever calls the workflow', async () => {
    await propose();
    expect((await refusal(approvePolicy(2, actors.DATA_SCIENTIST))).status).toBe(403);
    expect((await refusal(proposePolicy({ rules: rules(), note: 'x' }, actors.ADMIN))).status).toBe(403);
    expect((await refusal(activatePolicy(2, actors.EXECUTIVE))).status).toBe(403);
    expect((await refusal(rejectPolicy(2, actors.MANAGER, 'x'))).status).toBe(403);
    expect(await statuses()).toEqual({ 1: 'ACTIVE', 2: 'PROPOSED' });
  });
});

describe('refused transitions', () => {
  it('answers 409 with a clear message and changes nothing', async () => {
    await propose(); // v2 PROPOSED
    await propose({ moderate: 0.25 }); // v3, then APPROVED
    await approvePolicy(3, actors.ADMIN);
    await propose({ moderate: 0.3 }); // v4, then REJECTED
    await rejectPolicy(4, actors.ADMIN, 'não');
    const before = await statuses();
    const auditBefore = await db.auditLog.count();

    const cases: [() => Promise<unknown>, string, string][] = [
      [
        () => activatePolicy(2, actors.ADMIN),
        'policy.activateNotApproved',
        'a versão 2 está proposta, aguardando aprovação',
      ],
      [() => activatePolicy(1, actors.ADMIN), 'policy.activateNotApproved', 'a versão 1 está ativa'],
      [() => activatePolicy(4, actors.ADMIN), 'policy.activateNotApproved', 'a versão 4 está rejeitada'],
      [() => approvePolicy(3, actors.ADMIN), 'policy.approveNotProposed', 'a versão 3 está aprovada'],
      [() => approvePolicy(1, actors.ADMIN), 'policy.approveNotProposed', 'a versão 1 está ativa'],
      [() => approvePolicy(4, actors.ADMIN), 'policy.approveNotProposed', 'a versão 4 está rejeitada'],
      [() => rejectPolicy(1, actors.ADMIN, 'x'), 'policy.rejectNotPending', 'a versão 1 está ativa'],
      [() => rejectPolicy(4, actors.ADMIN, 'x'), 'policy.rejectNotPending', 'a versão 4 está rejeitada'],
    ];
    for (const [call, code, words] of cases) {
      const e = await refusal(call());
      expect([e.code, e.status]).toEqual([code, 409]);
      expect(translateKey('pt-BR', `errors.${e.code}`, e.params)).toContain(words);
    }
    const missing = await refusal(approvePolicy(99, actors.ADMIN));
    expect([missing.code, missing.status]).toEqual(['policy.notFound', 404]);
    expect(translateKey('pt-BR', 'errors.policy.notFound', missing.params)).toBe(
      'A versão 99 da política não existe.',
    );

    expect(await statuses()).toEqual(before);
    expect(await db.auditLog.count()).toBe(auditBefore);
  });

  it('never lets a retired version come back: a copy must be proposed and approved again', async () => {
    await propose();
    await approvePolicy(2, actors.ADMIN);
    await activatePolicy(2, actors.ADMIN);
    expect((await refusal(activatePolicy(1, actors.ADMIN))).code).toBe('policy.activateNotApproved');
    await expect(
      pool().query(`UPDATE "DecisionPolicy" SET status = 'ACTIVE' WHERE version = 1`),
    ).rejects.toThrow();
  });
});

describe('concurrency', () => {
  it('activates the default v1 once when two processes start a fresh install at the same moment', async () => {
    await pool().query(`DELETE FROM "DecisionPolicy"`);
    const r = await Promise.all([ensureDefaultPolicy(), ensureDefaultPolicy(), ensureDefaultPolicy()]);
    expect(r.filter((x) => x.created)).toHaveLength(1);
    expect(await statuses()).toEqual({ 1: 'ACTIVE' });
    expect((await getActivePolicy(pool()))!).toEqual(DEFAULT_POLICY);
  });

  it('gives simultaneous proposals distinct, consecutive versions', async () => {
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) => propose({ moderate: 0.1 + i / 100 }, `proposta ${i}`)),
    );
    expect(made.map((p) => p.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    // Each version kept its own rules (no proposal took another's number).
    for (const p of made)
      expect(p.note).toBe(`proposta ${Math.round((p.rules!.thresholds.moderate - 0.1) * 100)}`);
  });

  it('leaves exactly one ACTIVE version after simultaneous activations', async () => {
    await propose({ moderate: 0.1 });
    await propose({ moderate: 0.12 });
    await approvePolicy(2, actors.ADMIN);
    await approvePolicy(3, actors.ADMIN);
    const results = await Promise.allSettled([
      activatePolicy(2, actors.ADMIN),
      activatePolicy(3, actors.DATA_SCIENTIST),
      activatePolicy(3, actors.ADMIN),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    // v2 and v3 each activate once (in some order); the second activation of v3 is a 409.
    expect(ok).toHaveLength(2);
    expect(refused.map((r) => (r as PromiseRejectedResult).reason.status)).toEqual([409]);
    const r = await pool().query(`SELECT version FROM "DecisionPolicy" WHERE status = 'ACTIVE'`);
    expect(r.rows).toHaveLength(1);
    expect(Object.values(await statuses()).filter((s) => s === 'RETIRED')).toHaveLength(2);
  });
});

describe('database guarantees for direct SQL', () => {
  it("refuses changing an approved version's thresholds, and a proposal's rules, even by SQL", async () => {
    await propose();
    await approvePolicy(2, actors.ADMIN);
    for (const version of [1, 2]) {
      await expect(
        pool().query(`UPDATE "DecisionPolicy" SET "criticalThreshold" = 0.9 WHERE version = $1`, [version]),
      ).rejects.toThrow(/immutable/);
    }
    await propose({ moderate: 0.11 });
    await expect(
      pool().query(`UPDATE "DecisionPolicy" SET "moderateThreshold" = 0.3 WHERE version = 3`),
    ).rejects.toThrow(/immutable/);
    expect((await getPolicyRecord(2))!.rules!.thresholds.critical).toBe(0.45);
  });

  it('refuses a second ACTIVE version, skipping approval, and rewriting a rejection note', async () => {
    await propose();
    await approvePolicy(2, actors.ADMIN);
    await expect(
      pool().query(`UPDATE "DecisionPolicy" SET status = 'ACTIVE' WHERE version = 2`),
    ).rejects.toThrow(/while v1 is ACTIVE/);
    await propose({ moderate: 0.11 });
    await expect(
      pool().query(`UPDATE "DecisionPolicy" SET status = 'ACTIVE' WHERE version = 3`),
    ).rejects.toThrow(/not a step of the approval workflow/);
    await rejectPolicy(3, actors.ADMIN, 'motivo');
    await expect(
      pool().query(`UPDATE "DecisionPolicy" SET "rejectionNote" = 'outro' WHERE version = 3`),
    ).rejects.toThrow(/rejection note/);
    await expect(
      pool().query(
        `INSERT INTO "DecisionPolicy" (version, status, "moderateThreshold", "criticalThreshold", "holdoutShare",
           "holdoutSalt", "performanceWindowMonths", "channelPreference", note)
         VALUES (9, 'ACTIVE', 0.2, 0.5, 0.05, 'v1', 3, ARRAY['APP']::"Channel"[], 'x')`,
      ),
    ).rejects.toThrow(/while v1 is ACTIVE/);
    expect(await statuses()).toEqual({ 1: 'ACTIVE', 2: 'APPROVED', 3: 'REJECTED' });
  });
});

describe('policy impact on the last finished batch run', () => {
  const MODEL = '00000000-0000-4000-8000-00000000abcd';

  async function stubModel() {
    await pool().query(
      `INSERT INTO "ModelVersion" (id, name, version, "sourceFormat", "sourceBytes", onnx, sha256, "featureNames",
                                   card, parity)
       VALUES ($1, 'stub', 1, 'onnx', '\\x00', '\\x00', '0', ARRAY[]::text[], '{}', '{}')
       ON CONFLICT (id) DO NOTHING`,
      [MODEL],
    );
  }

  /** A run with one decision per score, its band and holdout as the run's policy decided them. */
  async function run(
    scores: number[],
    policy: DecisionPolicy,
    opts: { status?: string; finishedAt?: string; offset?: number } = {},
  ) {
    const p = pool();
    const offset = opts.offset ?? 0;
    const externalIds = scores.map((_, i) => `CLI-${String(offset + i).padStart(7, '0')}`);
    const clients = await p.query<{ id: string; externalId: string }>(
      `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart")
       SELECT x, 'varejo', 'SP', DATE '2020-01-01' FROM unnest($1::text[]) x
       ON CONFLICT ("externalId") DO UPDATE SET segment = EXCLUDED.segment
       RETURNING id::text, "externalId"`,
      [externalIds],
    );
    const idOf = new Map(clients.rows.map((c) => [c.externalId, c.id]));
    const r = await p.query<{ id: string }>(
      `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion",
                                 "featureSetVersion", "finishedAt")
       VALUES (gen_random_uuid(), 'BATCH', $1, '2026-10', $2, $3, 'fs-v1', $4) RETURNING id`,
      [opts.status ?? 'SUCCEEDED', MODEL, policy.version, opts.finishedAt ?? new Date().toISOString()],
    );
    const runId = r.rows[0]!.id;
    await p.query(
      `INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion",
                               "featureSetVersion", features, "yProba", band, action, channel, holdout,
                               "reasonCodes", "baseValue")
       SELECT $1, c, '2026-10', $2, $3, 'fs-v1', ARRAY[]::float8[], y, b::"Band", 'NONE', 'NONE', h, '[]', 0
         FROM unnest($4::bigint[], $5::float8[], $6::text[], $7::boolean[]) AS u(c, y, b, h)`,
      [
        runId,
        MODEL,
        policy.version,
        externalIds.map((x) => idOf.get(x)),
        scores,
        scores.map((s) => bandOf(s, policy)),
        externalIds.map((x) => isHoldout(x, policy.holdoutSalt, policy.holdoutShare)),
      ],
    );
    return { runId, externalIds };
  }

  it('says there is nothing to compare before any batch run has finished', async () => {
    await propose();
    await stubModel();
    await run([0.3, 0.6], DEFAULT_POLICY, { status: 'RUNNING', finishedAt: undefined });
    expect(await policyImpact(2)).toEqual({ version: 2, run: null, comparison: null, holdout: null });
  });

  it('counts clients per band now and under the proposal, with the transitions, like a hand count', async () => {
    await stubModel();
    // Thresholds now 0.20/0.50, proposed 0.15/0.45; scores on and around every threshold.
    const scores = [0.01, 0.1, 0.149999, 0.15, 0.19, 0.2, 0.3, 0.44, 0.45, 0.4999, 0.5, 0.51, 0.9, 1, 0];
    const { runId } = await run(scores, DEFAULT_POLICY, { finishedAt: '2026-11-02T10:00:00Z' });
    // An older finished run and a newer cancelled one are not "the last finished run".
    await run([0.99], DEFAULT_POLICY, { finishedAt: '2026-10-02T10:00:00Z', offset: 100 });
    await run([0.99, 0.98], DEFAULT_POLICY, {
      status: 'CANCELLED',
      finishedAt: '2026-11-05T10:00:00Z',
      offset: 200,
    });
    await propose(); // v2: 0.15 / 0.45, same holdout

    const impact = await policyImpact(2);
    expect(impact.run).toMatchObject({ id: runId, asOfMonth: '2026-10', policyVersion: 1 });
    // By hand: now LOW = 0.01 0.1 0.149999 0.15 0.19 0 (6), MODERATE = 0.2 0.3 0.44 0.45 0.4999 (5),
    // CRITICAL = 0.5 0.51 0.9 1 (4); proposed LOW = 0.01 0.1 0.149999 0 (4), MODERATE = 0.15 0.19 0.2 0.3 0.44
    // (5), CRITICAL = 0.45 0.4999 0.5 0.51 0.9 1 (6).
    expect(impact.comparison).toEqual({
      total: 15,
      current: { LOW: 6, MODERATE: 5, CRITICAL: 4 },
      proposed: { LOW: 4, MODERATE: 5, CRITICAL: 6 },
      transitions: {
        LOW: { LOW: 4, MODERATE: 2, CRITICAL: 0 },
        MODERATE: { LOW: 0, MODERATE: 3, CRITICAL: 2 },
        CRITICAL: { LOW: 0, MODERATE: 0, CRITICAL: 4 },
      },
    });
    // The same figures as the pure comparison of the stored scores.
    expect(impact.comparison).toEqual(
      compareBands(scores, DEFAULT_POLICY, {
        ...DEFAULT_POLICY,
        version: 2,
        thresholds: { moderate: 0.15, critical: 0.45 },
      }),
    );
  });

  it("sizes the control group under the proposal's share and salt from the same clients", async () => {
    await stubModel();
    const scores = Array.from({ length: 400 }, (_, i) => (i % 100) / 100);
    const { externalIds } = await run(scores, DEFAULT_POLICY);
    const held = (salt: string, share: number) => externalIds.filter((x) => isHoldout(x, salt, share)).length;

    await propose({ holdoutShare: 0.05 }); // v2: same share and salt
    await propose({ holdoutShare: 0.2 }); // v3: larger share, same salt
    await propose({ holdoutShare: 0.02 }); // v4: smaller share, same salt
    await propose({ holdoutShare: 0.05, holdoutSalt: 'v2' }); // v5: a fresh control group
    await propose({ holdoutShare: 0 }); // v6: no control group

    const current = held('v1', 0.05);
    expect(current).toBeGreaterThan(5); // the draw is not degenerate on these keys
    const cases: [number, number, number][] = [
      [2, held('v1', 0.05), 0.05],
      [3, held('v1', 0.2), 0.2],
      [4, held('v1', 0.02), 0.02],
      [5, held('v2', 0.05), 0.05],
      [6, 0, 0],
    ];
    for (const [version, proposed, share] of cases) {
      expect((await policyImpact(version)).holdout, `v${version}`).toEqual({
        current,
        proposed,
        proposedShare: share,
      });
    }
  });
});
