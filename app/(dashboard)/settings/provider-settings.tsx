'use client';
// Admin form for the channel providers (WhatsApp Cloud API), inside <ClientIntl namespaces={['campaigns']}>.
// The token and app secret arrive already masked (maskSecret on the server); their fields start empty and an
// empty field keeps the stored value.
import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { saveProviderSettings } from '@/lib/actions/save-provider-settings';
import { initialActionState } from '@/lib/actions/action-state';
import { FieldList } from '@/components/ui/field-list';
import { FormStatus } from '@/components/ui/form-status';

export interface ProviderSettingsView {
  enabled: boolean;
  baseUrl: string;
  phoneNumberId: string;
  verifyToken: string;
  templateName: string;
  languageCode: string;
  /** Masked (never the secret itself). */
  tokenMasked: string;
  appSecretMasked: string;
}

export function ProviderSettingsForm({ settings }: { settings: ProviderSettingsView }) {
  const t = useTranslations('campaigns');
  const [state, formAction, pending] = useActionState(saveProviderSettings, initialActionState);
  const errors = state.fieldErrors ?? {};
  // A plain setting shows its stored value; a secret starts empty, its hint saying whether one is stored.
  const text = (id: string, name: 'phoneNumberId' | 'verifyToken' | 'templateName' | 'languageCode') => ({
    id,
    name,
    label: t(`providers.${name}`),
    defaultValue: settings[name],
  });
  const secret = (id: string, name: 'token' | 'appSecret', masked: string) => ({
    id,
    name,
    type: 'password',
    autoComplete: 'off',
    label: t(`providers.${name}`),
    hint: masked ? t('providers.secretHint', { masked }) : t('providers.secretEmpty'),
    defaultValue: '',
  });
  return (
    <form action={formAction} className="inline-form" noValidate data-testid="provider-settings">
      <FieldList
        errors={errors}
        fields={[
          {
            id: 'prov-enabled',
            name: 'enabled',
            type: 'checkbox',
            label: t('providers.enabled'),
            defaultChecked: settings.enabled,
          },
          {
            id: 'prov-base-url',
            name: 'baseUrl',
            type: 'url',
            label: t('providers.baseUrl'),
            defaultValue: settings.baseUrl,
          },
          secret('prov-token', 'token', settings.tokenMasked),
          text('prov-phone-id', 'phoneNumberId'),
          secret('prov-app-secret', 'appSecret', settings.appSecretMasked),
          text('prov-verify', 'verifyToken'),
          text('prov-template', 'templateName'),
          text('prov-lang', 'languageCode'),
        ]}
      />
      <button className="btn" type="submit" disabled={pending} data-testid="provider-settings-save">
        {t('providers.save')}
      </button>
      <FormStatus state={state} pending={pending} testId="provider-settings-status" />
    </form>
  );
}
