// The providers' props types require `children`, so these .ts tests pass it as a prop to createElement.
/* eslint-disable react/no-children-prop */
// The savings simulator as a manager first sees it, rendered with the real pt-BR catalogue: the five inputs
// prefilled from the balance and the rates, and both paths' figures (the card's and the loan's) as
// lib/alerts/simulator.ts computes them, each figure under the label and test id the alert page relies on.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NextIntlClientProvider } from 'next-intl';
import { catalog } from '@/lib/i18n/catalog';
import { DEFAULT_SIMULATOR_RATES as rates, roundResult, simulate } from '@/lib/alerts/simulator';
import { formatMoney } from '@/lib/format';
import { SavingsSimulator } from './savings-simulator';

function render(balance: number): string {
  const m = catalog['pt-BR'];
  return renderToString(
    createElement(NextIntlClientProvider, {
      locale: 'pt-BR',
      messages: { simulator: m.simulator },
      timeZone: 'America/Sao_Paulo',
      children: createElement(SavingsSimulator, { balance, rates }),
    }),
  );
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('SavingsSimulator', () => {
  it('prefills each input, labelled, with its bounds', () => {
    const html = render(1234.567);
    const input = (testId: string) => new RegExp(`<input [^>]*data-testid="${testId}"[^>]*>`).exec(html)![0];
    expect(input('simulator-balance')).toMatch(
      /type="number" min="0" max="10000000" step="0.01".*value="1234.57"/,
    );
    expect(input('simulator-term')).toMatch(/min="1" max="72" step="1".*value="12"/);
    expect(input('simulator-rotativo')).toMatch(/min="0" max="100" step="0.01".*value="14.5"/);
    expect(input('simulator-card-rate')).toMatch(/min="0" max="100" step="0.01".*value="8.5"/);
    expect(input('simulator-loan-rate')).toMatch(/min="0" max="100" step="0.01".*value="4.5"/);
    const m = catalog['pt-BR'].simulator;
    for (const label of [m.balance, m.term, m.rotativo, m.cardInstallment, m.loan]) {
      expect(html).toContain(`<label>${label}<input`);
    }
  });

  it('shows both paths, the loan with its IOF, and the savings, as simulate() computes them', () => {
    const html = render(5000);
    const r = simulate({ ...rates, balance: 5000, termMonths: rates.defaultTermMonths });
    const money = (v: number) => formatMoney(v, 'pt-BR');
    const m = catalog['pt-BR'].simulator;
    const card = /data-testid="simulator-card">(.*?)<\/div>/.exec(html)![1]!;
    expect(text(card)).toBe(
      `${m.cardPath} ${m.installment} ${money(r.card.installment)} ${m.totalPaid} ${money(r.card.totalPaid)} ${m.totalInterest} ${money(r.card.totalInterest)}`.replace(
        /\s+/g,
        ' ',
      ),
    );
    expect(card).toContain(`data-testid="simulator-card-installment">${money(r.card.installment)}</dd>`);
    expect(card).toContain(`data-testid="simulator-card-total">${money(r.card.totalPaid)}</dd>`);
    const loan = /data-testid="simulator-loan">(.*?)<\/div>/.exec(html)![1]!;
    expect(loan).toContain(`data-testid="simulator-loan-installment">${money(r.loan.installment)}</dd>`);
    expect(loan).toContain(`data-testid="simulator-loan-total">${money(r.loan.totalPaid)}</dd>`);
    expect(loan).toContain(`<dt>${m.iof}</dt><dd>${money(r.loan.iof)}</dd>`);
    expect(loan).toContain('data-testid="simulator-cet"');
    expect(html).toContain(`data-testid="simulator-savings">${money(roundResult(r).savings)}</strong>`);
  });
});
