'use client';
// The data scientists' form for a new policy version, prefilled with the active version's rules: thresholds and
// shares typed as pt-BR or English decimals or as percentages, MODERATE's channels ranked, and the note that
// explains the change. Field errors sit next to their fields. Messages: policy (policy.propose.*, field.*).
import { startTransition, useActionState, useEffect, useRef } from 'react';
import { useTranslations } from 'next-intl';
import { proposePolicy } from '@/lib/actions/propose-policy';
import { initialActionState } from '@/lib/actions/action-state';
import { DIGITAL_CHANNELS, type DigitalChannel } from '@/lib/policy/policy';
import { CHANNEL_CHOICES } from '@/lib/validations/policy';
import { Field, FieldErrors } from '@/components/ui/field';
import { FieldList } from '@/components/ui/field-list';
import { FormStatus } from '@/components/ui/form-status';

export interface ProposeDefaults {
  /** Already written the way the user's locale types decimals ("0,20"). */
  moderateThreshold: string;
  criticalThreshold: string;
  holdoutShare: string;
  holdoutSalt: string;
  performanceWindowMonths: string;
  channelPreference: DigitalChannel[];
}

export function ProposePolicyForm({ defaults }: { defaults: ProposeDefaults }) {
  const t = useTranslations('policy');
  const [state, action, pending] = useActionState(proposePolicy, initialActionState);
  const errors = state.fieldErrors ?? {};
  const formRef = useRef<HTMLFormElement>(null);
  // Submitted by hand rather than through <form action>, which resets every field after the action: a refused
  // proposal keeps what was typed, so only the fields in error need fixing. A proposal made clears the form.
  useEffect(() => {
    if (state.ok) formRef.current?.reset();
  }, [state]);
  // A threshold or share, prefilled from the active version and typed as a decimal.
  const decimal = (
    id: string,
    name: 'moderateThreshold' | 'criticalThreshold' | 'holdoutShare',
    hint: string,
  ) => ({
    id,
    name,
    label: t(`field.${name}`),
    hint,
    defaultValue: defaults[name],
    inputMode: 'decimal' as const,
  });
  return (
    <form
      ref={formRef}
      noValidate
      data-testid="propose-policy-form"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => action(data));
      }}
    >
      <div className="grid2">
        <FieldList
          errors={errors}
          shared={{ autoComplete: 'off', required: true }}
          fields={[
            decimal('policy-moderate', 'moderateThreshold', t('propose.thresholdHint')),
            decimal('policy-critical', 'criticalThreshold', t('propose.thresholdHint')),
            decimal('policy-holdout-share', 'holdoutShare', t('propose.holdoutHint')),
            {
              id: 'policy-window',
              name: 'performanceWindowMonths',
              label: t('field.performanceWindowMonths'),
              hint: t('propose.windowHint'),
              defaultValue: defaults.performanceWindowMonths,
              inputMode: 'numeric',
            },
            {
              id: 'policy-salt',
              name: 'holdoutSalt',
              label: t('field.holdoutSalt'),
              hint: t('field.holdoutSaltHint'),
              defaultValue: defaults.holdoutSalt,
              spellCheck: false,
            },
          ]}
        />
      </div>
      <fieldset
        className="field"
        aria-describedby={errors.channelPreference?.length ? 'policy-channels-error' : undefined}
        style={{ border: 0, padding: 0, margin: '0 0 1rem' }}
      >
        <legend>{t('field.channelPreference')}</legend>
        <div style={{ display: 'flex', gap: '0.75rem', flexWrap: 'wrap' }}>
          {CHANNEL_CHOICES.map((name, i) => (
            <Field
              key={name}
              as="select"
              id={`policy-${name}`}
              name={name}
              label={t('propose.channel', { n: i + 1 })}
              defaultValue={defaults.channelPreference[i] ?? ''}
            >
              <option value="">{t('propose.channelNone')}</option>
              {DIGITAL_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}`)}
                </option>
              ))}
            </Field>
          ))}
        </div>
        <FieldErrors id="policy-channels" errors={errors.channelPreference} />
      </fieldset>
      <Field
        as="textarea"
        id="policy-note"
        name="note"
        label={t('propose.note')}
        hint={t('propose.noteHint')}
        errors={errors.note}
        rows={4}
        maxLength={2000}
        required
      />
      <button className="btn" type="submit" disabled={pending}>
        {pending ? t('propose.submitting') : t('propose.submit')}
      </button>
      <FormStatus state={state} pending={pending} testId="propose-policy-status" />
    </form>
  );
}
