'use client';
// Savings simulator widget: prefilled with the client's balance and the 'simulator.rates' setting; recomputes in
// the browser with the pure lib/alerts/simulator.ts on every change. Placed inside <ClientIntl namespaces={['simulator']}>.
import { Fragment, useState, type ReactNode } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import {
  invalidField,
  roundResult,
  simulate,
  SIMULATOR_LIMITS,
  type CardPath,
  type SimulatorRates,
} from '@/lib/alerts/simulator';
import { formatMoney, formatPercent } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';

/** One number the simulator takes, typed in place; by default a monthly rate in percent (0 to 100). */
function NumberInput({
  label,
  testId,
  value,
  onChange,
  min = 0,
  max = 100,
  step = '0.01',
}: {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  min?: number;
  max?: number;
  step?: number | string;
}) {
  return (
    <label>
      {label}
      <input
        className="input"
        type="number"
        min={min}
        max={max}
        step={step}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </label>
  );
}

/**
 * One side of the comparison (the card's installment plan or the loan): the figures both sides have, then the
 * side's own rows (the loan's IOF) and any note below them.
 */
function PathCard({
  side,
  path,
  extra = [],
  children,
}: {
  side: 'card' | 'loan';
  path: Pick<CardPath, 'installment' | 'totalPaid' | 'totalInterest'>;
  extra?: { label: string; value: number }[];
  children?: ReactNode;
}) {
  const t = useTranslations('simulator');
  const locale = useLocale() as Locale;
  const rows: { label: string; value: number; testId?: string }[] = [
    { label: t('installment'), value: path.installment, testId: `simulator-${side}-installment` },
    { label: t('totalPaid'), value: path.totalPaid, testId: `simulator-${side}-total` },
    { label: t('totalInterest'), value: path.totalInterest },
    ...extra,
  ];
  return (
    <div className="card" data-testid={`simulator-${side}`}>
      <h3>{t(side === 'card' ? 'cardPath' : 'loanPath')}</h3>
      <dl>
        {rows.map((r) => (
          <Fragment key={r.label}>
            <dt>{r.label}</dt>
            <dd data-testid={r.testId}>{formatMoney(r.value, locale)}</dd>
          </Fragment>
        ))}
      </dl>
      {children}
    </div>
  );
}

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
        <NumberInput
          label={t('balance')}
          testId="simulator-balance"
          max={SIMULATOR_LIMITS.maxBalance}
          value={amount}
          onChange={setAmount}
        />
        <NumberInput
          label={t('term')}
          testId="simulator-term"
          min={SIMULATOR_LIMITS.minTerm}
          max={SIMULATOR_LIMITS.maxTerm}
          step={1}
          value={term}
          onChange={setTerm}
        />
        <NumberInput label={t('rotativo')} testId="simulator-rotativo" value={rot} onChange={setRot} />
        <NumberInput
          label={t('cardInstallment')}
          testId="simulator-card-rate"
          value={plan}
          onChange={setPlan}
        />
        <NumberInput label={t('loan')} testId="simulator-loan-rate" value={loan} onChange={setLoan} />
      </div>
      {bad || !result ? (
        <p role="alert" data-testid="simulator-invalid">
          {t('invalid', { field: fieldLabel[bad ?? 'balance'] ?? bad ?? '' })}
        </p>
      ) : (
        <>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '1rem', marginTop: '1rem' }}>
            <PathCard side="card" path={result.card}>
              {result.card.capped ? <p className="muted">{t('capped')}</p> : null}
            </PathCard>
            <PathCard side="loan" path={result.loan} extra={[{ label: t('iof'), value: result.loan.iof }]}>
              <p className="muted" data-testid="simulator-cet">
                {t('cet', {
                  monthly: formatPercent(result.loan.cetMonthly, locale, 2),
                  annual: formatPercent(result.loan.cetAnnual, locale, 1),
                })}
              </p>
            </PathCard>
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
