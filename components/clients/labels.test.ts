import { describe, expect, it } from 'vitest';
import { createTranslator } from 'next-intl';
import { catalog } from '@/lib/i18n/catalog';
import { regionLabel, segmentLabel } from '@/components/clients/labels';

const t = (locale: 'pt-BR' | 'en') =>
  createTranslator({ locale, messages: catalog[locale], namespace: 'clients' });

describe('segment and region codes shown as labels', () => {
  it('names the product segments and Brazilian regions in the reader language', () => {
    expect(['AFFLUENT', 'MASS', 'PRIVATE'].map((c) => segmentLabel(t('pt-BR'), c))).toEqual([
      'Alta renda',
      'Massificado',
      'Private',
    ]);
    expect(segmentLabel(t('en'), 'MASS')).toBe('Mass market');
    expect(['SE', 'NE', 'S', 'CO', 'N'].map((c) => regionLabel(t('pt-BR'), c))).toEqual([
      'Sudeste',
      'Nordeste',
      'Sul',
      'Centro-Oeste',
      'Norte',
    ]);
  });

  it("shows a code the catalogue does not know exactly as stored (a bank's own segment)", () => {
    expect(segmentLabel(t('pt-BR'), 'VAREJO_PJ')).toBe('VAREJO_PJ');
    expect(segmentLabel(t('pt-BR'), '<b>VIP</b>')).toBe('<b>VIP</b>');
    expect(segmentLabel(t('pt-BR'), 'MASS.x')).toBe('MASS.x');
    expect(regionLabel(t('pt-BR'), 'SP')).toBe('SP');
    expect(segmentLabel(t('pt-BR'), '')).toBe('');
  });
});
