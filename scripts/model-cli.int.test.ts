// `npm run model -- list | promote | rollback` against a real database: the registry's versions listed (text
// and JSON), promotion and rollback audited as the --by person, refusals for an unknown, disabled or
// unauthorised person (nothing changes) and when there is no former champion to roll back to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { db } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { trainGbdt } from '@/lib/ml/train/gbdt';
import { syntheticCredit } from '@/lib/ml/train/synthetic';
import { writeLightGbmText } from '@/lib/ml/lightgbm/write';
import { registerModel } from '@/lib/models/registry';
import { main } from './model-cli';

let t: TestDatabase;
let ids: Record<Role, string>;
let v1: { id: string };
let v2: { id: string };

function modelText(seed: number): Uint8Array {
  const d = syntheticCredit(800, FEATURE_NAMES.length, seed);
  const e = trainGbdt(
    { X: d.X, nRows: d.nRows, featureNames: [...FEATURE_NAMES], y: d.y },
    { numIterations: 5, numLeaves: 8, minDataInLeaf: 20, seed },
  ).ensemble;
  return new TextEncoder().encode(writeLightGbmText(e));
}

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const statusOf = async (id: string) =>
  (await db.modelVersion.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  await db.user.create({
    data: {
      email: 'former@test.local',
      name: 'Former scientist',
      role: 'DATA_SCIENTIST',
      passwordHash: 'x',
      active: false,
    },
  });
  v1 = await registerModel({ bytes: modelText(1), fileName: 'a.txt', name: 'cli-lgbm', actor: null });
  v2 = await registerModel({ bytes: modelText(2), fileName: 'b.txt', name: 'cli-lgbm', actor: null });
}, 120_000);
afterAll(() => t.drop());

describe('npm run model -- list / promote / rollback', () => {
  it('refuses a rollback when no former champion exists (exit 1, the reason named)', async () => {
    const r = await run(['rollback', '--by', 'data_scientist@test.local']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused (nothing-to-rollback): There is no former champion to roll back to.');
    expect(r.stdout).toBe('');
  });

  it('lists the registered versions, newest first, as JSON and as text', async () => {
    const j = await run(['list', '--json']);
    expect(j.code).toBe(0);
    const rows = JSON.parse(j.stdout) as { id: string; name: string; version: number; status: string }[];
    expect(rows.map((r) => [r.id, r.name, r.version, r.status])).toEqual([
      [v2.id, 'cli-lgbm', 2, 'CANDIDATE'],
      [v1.id, 'cli-lgbm', 1, 'CANDIDATE'],
    ]);
    const txt = await run(['list']);
    expect(txt.code).toBe(0);
    const lines = txt.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${v2.id}\\s+CANDIDATE\\s+cli-lgbm v2\\s`));
    expect(lines[1]).toMatch(new RegExp(`^${v1.id}\\s+CANDIDATE\\s+cli-lgbm v1\\s`));
  });

  it('promotes as the --by person, audited under their id', async () => {
    const a = await run(['promote', v1.id, '--by', 'data_scientist@test.local', '--json']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual({
      champion: { id: v1.id, name: 'cli-lgbm', version: 1 },
      retired: null,
      by: 'data_scientist@test.local',
    });
    const b = await run(['promote', v2.id, '--by', 'DATA_SCIENTIST@test.local']);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain(`promoted: champion is now cli-lgbm v2 (id ${v2.id})`);
    expect(b.stdout).toContain(`previous champion cli-lgbm v1 (id ${v1.id}) retired`);
    expect([await statusOf(v1.id), await statusOf(v2.id)]).toEqual(['RETIRED', 'CHAMPION']);
    const audit = await db.auditLog.findMany({ where: { action: 'model.promote' }, orderBy: { at: 'asc' } });
    expect(audit.map((x) => [x.target, x.actorId])).toEqual([
      [v1.id, ids.DATA_SCIENTIST],
      [v2.id, ids.DATA_SCIENTIST],
    ]);
  });

  it('refuses a rollback by someone without models:manage, unknown or disabled; nothing changes', async () => {
    const admin = await run(['rollback', '--by', 'admin@test.local']);
    expect(admin.code).toBe(1);
    expect(admin.stderr).toContain(
      'refused: user admin@test.local (role ADMIN) lacks the permission models:manage',
    );
    const unknown = await run(['rollback', '--by', 'nobody@test.local']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('refused: no user with e-mail nobody@test.local');
    const disabled = await run(['rollback', '--by', 'former@test.local']);
    expect(disabled.code).toBe(1);
    expect(disabled.stderr).toContain('refused: user former@test.local is disabled');
    const missing = await run(['rollback']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('usage: npm run model -- rollback --by EMAIL [--json]');
    expect([await statusOf(v1.id), await statusOf(v2.id)]).toEqual(['RETIRED', 'CHAMPION']);
    expect(await db.auditLog.count({ where: { action: 'model.rollback' } })).toBe(0);
  });

  it('rolls back to the former champion as the --by person', async () => {
    const r = await run(['rollback', '--by', 'data_scientist@test.local', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      champion: { id: v1.id, name: 'cli-lgbm', version: 1 },
      retired: { id: v2.id, name: 'cli-lgbm', version: 2 },
      by: 'data_scientist@test.local',
    });
    expect([await statusOf(v1.id), await statusOf(v2.id)]).toEqual(['CHAMPION', 'RETIRED']);
    const audit = await db.auditLog.findMany({ where: { action: 'model.rollback' } });
    expect(audit.map((x) => [x.target, x.actorId])).toEqual([[v1.id, ids.DATA_SCIENTIST]]);
    const list = await run(['list']);
    expect(list.stdout).toMatch(new RegExp(`${v1.id}\\s+CHAMPION\\s+cli-lgbm v1\\s`));
  });
});
