'use client';
// Admin form for the outbox dispatch settings (the offer expiry), inside <ClientIntl namespaces={['campaigns']}>.
import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { saveDispatchSettings } from '@/lib/actions/save-dispatch-settings';
import { initialActionState } from '@/lib/actions/action-state';
import { FieldList } from '@/components/ui/field-list';
import { FormStatus } from '@/components/ui/form-status';

export function DispatchSettingsForm({ offerExpiryDays }: { offerExpiryDays: number }) {
  const t = useTranslations('campaigns');
  const [state, formAction, pending] = useActionState(saveDispatchSettings, initialActionState);
  return (
    <form action={formAction} className="inline-form" noValidate data-testid="dispatch-settings">
      <FieldList
        errors={state.fieldErrors ?? {}}
        fields={[
          {
            id: 'dispatch-expiry-days',
            name: 'offerExpiryDays',
            type: 'number',
            inputMode: 'numeric',
            min: 1,
            max: 365,
            step: 1,
            required: true,
            label: t('dispatch.offerExpiryDays'),
            hint: t('dispatch.offerExpiryHint'),
            defaultValue: offerExpiryDays,
          },
        ]}
      />
      <button className="btn" type="submit" disabled={pending} data-testid="dispatch-settings-save">
        {t('dispatch.save')}
      </button>
      <FormStatus state={state} pending={pending} testId="dispatch-settings-status" />
    </form>
  );
}
