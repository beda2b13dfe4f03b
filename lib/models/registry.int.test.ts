// The model registry against a real database: registration (formats, feature check, duplicates), the champion
// lifecycle (promote, rollback, retire, audit), champion and shadow scoring, health, and who may do what.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { db } from '@/lib/db';
import type { Locale } from '@/lib/i18n/locales';
import { translateKey } from '@/lib/i18n/translate';
import type { Role } from '@/lib/auth/roles';
import type { Actor } from '@/lib/auth/session';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { trainGbdt } from '@/lib/ml/train/gbdt';
import { syntheticCredit } from '@/lib/ml/train/synthetic';
import { writeLightGbmText } from '@/lib/ml/lightgbm/write';
import { ensembleToOnnx } from '@/lib/ml/onnx/export';
import { decodeModel, encodeModel } from '@/lib/ml/onnx/proto';
import { predictProbaBatch } from '@/lib/ml/tree-eval';
import type { TreeEnsemble } from '@/lib/ml/tree-model';
import { checkHealth } from '@/lib/health';
import {
  compareModels,
  promoteToChampion,
  registerModel,
  RegistryError,
  retire,
  rollback,
  setChallenger,
} from '@/lib/models/registry';
import { getChampion, scoreWithChallengers, scoreWithChampion } from '@/lib/models/champion';
import { promoteModel } from '@/lib/actions/promote-model';
import { setChallengerModel } from '@/lib/actions/set-challenger-model';
import { retireModel } from '@/lib/actions/retire-model';
import { rollbackModel } from '@/lib/actions/rollback-model';
import * as modelsRoute from '@/app/api/v1/models/route';
import * as modelRoute from '@/app/api/v1/models/[id]/route';
import * as promoteRoute from '@/app/api/v1/models/[id]/promote/route';
import * as rollbackRoute from '@/app/api/v1/models/rollback/route';
import * as downloadRoute from '@/app/api/v1/models/[id]/download/route';
import { main as modelCli } from '@/scripts/model-cli';

const N = FEATURE_NAMES.length;
let t: TestDatabase;
let ids: Record<Role, string>;
let scientist: Actor;

/** A small model trained on synthetic data whose columns are the fs-v1 features (in `names` order). */
function train(seed: number, names: string[] = [...FEATURE_NAMES], iterations = 15): TreeEnsemble {
  const d = syntheticCredit(1500, names.length, seed);
  return trainGbdt(
    { X: d.X, nRows: d.nRows, featureNames: names, y: d.y },
    { numIterations: iterations, numLeaves: 8, minDataInLeaf: 20, seed },
  ).ensemble;
}
const text = (e: TreeEnsemble) => new TextEncoder().encode(writeLightGbmText(e));

function rows(nRows: number, seed: number): Float32Array {
  const X = syntheticCredit(nRows, N, seed).X;
  // Some all-missing cells, as the feature store produces for clients without bureau data.
  for (let r = 0; r < nRows; r += 7) X[r * N + 5] = NaN;
  return X;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function refusal(p: Promise<unknown>): Promise<RegistryError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RegistryError) return e;
    throw e;
  }
  throw new Error('expected a RegistryError');
}

/** What a user is told for a refusal, in the locale they read. */
const said = (e: RegistryError, locale: Locale = 'en') => translateKey(locale, `errors.${e.code}`, e.params);

function req(path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('authorization', `Bearer ${init.key}`);
  return new Request(`http://localhost${path}`, { ...init, headers, duplex: 'half' } as RequestInit);
}
const params = <P>(p: P) => ({ params: Promise.resolve(p) });

const ensembleA = train(1);
const ensembleB = train(2);

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  const u = await db.user.findUniqueOrThrow({ where: { id: ids.DATA_SCIENTIST } });
  scientist = {
    kind: 'user',
    id: u.id,
    name: u.name,
    email: u.email,
    role: 'DATA_SCIENTIST',
    locale: 'pt-BR',
  };
});
afterAll(() => t.drop());

describe('registerModel', () => {
  it('reports no model in health before anything is registered', async () => {
    const h = await checkHealth();
    expect(h.model).toMatchObject({
      ok: true,
      loaded: false,
      version: null,
      message: 'No model registered yet.',
    });
  });

  it('registers a LightGBM text model as a candidate with its card, bytes as uploaded and parity', async () => {
    const bytes = text(ensembleA);
    const m = await registerModel({ bytes, fileName: 'risk.txt', name: 'proativa-lgbm', actor: scientist });
    expect(m).toMatchObject({
      name: 'proativa-lgbm',
      version: 1,
      status: 'CANDIDATE',
      sourceFormat: 'lightgbm-text',
    });
    const row = await db.modelVersion.findUniqueOrThrow({ where: { id: m.id } });
    expect(Buffer.from(row.sourceBytes).equals(Buffer.from(bytes))).toBe(true);
    expect(row.lightgbmText).toBe(new TextDecoder().decode(bytes));
    expect(row.featureNames).toEqual([...FEATURE_NAMES]);
    expect(row.featureSetVersion).toBe('fs-v1');
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    const card = row.card as { numTrees: number; importanceGain: { feature: string; share: number }[] };
    expect(card.numTrees).toBe(ensembleA.trees.length);
    // The synthetic label depends mostly on the first columns: they must lead the gain ranking.
    expect(card.importanceGain[0]!.feature).toBe(FEATURE_NAMES[0]);
    expect(card.importanceGain.reduce((s, g) => s + g.share, 0)).toBeCloseTo(1, 9);
    expect(row.parity).toMatchObject({ ok: true, rows: 512 });
    expect((row.parity as { maxAbsDiff: number }).maxAbsDiff).toBeLessThanOrEqual(1e-6);
    const log = await db.auditLog.findFirstOrThrow({ where: { action: 'model.register', target: m.id } });
    expect(log.actorId).toBe(scientist.id);
  });

  it('numbers versions per name and refuses the identical file again, naming the existing version', async () => {
    const e = await refusal(
      registerModel({ bytes: text(ensembleA), fileName: 'again.txt', actor: scientist }),
    );
    expect(e.reason).toBe('duplicate');
    expect(e.status).toBe(409);
    expect(said(e)).toBe('This exact file is already registered as proativa-lgbm v1.');
    expect(said(e, 'pt-BR')).toBe('Este mesmo arquivo já está registrado como proativa-lgbm v1.');
    const m2 = await registerModel({
      bytes: text(ensembleB),
      fileName: 'b.txt',
      name: 'proativa-lgbm',
      actor: scientist,
    });
    expect(m2.version).toBe(2);
  });

  it('registers the ONNX export with and without ZipMap, and both score like the TypeScript evaluator', async () => {
    const e = train(3);
    const plain = await registerModel({
      bytes: ensembleToOnnx(e, { zipmap: false }),
      fileName: 'c.onnx',
      name: 'onnx-plain',
      lightgbmText: writeLightGbmText(e),
      actor: scientist,
    });
    const zip = await registerModel({
      bytes: ensembleToOnnx(e, { zipmap: true }),
      fileName: 'c-zipmap.onnx',
      name: 'onnx-zipmap',
      actor: scientist,
    });
    expect(plain.sourceFormat).toBe('onnx');
    // The trainer's LightGBM text gives the ONNX upload its importance; the bare ZipMap upload has none.
    expect((plain.card as { importanceGain?: unknown[] }).importanceGain).toHaveLength(N);
    expect((zip.card as { importanceGain?: unknown[] }).importanceGain).toBeUndefined();
    await setChallenger(plain.id, scientist);
    await setChallenger(zip.id, scientist);
    const X = rows(300, 99);
    const shadow = await scoreWithChallengers(X, 300);
    const expected = predictProbaBatch(e, X, 300, N);
    for (const name of ['onnx-plain', 'onnx-zipmap']) {
      const s = shadow.find((x) => x.name === name);
      expect(s && 'scores' in s).toBe(true);
      expect(maxDiff((s as { scores: Float64Array }).scores, expected)).toBeLessThanOrEqual(1e-6);
    }
    await retire(plain.id, scientist);
    await retire(zip.id, scientist);
  });

  it('refuses a model whose features are not fs-v1, naming the missing and extra ones', async () => {
    const names = [...FEATURE_NAMES];
    names[2] = 'renda_mensal';
    names[7] = 'score_serasa';
    const e = await refusal(
      registerModel({ bytes: text(train(4, names, 3)), fileName: 'x.txt', actor: scientist }),
    );
    expect(e.reason).toBe('feature-mismatch');
    expect(e.status).toBe(422);
    expect(said(e)).toContain(FEATURE_NAMES[2]);
    expect(said(e)).toContain(FEATURE_NAMES[7]);
    expect(said(e)).toContain('renda_mensal');
    expect(said(e)).toContain('score_serasa');
    expect(e.details).toMatchObject({
      missing: [FEATURE_NAMES[2], FEATURE_NAMES[7]],
      extra: ['renda_mensal', 'score_serasa'],
    });
    const short = await refusal(
      registerModel({
        bytes: text(train(4, FEATURE_NAMES.slice(0, 13), 3)),
        fileName: 'y.txt',
        actor: scientist,
      }),
    );
    expect(said(short)).toContain(FEATURE_NAMES[13]);
  });

  it('refuses an ONNX file without feature names unless positional mapping is confirmed', async () => {
    const model = decodeModel(ensembleToOnnx(train(5, [...FEATURE_NAMES], 5), { zipmap: false }));
    model.metadataProps = [];
    const bytes = encodeModel(model);
    const e = await refusal(registerModel({ bytes, fileName: 'nameless.onnx', actor: scientist }));
    expect(e.reason).toBe('feature-names-unknown');
    expect(said(e)).toContain('Column_0');
    const m = await registerModel({
      bytes,
      fileName: 'nameless.onnx',
      positionalFeatures: true,
      actor: scientist,
    });
    expect(m.featureNames).toEqual([...FEATURE_NAMES]);
    expect((m.card as { notes: string[] }).notes.join(' ')).toMatch(/by position/);
    await retire(m.id, scientist);
  });

  it('refuses garbage with a clear reason', async () => {
    const e = await refusal(
      registerModel({
        bytes: new TextEncoder().encode('id,valor\n1,2\n'),
        fileName: 'dados.csv',
        actor: scientist,
      }),
    );
    expect(e.reason).toBe('unknown-format');
    expect(said(e)).toContain('dados.csv');
  });
});

describe('champion lifecycle and scoring', () => {
  it('keeps exactly one champion: promoting retires the previous one, with audit rows', async () => {
    const [v1, v2] = await db.modelVersion.findMany({
      where: { name: 'proativa-lgbm' },
      orderBy: { version: 'asc' },
    });
    await promoteToChampion(v1!.id, scientist);
    expect((await getChampion())?.id).toBe(v1!.id);
    const { retired } = await promoteToChampion(v2!.id, scientist);
    expect(retired?.id).toBe(v1!.id);
    const champions = await db.modelVersion.findMany({ where: { status: 'CHAMPION' } });
    expect(champions.map((c) => c.id)).toEqual([v2!.id]);
    const old = await db.modelVersion.findUniqueOrThrow({ where: { id: v1!.id } });
    expect(old.status).toBe('RETIRED');
    expect(old.retiredAt).not.toBeNull();
    const logs = await db.auditLog.findMany({ where: { action: 'model.promote' }, orderBy: { id: 'asc' } });
    expect(logs.map((l) => l.target)).toEqual([v1!.id, v2!.id]);
    expect(logs[1]!.details).toMatchObject({ previousChampion: { id: v1!.id } });
    expect((await refusal(promoteToChampion(v2!.id, scientist))).reason).toBe('invalid-state');
    expect((await refusal(retire(v2!.id, scientist))).reason).toBe('invalid-state');
  });

  it('stays at one champion when two promotions race', async () => {
    const [v1, v2] = await db.modelVersion.findMany({
      where: { name: 'proativa-lgbm' },
      orderBy: { version: 'asc' },
    });
    await setChallenger(v1!.id, scientist);
    await Promise.allSettled([promoteToChampion(v1!.id, scientist), promoteToChampion(v2!.id, scientist)]);
    expect(await db.modelVersion.count({ where: { status: 'CHAMPION' } })).toBe(1);
    // Back to v2 as champion for the next tests.
    if ((await getChampion())?.id !== v2!.id) await promoteToChampion(v2!.id, scientist);
  });

  it('scores with the champion exactly like the TypeScript evaluator (max |Δ| <= 1e-6)', async () => {
    const X = rows(2000, 7);
    const s = await scoreWithChampion(X, 2000);
    expect(s).toMatchObject({ name: 'proativa-lgbm', version: 2 });
    expect(maxDiff(s.scores, predictProbaBatch(ensembleB, X, 2000, N))).toBeLessThanOrEqual(1e-6);
    await expect(scoreWithChampion(X, 1999)).rejects.toThrow(/rows x 14/);
  });

  it('rolls back to the most recently retired former champion, audited', async () => {
    const [v1, v2] = await db.modelVersion.findMany({
      where: { name: 'proativa-lgbm' },
      orderBy: { version: 'asc' },
    });
    const { champion, retired } = await rollback(scientist);
    expect(champion.id).toBe(v1!.id);
    expect(retired?.id).toBe(v2!.id);
    expect(await db.modelVersion.count({ where: { status: 'CHAMPION' } })).toBe(1);
    const X = rows(500, 8);
    const s = await scoreWithChampion(X, 500);
    expect(maxDiff(s.scores, predictProbaBatch(ensembleA, X, 500, N))).toBeLessThanOrEqual(1e-6);
    expect(await db.auditLog.count({ where: { action: 'model.rollback', target: v1!.id } })).toBe(1);
  });

  it('shadow-scores challengers next to the champion without changing the champion', async () => {
    const v2 = await db.modelVersion.findFirstOrThrow({ where: { name: 'proativa-lgbm', version: 2 } });
    await setChallenger(v2.id, scientist);
    const X = rows(400, 9);
    const champ = await scoreWithChampion(X, 400);
    const shadow = await scoreWithChallengers(X, 400);
    expect(shadow.map((s) => `${s.name} v${s.version}`)).toEqual(['proativa-lgbm v2']);
    const s = shadow[0] as { scores: Float64Array };
    expect(maxDiff(s.scores, predictProbaBatch(ensembleB, X, 400, N))).toBeLessThanOrEqual(1e-6);
    expect(maxDiff(champ.scores, predictProbaBatch(ensembleA, X, 400, N))).toBeLessThanOrEqual(1e-6);
    expect((await getChampion())?.version).toBe(1);
  });

  it('reorders columns for a model that lists the fs-v1 features in another order', async () => {
    const reversed = [...FEATURE_NAMES].reverse();
    const e = train(6, reversed, 10);
    const m = await registerModel({
      bytes: text(e),
      fileName: 'rev.txt',
      name: 'reversed',
      actor: scientist,
    });
    await setChallenger(m.id, scientist);
    const X = rows(300, 10);
    const inModelOrder = new Float32Array(X.length);
    for (let r = 0; r < 300; r++)
      for (let j = 0; j < N; j++) inModelOrder[r * N + j] = X[r * N + (N - 1 - j)]!;
    const s = (await scoreWithChallengers(X, 300)).find((x) => x.name === 'reversed') as {
      scores: Float64Array;
    };
    expect(maxDiff(s.scores, predictProbaBatch(e, inModelOrder, 300, N))).toBeLessThanOrEqual(1e-6);
    await retire(m.id, scientist);
  });

  it('reports the loaded champion in health', async () => {
    const h = await checkHealth();
    expect(h.model).toMatchObject({ ok: true, loaded: true, version: 'proativa-lgbm v1' });
    expect(h.status).toBe('ok');
  });

  it('compares two versions side by side', async () => {
    const [v1, v2] = await db.modelVersion.findMany({
      where: { name: 'proativa-lgbm' },
      orderBy: { version: 'asc' },
    });
    const c = await compareModels(v1!.id, v2!.id);
    expect(c.features).toMatchObject({ onlyA: [], onlyB: [], sameOrder: true });
    expect(c.features.common).toHaveLength(N);
    expect(c.importance).toHaveLength(N);
    expect(c.importance[0]!.rankA).toBe(1);
    expect(c.parity.a.ok && c.parity.b.ok).toBe(true);
    expect(c.params.find((p) => p.name === 'objective')).toBeDefined();
  });
});

describe('permissions and /api/v1/models', () => {
  const writeAttempts = (id: string, key?: string) => [
    promoteModel(null, { id }),
    setChallengerModel(null, { id }),
    retireModel(null, { id }),
    rollbackModel(null, {}),
    modelsRoute.POST(
      req('/api/v1/models?fileName=m.txt', {
        method: 'POST',
        body: text(train(11, [...FEATURE_NAMES], 3)),
        key,
      }),
      params({}),
    ),
    promoteRoute.POST(req(`/api/v1/models/${id}/promote`, { method: 'POST', key }), params({ id })),
    rollbackRoute.POST(req('/api/v1/models/rollback', { method: 'POST', key }), params({})),
  ];

  it.each(['EXECUTIVE', 'MANAGER', 'ADMIN'] as const)(
    'refuses every write to %s (403) and changes nothing',
    async (role) => {
      const v2 = await db.modelVersion.findFirstOrThrow({ where: { name: 'proativa-lgbm', version: 2 } });
      const before = await db.modelVersion.findMany({
        select: { id: true, status: true },
        orderBy: { id: 'asc' },
      });
      signInAs(ids[role]);
      for (const r of await Promise.all(writeAttempts(v2.id))) {
        expect(r.status).toBe(403);
      }
      signInAs(null);
      const key = await createApiKeyFor(role);
      for (const r of await Promise.all(writeAttempts(v2.id, key).slice(4))) {
        expect((r as Response).status).toBe(403);
      }
      expect(
        await db.modelVersion.findMany({ select: { id: true, status: true }, orderBy: { id: 'asc' } }),
      ).toEqual(before);
    },
  );

  it('answers 401 to signed-out callers on every action and handler', async () => {
    signInAs(null);
    const v2 = await db.modelVersion.findFirstOrThrow({ where: { name: 'proativa-lgbm', version: 2 } });
    for (const r of await Promise.all(writeAttempts(v2.id))) expect(r.status).toBe(401);
    expect((await modelsRoute.GET(req('/api/v1/models'), params({}))).status).toBe(401);
    expect((await modelRoute.GET(req(`/api/v1/models/${v2.id}`), params({ id: v2.id }))).status).toBe(401);
    const dl = await downloadRoute.GET(req(`/api/v1/models/${v2.id}/download`), params({ id: v2.id }));
    expect(dl.status).toBe(401);
  });

  it('lets readers list, read and download; MANAGER and EXECUTIVE get 403 on reads', async () => {
    const v1 = await db.modelVersion.findFirstOrThrow({ where: { name: 'proativa-lgbm', version: 1 } });
    signInAs(ids.ADMIN);
    const list = await (await modelsRoute.GET(req('/api/v1/models'), params({}))).json();
    expect(list.models.length).toBeGreaterThanOrEqual(2);
    expect(list.models[0]).not.toHaveProperty('sourceBytes');
    const one = await modelRoute.GET(req(`/api/v1/models/${v1.id}`), params({ id: v1.id }));
    expect(await one.json()).toMatchObject({
      id: v1.id,
      status: 'CHAMPION',
      card: { numTrees: ensembleA.trees.length },
    });
    const src = await downloadRoute.GET(
      req(`/api/v1/models/${v1.id}/download?kind=source`),
      params({ id: v1.id }),
    );
    expect(Buffer.from(await src.arrayBuffer()).equals(Buffer.from(text(ensembleA)))).toBe(true);
    expect(src.headers.get('content-disposition')).toContain('risk.txt');
    const onnx = await downloadRoute.GET(
      req(`/api/v1/models/${v1.id}/download?kind=onnx`),
      params({ id: v1.id }),
    );
    expect((await onnx.arrayBuffer()).byteLength).toBeGreaterThan(100);
    const bad = await downloadRoute.GET(
      req(`/api/v1/models/${v1.id}/download?kind=pdf`),
      params({ id: v1.id }),
    );
    expect(bad.status).toBe(400);
    // A malformed id is a bad request; a well-formed unknown one is not found, said in the reader's language.
    expect((await modelRoute.GET(req('/api/v1/models/x'), params({ id: 'nope' }))).status).toBe(400);
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const missing = await modelRoute.GET(req(`/api/v1/models/${unknownId}`), params({ id: unknownId }));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toBe(`Nenhuma versão de modelo com o id ${unknownId}.`);
    for (const role of ['MANAGER', 'EXECUTIVE'] as const) {
      signInAs(ids[role]);
      expect((await modelsRoute.GET(req('/api/v1/models'), params({}))).status).toBe(403);
    }
  });

  it('uploads over the API: 201, 409 duplicate, 422 refused with the reason, 400 empty or unnamed', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const bytes = text(train(12, [...FEATURE_NAMES], 5));
    const post = (q: string, body: BodyInit | null) =>
      modelsRoute.POST(req(`/api/v1/models${q}`, { method: 'POST', body }), params({}));
    const created = await post('?fileName=api.txt&name=api-model', bytes);
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({ name: 'api-model', version: 1, status: 'CANDIDATE' });
    const dup = await post('?fileName=api2.txt', bytes);
    expect(dup.status).toBe(409);
    expect((await dup.json()).error).toMatchObject({
      code: 'CONFLICT',
      message: 'Este mesmo arquivo já está registrado como api-model v1.',
      details: { reason: 'duplicate', version: 1 },
    });
    const names = [...FEATURE_NAMES];
    names[0] = 'idade';
    const refused = await post('?fileName=bad.txt', text(train(13, names, 3)));
    expect(refused.status).toBe(422);
    const err = (await refused.json()).error;
    expect(err.details).toMatchObject({
      reason: 'feature-mismatch',
      missing: [FEATURE_NAMES[0]],
      extra: ['idade'],
    });
    expect((await post('?fileName=empty.txt', null)).status).toBe(400);
    expect((await post('', bytes)).status).toBe(400);
    expect((await post('?fileName=x.txt&name=bad name!', bytes)).status).toBe(400);

    const promoted = await promoteRoute.POST(
      req(`/api/v1/models/${body.id}/promote`, { method: 'POST' }),
      params({ id: body.id }),
    );
    expect(promoted.status).toBe(200);
    expect((await promoted.json()).retired).toMatchObject({ name: 'proativa-lgbm', version: 1 });
    const back = await rollbackRoute.POST(req('/api/v1/models/rollback', { method: 'POST' }), params({}));
    expect((await back.json()).champion).toMatchObject({ name: 'proativa-lgbm', version: 1 });
  });

  it('runs the server actions for a data scientist and reports refusals in the state', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const v1 = await db.modelVersion.findFirstOrThrow({ where: { name: 'proativa-lgbm', version: 1 } });
    const api = await db.modelVersion.findFirstOrThrow({ where: { name: 'api-model' } });
    // The refusal is the registry's, translated in the user's locale (pt-BR by default) with its status.
    expect(await retireModel(null, { id: v1.id })).toMatchObject({
      ok: false,
      status: 409,
      message:
        'proativa-lgbm v1 é o campeão e pontua a produção; promova outra versão ou reverta para o campeão anterior em vez de aposentá-lo.',
    });
    expect(await setChallengerModel(null, { id: api.id })).toMatchObject({ ok: true });
    expect(await promoteModel(null, { id: api.id })).toMatchObject({
      ok: true,
      message: expect.stringContaining('api-model v1'),
    });
    expect(await rollbackModel(null, {})).toMatchObject({ ok: true });
    expect((await getChampion())?.id).toBe(v1.id);
    expect(await promoteModel(null, { id: 'not-a-uuid' })).toMatchObject({ ok: false });
    const unknown = await promoteModel(null, { id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown).toMatchObject({
      ok: false,
      status: 404,
      message: expect.stringMatching(/^Nenhuma versão/),
    });
  });
});

describe('npm run model -- register', () => {
  it('registers a file from the command line and refuses one with the wrong features', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-model-cli-'));
    try {
      const good = path.join(dir, 'cli.txt');
      fs.writeFileSync(good, text(train(21, [...FEATURE_NAMES], 5)));
      const out: string[] = [];
      const err: string[] = [];
      const io = { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) };
      expect(await modelCli(['register', good, '--name', 'cli-model'], io)).toBe(0);
      expect(out.join('')).toMatch(
        /registered cli-model v1 \(lightgbm-text, id [0-9a-f-]{36}\) as CANDIDATE/,
      );
      const row = await db.modelVersion.findFirstOrThrow({ where: { name: 'cli-model' } });
      expect(row.status).toBe('CANDIDATE');
      const names = [...FEATURE_NAMES];
      names[3] = 'renda';
      const bad = path.join(dir, 'bad.txt');
      fs.writeFileSync(bad, text(train(22, names, 3)));
      expect(await modelCli(['register', bad], io)).toBe(1);
      expect(err.join('')).toContain('refused (feature-mismatch)');
      expect(err.join('')).toContain('renda');
      expect(await modelCli(['register'], io)).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
