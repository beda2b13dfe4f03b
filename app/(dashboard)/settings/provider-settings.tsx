'use client';
// Admin form for the channel providers (WhatsApp Cloud API), inside <ClientIntl namespaces={['campaigns']}>.
// The token and app secret arrive already masked (maskSecret on the server); their fields start empty and an
// empty field keeps the stored value.
import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { saveProviderSettings } from '@/lib/actions/save-provider-settings';
import { initialActionState } from '@/lib/actions/action-state';
import { Field } from '@/components/ui/field';
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
  const secretHint = (masked: string) =>
    masked ? t('providers.secretHint', { masked }) : t('providers.secretEmpty');
  return (
    <form action={formAction} className="inline-form" noValidate data-testid="provider-settings">
      <Field
        id="prov-enabled"
        name="enabled"
        type="checkbox"
        label={t('providers.enabled')}
        defaultChecked={settings.enabled}
        errors={errors.enabled}
      />
      <Field
        id="prov-base-url"
        name="baseUrl"
        type="url"
        label={t('providers.baseUrl')}
        defaultValue={settings.baseUrl}
        errors={errors.baseUrl}
      />
      <Field
        id="prov-token"
        name="token"
        type="password"
        autoComplete="off"
        label={t('providers.token')}
        hint={secretHint(settings.tokenMasked)}
        defaultValue=""
        errors={errors.token}
      />
      <Field
        id="prov-phone-id"
        name="phoneNumberId"
        label={t('providers.phoneNumberId')}
        defaultValue={settings.phoneNumberId}
        errors={errors.phoneNumberId}
      />
      <Field
        id="prov-app-secret"
        name="appSecret"
        type="password"
        autoComplete="off"
        label={t('providers.appSecret')}
        hint={secretHint(settings.appSecretMasked)}
        defaultValue=""
        errors={errors.appSecret}
      />
      <Field
        id="prov-verify"
        name="verifyToken"
        label={t('providers.verifyToken')}
        defaultValue={settings.verifyToken}
        errors={errors.verifyToken}
      />
      <Field
        id="prov-template"
        name="templateName"
        label={t('providers.templateName')}
        defaultValue={settings.templateName}
        errors={errors.templateName}
      />
      <Field
        id="prov-lang"
        name="languageCode"
        label={t('providers.languageCode')}
        defaultValue={settings.languageCode}
        errors={errors.languageCode}
      />
      <button className="btn" type="submit" disabled={pending} data-testid="provider-settings-save">
        {t('providers.save')}
      </button>
      <FormStatus state={state} pending={pending} testId="provider-settings-status" />
    </form>
  );
}
