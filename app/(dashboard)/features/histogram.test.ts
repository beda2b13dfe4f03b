// The histogram must not be a keyboard stop (axe: aria-hidden-focus on /features) and must say the same
// numbers to screen readers, formatted in the reader's language.
import { describe, expect, it } from 'vitest';
import { createElement, type ComponentProps } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { NextIntlClientProvider } from 'next-intl';
import { catalog } from '@/lib/i18n/catalog';
import { Histogram } from './histogram';

const bins = [
  { from: 0, to: 0.25, count: 12 },
  { from: 0.25, to: 0.5, count: 30 },
  { from: 0.5, to: 1.2, count: 0 },
];

function render(locale: 'pt-BR' | 'en', unit: 'ratio' | 'BRL' = 'ratio', data = bins) {
  const chart = createElement(Histogram, {
    bins: data,
    unit,
    caption: 'Distribuição de utilizacao_limite_media_3m',
  });
  // children go as createElement's third argument; the props type lists them, hence the cast.
  const props = {
    locale,
    messages: catalog[locale],
    timeZone: 'America/Sao_Paulo',
  } as ComponentProps<typeof NextIntlClientProvider>;
  return renderToStaticMarkup(createElement(NextIntlClientProvider, props, chart));
}

describe('feature histogram', () => {
  it('hides the chart from assistive technology and from the keyboard', () => {
    const html = render('pt-BR');
    expect(html).toMatch(/<svg[^>]*aria-hidden="true"/);
    expect(html).toMatch(/<svg[^>]*focusable="false"/);
    expect(html).not.toMatch(/tabindex/i);
    expect(html).not.toMatch(/<(a|button|input|select)\b/);
    expect(html.match(/<rect /g)).toHaveLength(3);
  });

  it('describes every bin in a table, with the values formatted by unit', () => {
    const html = render('pt-BR');
    expect(html).toContain('<caption>Distribuição de utilizacao_limite_media_3m</caption>');
    expect(html).toContain('<th scope="col">Faixa</th><th scope="col">Clientes</th>');
    expect(html).toContain('<td>25,0% a 50,0%</td><td>30</td>');
    expect(render('en')).toContain('<td>25.0% to 50.0%</td><td>30</td>');
    const money = render('pt-BR', 'BRL', [{ from: 1000, to: 2500, count: 7 }]).replace(/\u00a0/g, ' ');
    expect(money).toContain('<td>R$ 1.000 a R$ 2.500</td><td>7</td>');
  });
});
