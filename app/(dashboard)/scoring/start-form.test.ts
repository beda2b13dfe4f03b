// The providers' props types require `children`, so these .ts tests pass it as a prop to createElement.
/* eslint-disable react/no-children-prop */
// The start form as a data scientist sees it, rendered with the real pt-BR catalogue: the months newest first
// (the newest chosen), the champion and policy a run will use, and why it cannot start when one is missing.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { NextIntlClientProvider } from 'next-intl';
import { catalog } from '@/lib/i18n/catalog';

vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: vi.fn(), push: vi.fn() }) }));
vi.mock('@/lib/actions/start-scoring-run', () => ({ startScoringRun: vi.fn() }));

const { StartRunForm } = await import('./start-form');

function render(props: Parameters<typeof StartRunForm>[0]): string {
  const m = catalog['pt-BR'];
  return renderToString(
    createElement(NextIntlClientProvider, {
      locale: 'pt-BR',
      messages: { scoring: m.scoring, common: m.common },
      timeZone: 'America/Sao_Paulo',
      children: createElement(StartRunForm, props),
    }),
  );
}

describe('the start form', () => {
  it('offers the months as mm/aaaa, the newest selected, with the champion and the active policy', () => {
    const html = render({ months: ['2026-06', '2026-05'], champion: 'proativa-lgbm v3', policyVersion: 2 });
    expect(html).toMatch(
      /<option value="2026-06" selected="">06\/2026<\/option><option value="2026-05">05\/2026/,
    );
    expect(html).toContain('proativa-lgbm v3 (campeão)');
    expect(html).toContain('versão 2 (ativa)');
    expect(html).toMatch(/<button class="btn" type="submit">Iniciar pontuação<\/button>/);
  });

  it('says what is missing and cannot be submitted without a champion, a policy or a month', () => {
    const html = render({ months: [], champion: null, policyVersion: null });
    expect(html).toContain('Nenhum modelo campeão');
    expect(html).toContain('Nenhuma política de decisão ativa');
    expect(html).toContain('Nenhum mês com variáveis calculadas');
    expect(html).toMatch(/<button class="btn" type="submit" disabled="">/);
    expect(html).not.toContain('<select');
  });
});
