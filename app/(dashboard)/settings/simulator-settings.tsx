'use client';
// Admin form for the savings simulator's rates (percentages), inside <ClientIntl namespaces={['simulator']}>.
import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { saveSimulatorSettings } from '@/lib/actions/save-simulator-settings';
import { initialActionState } from '@/lib/actions/action-state';
import type { SimulatorRates } from '@/lib/alerts/simulator';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';

const pct = (v: number) => String(+(v * 100).toFixed(6));

export function SimulatorSettingsForm({ rates }: { rates: SimulatorRates }) {
  const t = useTranslations('simulator');
  const [state, formAction, pending] = useActionState(saveSimulatorSettings, initialActionState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="inline-form" noValidate data-testid="simulator-settings">
      <Field
        id="sim-rotativo"
        name="rotativoMonthlyRate"
        label={t('rotativo')}
        type="number"
        step="0.01"
        defaultValue={pct(rates.rotativoMonthlyRate)}
        errors={errors.rotativoMonthlyRate}
        required
      />
      <Field
        id="sim-card"
        name="cardInstallmentMonthlyRate"
        label={t('cardInstallment')}
        type="number"
        step="0.01"
        defaultValue={pct(rates.cardInstallmentMonthlyRate)}
        errors={errors.cardInstallmentMonthlyRate}
        required
      />
      <Field
        id="sim-loan"
        name="loanMonthlyRate"
        label={t('loan')}
        type="number"
        step="0.01"
        defaultValue={pct(rates.loanMonthlyRate)}
        errors={errors.loanMonthlyRate}
        required
      />
      <Field
        id="sim-iof-fixed"
        name="iofFixedRate"
        label={t('iofFixed')}
        type="number"
        step="0.0001"
        defaultValue={pct(rates.iofFixedRate)}
        errors={errors.iofFixedRate}
        required
      />
      <Field
        id="sim-iof-daily"
        name="iofDailyRate"
        label={t('iofDaily')}
        type="number"
        step="0.0001"
        defaultValue={pct(rates.iofDailyRate)}
        errors={errors.iofDailyRate}
        required
      />
      <Field
        id="sim-term"
        name="defaultTermMonths"
        label={t('defaultTerm')}
        type="number"
        step="1"
        defaultValue={String(rates.defaultTermMonths)}
        errors={errors.defaultTermMonths}
        required
      />
      <button className="btn" type="submit" disabled={pending} data-testid="simulator-settings-save">
        {t('save')}
      </button>
      <FormStatus state={state} pending={pending} />
    </form>
  );
}
