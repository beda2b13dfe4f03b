// The Campanhas server actions (create/start/stop experiment, campaigns:manage) and the channel provider
// settings (settings:manage): refused roles change nothing; field errors name the form's fields; an empty
// token or app secret keeps the stored value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { db } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { initialActionState } from '@/lib/actions/action-state';
import { createExperiment } from '@/lib/actions/create-experiment';
import { startExperiment } from '@/lib/actions/start-experiment';
import { stopExperiment } from '@/lib/actions/stop-experiment';
import { saveProviderSettings } from '@/lib/actions/save-provider-settings';
import { getSetting } from '@/lib/settings/store';
import { engagementProviders } from '@/lib/settings/engagement';

let t: TestDatabase;
let ids: Record<Role, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
});
afterAll(async () => {
  await t.drop();
});

const EXPERIMENT = {
  name: 'Tom da mensagem',
  band: 'MODERATE' as const,
  segment: null,
  variants: [
    { key: 'A', template: 'Olá {primeiroNome}, temos uma proposta.', weight: 1 },
    { key: 'B', template: '{primeiroNome}, sua parcela pode diminuir.', weight: 2 },
  ],
};

function form(v: Record<string, string>) {
  const f = new FormData();
  for (const [k, x] of Object.entries(v)) f.set(k, x);
  return f;
}

describe('experiment actions', () => {
  it('refuses a manager and an executive with nothing created', async () => {
    for (const role of ['MANAGER', 'EXECUTIVE'] as const) {
      signInAs(ids[role]);
      const r = await createExperiment(initialActionState, EXPERIMENT);
      expect(r.ok).toBe(false);
      expect(r.status).toBe(403);
    }
    expect(await db.experiment.count()).toBe(0);
  });

  it('answers field errors for the variants and the name', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const r = await createExperiment(initialActionState, {
      ...EXPERIMENT,
      name: '',
      variants: [{ key: 'A', template: 'Olá {desconhecido}', weight: 1 }],
    });
    expect(r.ok).toBe(false);
    expect(r.status).toBe(400);
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(expect.arrayContaining(['name', 'variants']));
    const r2 = await createExperiment(initialActionState, {
      ...EXPERIMENT,
      variants: [EXPERIMENT.variants[0]!, { key: 'B', template: 'Olá {desconhecido}', weight: 1 }],
    });
    expect(Object.keys(r2.fieldErrors ?? {})).toContain('variants.1.template');
    expect(await db.experiment.count()).toBe(0);
  });

  it('creates a draft, starts and stops it (data scientist), audited', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const r = await createExperiment(initialActionState, EXPERIMENT);
    expect(r.ok).toBe(true);
    expect(r.message).toContain('Tom da mensagem');
    const exp = await db.experiment.findFirstOrThrow({ include: { variants: true } });
    expect(exp.status).toBe('DRAFT');
    expect(exp.variants.map((v) => [v.key, v.weight]).sort()).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
    signInAs(ids.MANAGER);
    expect((await startExperiment(initialActionState, { id: exp.id })).status).toBe(403);
    signInAs(ids.ADMIN);
    expect((await startExperiment(initialActionState, { id: exp.id })).ok).toBe(true);
    expect((await db.experiment.findUniqueOrThrow({ where: { id: exp.id } })).status).toBe('RUNNING');
    // A second start is a domain refusal (409), not a failure.
    expect((await startExperiment(initialActionState, { id: exp.id })).status).toBe(409);
    expect((await stopExperiment(initialActionState, { id: exp.id })).ok).toBe(true);
    expect((await db.experiment.findUniqueOrThrow({ where: { id: exp.id } })).status).toBe('STOPPED');
    const actions = (await db.auditLog.findMany({ where: { target: `experiment:${exp.id}` } })).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['experiment.create', 'experiment.start', 'experiment.stop']),
    );
  });
});

describe('provider settings', () => {
  const FORM = {
    enabled: 'on',
    baseUrl: 'https://graph.facebook.com/v21.0',
    token: 'EAAB-secret-token-1234',
    phoneNumberId: '1098',
    appSecret: 'app-secret-abcd',
    verifyToken: 'verifica',
    templateName: 'oferta_proativa',
    languageCode: 'pt_BR',
  };

  it('is for admins only', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const r = await saveProviderSettings(initialActionState, form(FORM));
    expect(r.status).toBe(403);
    expect(await db.appSetting.count({ where: { key: engagementProviders.key } })).toBe(0);
  });

  it('saves, then keeps the stored secrets when their fields are empty', async () => {
    signInAs(ids.ADMIN);
    expect((await saveProviderSettings(initialActionState, form(FORM))).ok).toBe(true);
    let s = await getSetting(engagementProviders);
    expect(s.whatsapp.token).toBe(FORM.token);
    expect(s.whatsapp.enabled).toBe(true);
    const r = await saveProviderSettings(
      initialActionState,
      form({ ...FORM, enabled: '', token: '', appSecret: '', phoneNumberId: '2000' }),
    );
    expect(r.ok).toBe(true);
    s = await getSetting(engagementProviders);
    expect(s.whatsapp.token).toBe(FORM.token);
    expect(s.whatsapp.appSecret).toBe(FORM.appSecret);
    expect(s.whatsapp.phoneNumberId).toBe('2000');
    expect(s.whatsapp.enabled).toBe(false);
  });

  it('names the invalid field', async () => {
    signInAs(ids.ADMIN);
    const r = await saveProviderSettings(initialActionState, form({ ...FORM, baseUrl: 'não é endereço' }));
    expect(r.ok).toBe(false);
    expect(Object.keys(r.fieldErrors ?? {})).toContain('baseUrl');
  });
});
