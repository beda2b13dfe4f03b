// What the action factory answers, through real actions: validation errors next to their field in the caller's
// language (pt-BR unless the locale cookie says en), control characters in names refused, a refusal thrown by
// lib/ (AppError) translated, and an unexpected failure answered without internals.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { session, signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createRoleUsers } from '@/lib/test/users';
import { db } from '@/lib/db';
import type { Role } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { action } from '@/lib/actions/action';
import { initialActionState } from '@/lib/actions/action-state';
import { createUser } from '@/lib/actions/create-user';
import { createApiKey } from '@/lib/actions/create-api-key';
import { promoteModel } from '@/lib/actions/promote-model';
import { startTraining } from '@/lib/actions/start-training';

let t: TestDatabase;
let ids: Record<Role, string>;

function form(v: Record<string, string>) {
  const f = new FormData();
  for (const [k, x] of Object.entries(v)) f.set(k, x);
  return f;
}

const badUser = () =>
  createUser(
    initialActionState,
    form({ name: 'Ana', email: 'not-an-email', role: 'MANAGER', password: 'long-enough-password' }),
  );

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createRoleUsers();
});
afterEach(() => session.cookies.clear());
afterAll(() => t.drop());

describe('validation errors in the caller’s language', () => {
  it('answers in Brazilian Portuguese by default', async () => {
    signInAs(ids.ADMIN);
    expect(await badUser()).toEqual({
      ok: false,
      status: 400,
      message: 'Verifique os campos destacados.',
      fieldErrors: { email: ['Informe um e-mail válido.'] },
    });
  });

  it('answers in English when the locale cookie is en', async () => {
    signInAs(ids.ADMIN);
    session.cookies.set('locale', 'en');
    expect(await badUser()).toEqual({
      ok: false,
      status: 400,
      message: 'Check the highlighted fields.',
      fieldErrors: { email: ['Enter a valid e-mail address.'] },
    });
  });

  it('puts the training form’s errors under its own field names, in both languages', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const before = await db.trainingJob.count();
    const input = {
      trainFrom: '2025-01',
      trainTo: '2025-06',
      validFrom: '2025-05',
      validTo: '2025-07',
      num_leaves: '1',
      learning_rate: '1.000,5',
    };
    const pt = await startTraining(null, input);
    expect(pt.fieldErrors).toEqual({
      num_leaves: ['O valor mínimo é 2.'],
      learning_rate: ['Informe um número (decimais com vírgula ou ponto).'],
      validFrom: ['A janela de validação deve começar depois da janela de treino.'],
    });
    session.cookies.set('locale', 'en');
    const en = await startTraining(null, input);
    expect(en.fieldErrors).toEqual({
      num_leaves: ['The minimum is 2.'],
      learning_rate: ['Enter a number (decimals with a point or a comma).'],
      validFrom: ['The validation window must start after the training window.'],
    });
    expect(await db.trainingJob.count()).toBe(before);
  });
});

describe('control characters in names', () => {
  const nul = 'Ana\u0000Maria';
  const controlMessage = 'O texto contém caracteres de controle (como NUL) que não são aceitos.';

  it('refuse a user whose name has a NUL, as an error on the name field', async () => {
    signInAs(ids.ADMIN);
    const r = await createUser(
      initialActionState,
      form({ name: nul, email: 'nul@test.local', role: 'MANAGER', password: 'long-enough-password' }),
    );
    expect(r).toMatchObject({ ok: false, status: 400, fieldErrors: { name: [controlMessage] } });
    expect(await db.user.findUnique({ where: { email: 'nul@test.local' } })).toBeNull();
  });

  it('refuse an API key and a model name with a control character', async () => {
    signInAs(ids.ADMIN);
    const keysBefore = await db.apiKey.count();
    const key = await createApiKey(initialActionState, form({ name: 'etl\u0007', role: 'DATA_SCIENTIST' }));
    expect(key.fieldErrors?.name).toContain(controlMessage);
    expect(await db.apiKey.count()).toBe(keysBefore);

    signInAs(ids.DATA_SCIENTIST);
    const training = await startTraining(null, { name: nul, trainFrom: '2025-01', trainTo: '2025-06' });
    expect(training.fieldErrors?.name).toContain(controlMessage);
  });
});

describe('refusals and failures from the work', () => {
  it('translates an AppError thrown by the registry, with its status', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const id = '00000000-0000-4000-8000-00000000abcd';
    expect(await promoteModel(null, { id })).toEqual({
      ok: false,
      status: 404,
      message: `Nenhuma versão de modelo com o id ${id}.`,
    });
    session.cookies.set('locale', 'en');
    expect((await promoteModel(null, { id })).message).toBe(`No model version with id ${id}.`);
  });

  it('shows an AppError that names a field next to that field', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const probe = action('profile:view', z.object({ id: z.string() }), async ({ id }) => {
      throw new AppError('model.notFound', { id }, 404, 'id');
    });
    expect(await probe(null, { id: 'x-1' })).toEqual({
      ok: false,
      status: 404,
      message: 'Nenhuma versão de modelo com o id x-1.',
      fieldErrors: { id: ['Nenhuma versão de modelo com o id x-1.'] },
    });
  });

  it('answers an unexpected failure with a generic message and no internals', async () => {
    signInAs(ids.DATA_SCIENTIST);
    const probe = action('profile:view', z.object({}), async () => {
      throw new Error('connection to 10.0.0.5:5432 refused (password for proativa)');
    });
    const r = await probe(null, {});
    expect(r).toEqual({
      ok: false,
      status: 500,
      message: 'Erro inesperado no servidor. Ele foi registrado.',
    });
  });
});
