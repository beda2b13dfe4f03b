// Reason codes as people read them: the feature's business name and its value in its unit, per locale.
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '@/lib/features/fs-v1';
import { hasKey } from '@/lib/i18n/translate';
import { describeReason, describeReasons } from './reasons';

describe('describeReason', () => {
  it('names the feature and formats a ratio as a percentage, in pt-BR and English', () => {
    const r = { feature: 'utilizacao_limite_media_3m', contribution: 0.41, value: 0.92 };
    expect(describeReason(r, 'pt-BR')).toEqual({
      ...r,
      label: 'Utilização média do limite em 3 meses',
      formattedValue: '92,0%',
      text: 'Utilização média do limite em 3 meses: 92,0%',
    });
    expect(describeReason(r, 'en').text).toBe('Average limit utilization over 3 months: 92.0%');
  });

  it('formats money in reais, delays as whole months, flags as words and a missing value as such', () => {
    const [money, delay, flag, missing] = describeReasons(
      [
        { feature: 'saldo_rotativo_medio_3m', contribution: 0.3, value: 1234.5 },
        { feature: 'atraso_max_6m', contribution: 0.2, value: 2 },
        { feature: 'scr_atraso', contribution: 0.1, value: 1 },
        { feature: 'limite_credito', contribution: 0.05, value: null },
      ],
      'pt-BR',
    );
    expect(money!.text).toMatch(/^Saldo rotativo médio em 3 meses: R\$\s1\.234,50$/);
    expect(delay!.text).toBe('Maior atraso em 6 meses (meses): 2');
    expect(flag!.text).toBe('Dívida vencida no SCR: sim');
    expect(missing!.text).toBe('Limite de crédito: ausente');
  });

  it('has a business name for every fs-v1 feature in both locales, and keeps an unknown feature’s own name', () => {
    for (const f of FEATURE_NAMES) {
      expect(hasKey('pt-BR', `decisions.reason.feature.${f}`), f).toBe(true);
      expect(hasKey('en', `decisions.reason.feature.${f}`), f).toBe(true);
    }
    expect(describeReason({ feature: 'x_nova', contribution: 1, value: 3 }, 'en').label).toBe('x_nova');
  });
});
