import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@/lib/policy/policy';
import {
  parsePolicyNumber,
  policyProposalSchema,
  policyVersionInput,
  proposalFieldOf,
  proposePolicyForm,
} from '@/lib/validations/policy';
import { translateIssue } from '@/lib/validations/issues';

const form = {
  moderateThreshold: '0,20',
  criticalThreshold: '0,5',
  holdoutShare: '5%',
  holdoutSalt: ' v1 ',
  performanceWindowMonths: '3',
  channel1: 'APP',
  channel2: 'WHATSAPP',
  channel3: 'SMS',
  channel4: 'EMAIL',
  note: 'Mesmas regras, escritas no formulário.',
};

/** The form's field -> translated messages, as the action shows them. */
function formErrors(input: Record<string, string>) {
  const r = proposePolicyForm.safeParse(input);
  expect(r.success).toBe(false);
  const out: Record<string, string[]> = {};
  for (const issue of r.error!.issues)
    (out[proposalFieldOf(issue.path)] ??= []).push(translateIssue(issue, 'pt-BR'));
  return out;
}

describe('policy numbers typed in a form', () => {
  it.each([
    ['0,20', 0.2],
    ['0.2', 0.2],
    [' 0,125 ', 0.125],
    ['20%', 0.2],
    ['12,5 %', 0.125],
    ['5%', 0.05],
  ])('reads %s as %s', (typed, value) => expect(parsePolicyNumber(typed)).toBe(value));

  it('leaves what is not a number as typed, for the schema to refuse', () => {
    for (const s of ['1.000,5', 'abc', '%', '20%%', '']) expect(parsePolicyNumber(s)).toBe(s);
  });
});

describe('the propose form', () => {
  it('turns the fields into the same rules the API takes', () => {
    const { version: _v, ...rules } = DEFAULT_POLICY;
    expect(proposePolicyForm.parse(form)).toEqual({ rules, note: form.note });
    expect(policyProposalSchema.parse({ rules, note: 'x' }).rules).toEqual(rules);
  });

  it('keeps the channel order chosen and skips empty choices', () => {
    const r = proposePolicyForm.parse({
      ...form,
      channel1: '',
      channel2: 'SMS',
      channel3: 'APP',
      channel4: '',
    });
    expect(r.rules.bands.MODERATE.channelPreference).toEqual(['SMS', 'APP']);
  });

  it('puts every error next to its field, all at once, in Portuguese', () => {
    const e = formErrors({
      ...form,
      moderateThreshold: '0,6',
      criticalThreshold: '0,5',
      holdoutShare: '60%',
      performanceWindowMonths: '2,5',
      channel3: 'APP',
    });
    expect(e).toEqual({
      criticalThreshold: ['O limiar CRÍTICO deve ser maior que o limiar MODERADO.'],
      holdoutShare: ['Informe uma parcela de 0 a 0,5 (de 0% a 50%), como 0,05 ou 5%.'],
      performanceWindowMonths: ['Informe um número inteiro de meses, de 1 a 12.'],
      channelPreference: ['Cada canal pode aparecer uma vez só na ordem de preferência.'],
    });
  });

  it('refuses text where a threshold goes, no channel at all, a blank note and an unknown channel', () => {
    expect(formErrors({ ...form, moderateThreshold: 'vinte' }).moderateThreshold).toEqual([
      'Informe uma probabilidade maior que 0 e menor que 1, como 0,20 ou 20%.',
    ]);
    expect(
      formErrors({ ...form, channel1: '', channel2: '', channel3: '', channel4: '' }).channelPreference,
    ).toEqual(['Escolha pelo menos um canal para a oferta digital.']);
    expect(formErrors({ ...form, note: '   ' }).note).toEqual(['Campo obrigatório.']);
    expect(formErrors({ ...form, note: 'a\u0000b' }).note).toHaveLength(1);
    expect(formErrors({ ...form, channel1: 'TELEGRAM' }).channelPreference).toEqual([
      'Canal inválido: use App, WhatsApp, SMS ou E-mail.',
    ]);
  });

  it('refuses a note over 2,000 characters', () => {
    expect(formErrors({ ...form, note: 'x'.repeat(2001) }).note).toEqual(['Texto longo demais.']);
  });
});

describe('a version number', () => {
  it('comes from a form field, a route segment or JSON', () => {
    expect(policyVersionInput.parse({ version: '3' })).toEqual({ version: 3 });
    expect(policyVersionInput.parse({ version: 3 })).toEqual({ version: 3 });
  });

  it.each(['0', '-1', '2.5', 'abc', '99999999999', '1e3', ''])('refuses %j', (v) => {
    expect(policyVersionInput.safeParse({ version: v }).success).toBe(false);
  });
});
