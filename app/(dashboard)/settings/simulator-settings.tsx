'use client';
// Admin form for the savings simulator's rates (percentages), inside <ClientIntl namespaces={['simulator']}>.
import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { saveSimulatorSettings } from '@/lib/actions/save-simulator-settings';
import { initialActionState } from '@/lib/actions/action-state';
import type { SimulatorRates } from '@/lib/alerts/simulator';
import { FieldList } from '@/components/ui/field-list';
import { FormStatus } from '@/components/ui/form-status';

const pct = (v: number) => String(+(v * 100).toFixed(6));

/** The rate rows, typed as percentages (label: a simulator.* key). */
const RATE_FIELDS = [
  { id: 'sim-rotativo', name: 'rotativoMonthlyRate', label: 'rotativo', step: '0.01' },
  { id: 'sim-card', name: 'cardInstallmentMonthlyRate', label: 'cardInstallment', step: '0.01' },
  { id: 'sim-loan', name: 'loanMonthlyRate', label: 'loan', step: '0.01' },
  { id: 'sim-iof-fixed', name: 'iofFixedRate', label: 'iofFixed', step: '0.0001' },
  { id: 'sim-iof-daily', name: 'iofDailyRate', label: 'iofDaily', step: '0.0001' },
] as const;

export function SimulatorSettingsForm({ rates }: { rates: SimulatorRates }) {
  const t = useTranslations('simulator');
  const [state, formAction, pending] = useActionState(saveSimulatorSettings, initialActionState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="inline-form" noValidate data-testid="simulator-settings">
      <FieldList
        errors={errors}
        shared={{ type: 'number', required: true }}
        fields={[
          ...RATE_FIELDS.map((f) => ({ ...f, label: t(f.label), defaultValue: pct(rates[f.name]) })),
          {
            id: 'sim-term',
            name: 'defaultTermMonths',
            label: t('defaultTerm'),
            step: '1',
            defaultValue: String(rates.defaultTermMonths),
          },
        ]}
      />
      <button className="btn" type="submit" disabled={pending} data-testid="simulator-settings-save">
        {t('save')}
      </button>
      <FormStatus state={state} pending={pending} />
    </form>
  );
}
