// The default model of a fresh install: registered from models/ and made champion when the registry is empty,
// left alone otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { db } from '@/lib/db';
import { registerDefaultModel } from '@/lib/models/default-model';
import type { ModelCard } from '@/lib/models/card';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('registerDefaultModel', () => {
  it('registers models/ as the champion with its card and LightGBM text on an empty registry', async () => {
    const r = await registerDefaultModel(null);
    expect(r).toMatchObject({ registered: true, name: 'proativa-default', version: 1 });
    const m = await db.modelVersion.findFirstOrThrow();
    expect(m.status).toBe('CHAMPION');
    expect(m.lightgbmText).toBe(fs.readFileSync(path.resolve('models/proativa-default.txt'), 'utf8'));
    const card = m.card as unknown as ModelCard;
    const onDisk = JSON.parse(fs.readFileSync(path.resolve('models/model-card.json'), 'utf8')) as ModelCard;
    expect(card.metrics!.outOfTime!.auc).toBe(onDisk.metrics!.outOfTime!.auc);
    expect(card.training!.reproduce).toBe('npm run model:default');
    expect((m.parity as { ok: boolean }).ok).toBe(true);
  });

  it('does nothing once the registry has a model', async () => {
    expect(await registerDefaultModel(null)).toEqual({
      registered: false,
      reason: 'the registry already has models',
    });
    expect(await db.modelVersion.count()).toBe(1);
  });

  it('says which file is missing instead of failing', async () => {
    await db.modelVersion.deleteMany();
    const r = await registerDefaultModel(null, path.resolve('no-such-dir'));
    expect(r.registered).toBe(false);
    expect(!r.registered && r.reason).toContain(
      'proativa-default.onnx is missing (run npm run model:default)',
    );
  });
});
