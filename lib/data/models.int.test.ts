// The Modelos pages' reads against a real registry: unknown or malformed ids are "not found" (the pages answer
// 404 rather than an error page), the champion is named for the promotion dialog, and the default model's card
// comes back from the registry with every generated sentence translatable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { registerDefaultModel } from '@/lib/models/default-model';
import { getChampionName, getModelComparison, getModelVersion } from '@/lib/data/models';
import { cardTexts } from '@/lib/models/card-text';
import { AuthError } from '@/lib/auth/session';
import type { Role } from '@/lib/auth/roles';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

let t: TestDatabase;
let ids: Record<Role, string>;
let champion: string;
beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
  const r = await registerDefaultModel(null);
  if (!r.registered) throw new Error(r.reason);
  champion = r.id;
});
afterAll(() => t.drop());

describe('Modelos reads', () => {
  it('answers null for an unknown or malformed version id, so the page can answer 404', async () => {
    signInAs(ids.DATA_SCIENTIST);
    expect(await getModelVersion(UNKNOWN)).toBeNull();
    expect(await getModelVersion('not-a-uuid')).toBeNull();
    expect(await getModelVersion("1' or '1'='1")).toBeNull();
    expect((await getModelVersion(champion))?.name).toBe('proativa-default');
  });

  it('compares two known versions and answers null when either is unknown or malformed', async () => {
    signInAs(ids.ADMIN);
    expect(await getModelComparison(champion, UNKNOWN)).toBeNull();
    expect(await getModelComparison(UNKNOWN, champion)).toBeNull();
    expect(await getModelComparison('x', champion)).toBeNull();
    const c = await getModelComparison(champion, champion);
    expect(c?.features.sameOrder).toBe(true);
    expect(c?.metrics.find((m) => m.split === 'outOfTime' && m.metric === 'auc')?.a).toBeGreaterThan(0.7);
  });

  it('names the current champion', async () => {
    signInAs(ids.DATA_SCIENTIST);
    expect(await getChampionName()).toEqual({ id: champion, name: 'proativa-default', version: 1 });
  });

  it("keeps the default model's generated card text recognisable after registration", async () => {
    signInAs(ids.DATA_SCIENTIST);
    const m = await getModelVersion(champion);
    const texts = cardTexts(m!.card, { count: String, month: String });
    expect(texts.description && 'key' in texts.description).toBe(true);
    expect(texts.notes.length).toBeGreaterThan(0);
    expect(texts.notes.filter((n) => !('key' in n))).toEqual([]);
  });

  it('refuses roles without models:view', async () => {
    signInAs(ids.EXECUTIVE);
    await expect(getModelComparison(champion, champion)).rejects.toBeInstanceOf(AuthError);
    await expect(getChampionName()).rejects.toBeInstanceOf(AuthError);
  });
});
