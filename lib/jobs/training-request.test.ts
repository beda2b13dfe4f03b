// The training request as the form sends it: decimals typed with either separator, bad numbers and windows
// refused with the field they belong to.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HYPER_PARAMS,
  formFieldOf,
  parseLocaleNumber,
  requestFromForm,
  trainingRequestSchema,
} from '@/lib/jobs/training-request';

const fromForm = (fields: Record<string, string>) =>
  trainingRequestSchema.safeParse(requestFromForm({ trainFrom: '2025-01', trainTo: '2025-06', ...fields }));

/** Form field -> the message keys of its issues, joined (most fields have one). */
function fieldsOf(r: ReturnType<typeof fromForm>) {
  const out: Record<string, string> = {};
  for (const i of r.error?.issues ?? []) {
    const f = formFieldOf(i.path);
    out[f] = out[f] ? `${out[f]} ${i.message}` : i.message;
  }
  return out;
}

describe('decimals in the training form', () => {
  it('reads a pt-BR comma and a point as the same number', () => {
    for (const typed of ['0,05', '0.05', ' 0,05 ', ',05']) {
      const r = fromForm({ learning_rate: typed, feature_fraction: '0,8', bagging: '1' });
      expect(r.success, typed).toBe(true);
      expect(r.data?.params).toMatchObject({ learning_rate: 0.05, feature_fraction: 0.8, bagging: 1 });
    }
  });

  it('refuses grouped, doubled or non-numeric decimals instead of guessing', () => {
    for (const typed of ['1.000,5', '0,0,5', '5%', 'abc', '1e-2', '0x1']) {
      expect(fieldsOf(fromForm({ learning_rate: typed })), typed).toEqual({ learning_rate: 'invalidNumber' });
    }
    expect(parseLocaleNumber('1.000,5')).toBe('1.000,5');
  });

  it('refuses zero and fractions where a whole number is needed, and uses defaults for empty fields', () => {
    expect(fieldsOf(fromForm({ learning_rate: '0' }))).toEqual({ learning_rate: 'positive' });
    expect(fieldsOf(fromForm({ num_leaves: '7,5' }))).toEqual({ num_leaves: 'wholeNumber' });
    const r = fromForm({ num_leaves: '', learning_rate: ' ' });
    expect(r.data?.params).toEqual(DEFAULT_HYPER_PARAMS);
  });

  it('still takes numbers from the JSON API unchanged', () => {
    const r = trainingRequestSchema.safeParse({
      trainWindow: { from: '2025-01', to: '2025-06' },
      params: { learning_rate: 0.1, num_leaves: 31 },
    });
    expect(r.data?.params).toMatchObject({ learning_rate: 0.1, num_leaves: 31 });
  });
});

describe('windows and names', () => {
  it('names the field of each window error', () => {
    expect(fieldsOf(fromForm({ trainFrom: '2024-13' }))).toEqual({ trainFrom: 'invalidYearMonth' });
    expect(fieldsOf(fromForm({ trainTo: '2024-12' }))).toEqual({ trainTo: 'training.windowOrder' });
    expect(fieldsOf(fromForm({ validFrom: '2025-06', validTo: '2025-07' }))).toEqual({
      validFrom: 'training.validAfterTrain',
    });
    expect(
      fieldsOf(fromForm({ validFrom: '2025-07', validTo: '2025-08', ootFrom: '2025-08', ootTo: '2025-09' })),
    ).toEqual({ ootFrom: 'training.ootAfterValid' });
  });

  it('refuses a model name with a NUL or characters outside the file-name alphabet', () => {
    expect(fieldsOf(fromForm({ name: 'a\u0000b' })).name).toContain('controlCharacters');
    expect(fieldsOf(fromForm({ name: 'my model' }))).toEqual({ name: 'modelName' });
    expect(fromForm({ name: 'proativa-lgbm_2.1' }).success).toBe(true);
  });
});

describe('all errors at once', () => {
  it('reports a window error together with a bad number, so the form shows both', () => {
    expect(fieldsOf(fromForm({ validFrom: '2025-06', validTo: '2025-07', num_leaves: 'x' }))).toEqual({
      validFrom: 'training.validAfterTrain',
      num_leaves: 'invalidNumber',
    });
  });
});
