'use client';
// Savings simulator widget: prefilled with the client's balance and the 'simulator.rates' setting; recomputes in
// the browser with the pure lib/alerts/simulator.ts on every change. Placed inside <ClientIntl namespaces={['simulator']}>.
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import {
  invalidField,
  roundResult,
  simulate,
  SIMULATOR_LIMITS,
  type SimulatorRates,
} from '@/lib/alerts/simulator';
import { formatMoney, formatPercent } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';

export function SavingsSimulator({ balance, rates }: { balance: number; rates: SimulatorRates }) {
  const t = useTranslations('simulator');
  const locale = useLocale() as Locale;
  const [amount, setAmount] = useState(String(Math.round(balance * 100) / 100));
  const [term, setTerm] = useState(String(rates.defaultTermMonths));
  const [rot, setRot] = useState(String(+(rates.rotativoMonthlyRate * 100).toFixed(4)));
  const [plan, setPlan] = useState(String(+(rates.cardInstallmentMonthlyRate * 100).toFixed(4)));
  const [loan, setLoan] = useState(String(+(rates.loanMonthlyRate * 100).toFixed(4)));

  const num = (s: string) => (s.trim() === '' ? NaN : Number(s.replace(',', '.')));
  const input = {
    balance: num(amount),
    termMonths: num(term),
    rotativoMonthlyRate: num(rot) / 100,
    cardInstallmentMonthlyRate: num(plan) / 100,
    loanMonthlyRate: num(loan) / 100,
    iofFixedRate: rates.iofFixedRate,
    iofDailyRate: rates.iofDailyRate,
  };
  const bad = invalidField(input);
  // Cheap (a few dozen arithmetic steps): recomputed on every render, no memo needed.
  const result = bad ? null : simulate(input);

  const money = (v: number) => formatMoney(v, locale);
  const fieldLabel: Record<string, string> = {
    balance: t('balance'),
    termMonths: t('term'),
    rotativoMonthlyRate: t('rotativo'),
    cardInstallmentMonthlyRate: t('cardInstallment'),
    loanMonthlyRate: t('loan'),
  };

  return (
    <section className="card section" data-testid="savings-simulator">
      <h2>{t('title')}</h2>
      <p className="muted">{t('note')}</p>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.75rem' }}>
        <label>
          {t('balance')}
          <input
            className="input"
            type="number"
            min={0}
            max={SIMULATOR_LIMITS.maxBalance}
            step="0.01"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            data-testid="simulator-balance"
          />
        </label>
        <label>
          {t('term')}
          <input
            className="input"
            type="number"
            min={SIMULATOR_LIMITS.minTerm}
            max={SIMULATOR_LIMITS.maxTerm}
            step={1}
            value={term}
            onChange={(e) => setTerm(e.target.value)}
            data-testid="simulator-term"
          />
        </label>
        <label>
          {t('rotativo')}
          <input
            className="input"
            type="number"
            min={0}
            max={100}
            step="0.01"
            value={rot}
            onChange={(e) => setRot(e.target.value)}
            data-testid="simulator-rotativo"
          />
        </label>
        <label>
          {t('cardInstallment')}
          <input
            className="input"
            type="number"
            min={0}
            max={100}
            step="0.01"
            value={plan}
            onChange={(e) => setPlan(e.target.value)}
            data-testid="simulator-card-rate"
          />
        </label>
        <label>
          {t('loan')}
          <input
            className="input"
            type="number"
            min={0}
            max={100}
            step="0.01"
            value={loan}
            onChange={(e) => setLoan(e.target.value)}
            data-testid="simulator-loan-rate"
          />
        </label>
      </div>
      {bad || !result ? (
        <p role="alert" data-testid="simulator-invalid">
          {t('invalid', { field: fieldLabel[bad ?? 'balance'] ?? bad ?? '' })}
        </p>
      ) : (
        <>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '1rem', marginTop: '1rem' }}>
            <div className="card" data-testid="simulator-card">
              <h3>{t('cardPath')}</h3>
              <dl>
                <dt>{t('installment')}</dt>
                <dd data-testid="simulator-card-installment">{money(result.card.installment)}</dd>
                <dt>{t('totalPaid')}</dt>
                <dd data-testid="simulator-card-total">{money(result.card.totalPaid)}</dd>
                <dt>{t('totalInterest')}</dt>
                <dd>{money(result.card.totalInterest)}</dd>
              </dl>
              {result.card.capped ? <p className="muted">{t('capped')}</p> : null}
            </div>
            <div className="card" data-testid="simulator-loan">
              <h3>{t('loanPath')}</h3>
              <dl>
                <dt>{t('installment')}</dt>
                <dd data-testid="simulator-loan-installment">{money(result.loan.installment)}</dd>
                <dt>{t('totalPaid')}</dt>
                <dd data-testid="simulator-loan-total">{money(result.loan.totalPaid)}</dd>
                <dt>{t('totalInterest')}</dt>
                <dd>{money(result.loan.totalInterest)}</dd>
                <dt>{t('iof')}</dt>
                <dd>{money(result.loan.iof)}</dd>
              </dl>
              <p className="muted" data-testid="simulator-cet">
                {t('cet', {
                  monthly: formatPercent(result.loan.cetMonthly, locale, 2),
                  annual: formatPercent(result.loan.cetAnnual, locale, 1),
                })}
              </p>
            </div>
          </div>
          <p style={{ fontSize: '1.25rem', marginTop: '1rem' }}>
            {t('savings')}:{' '}
            <strong data-testid="simulator-savings">{money(roundResult(result).savings)}</strong>
          </p>
        </>
      )}
    </section>
  );
}
