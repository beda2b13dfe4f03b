'use client';
// Campanhas widgets for campaigns:manage, inside <ClientIntl namespaces={['campaigns', 'forms', 'actions']}>:
// the create form (2 to 6 variants, each with its text and weight; errors next to each field) and the
// start/stop button of an experiment.
import { useActionState, useState, startTransition, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { createExperiment } from '@/lib/actions/create-experiment';
import { startExperiment } from '@/lib/actions/start-experiment';
import { stopExperiment } from '@/lib/actions/stop-experiment';
import { initialActionState } from '@/lib/actions/action-state';
import { TEMPLATE_FIELDS } from '@/lib/engagement/templates';
import { Field, FieldErrors } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';

const BANDS = ['LOW', 'MODERATE', 'CRITICAL'] as const;
const KEYS = ['A', 'B', 'C', 'D', 'E', 'F'];
/** The template fields as typed in a message ({primeiroNome}). */
const FIELD_TOKENS = TEMPLATE_FIELDS.map((f) => `{${f}}`);

interface VariantDraft {
  template: string;
  weight: string;
}

export function CreateExperimentForm() {
  const t = useTranslations('campaigns');
  const [state, dispatch, pending] = useActionState(createExperiment, initialActionState);
  const [variants, setVariants] = useState<VariantDraft[]>([
    { template: '', weight: '1' },
    { template: '', weight: '1' },
  ]);
  const errors = state.fieldErrors ?? {};
  const set = (i: number, patch: Partial<VariantDraft>) =>
    setVariants((vs) => vs.map((v, j) => (j === i ? { ...v, ...patch } : v)));

  const onSubmit = (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const form = new FormData(ev.currentTarget);
    const segment = String(form.get('segment') ?? '').trim();
    startTransition(() =>
      dispatch({
        name: String(form.get('name') ?? ''),
        band: String(form.get('band') ?? '') as (typeof BANDS)[number],
        segment: segment === '' ? null : segment,
        variants: variants.map((v, i) => ({
          key: KEYS[i] ?? `V${i + 1}`,
          template: v.template,
          weight: Number(v.weight),
        })),
      }),
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate data-testid="create-experiment">
      <div className="inline-form">
        <Field id="exp-name" name="name" label={t('create.name')} errors={errors.name} required />
        <Field
          id="exp-band"
          name="band"
          as="select"
          label={t('create.band')}
          defaultValue="MODERATE"
          errors={errors.band}
        >
          {BANDS.map((b) => (
            <option key={b} value={b}>
              {t(`band.${b}`)}
            </option>
          ))}
        </Field>
        <Field
          id="exp-segment"
          name="segment"
          label={t('create.segment')}
          hint={t('create.segmentHint')}
          errors={errors.segment}
        />
      </div>
      <p>
        <small>
          {t('create.templateHint')}{' '}
          {FIELD_TOKENS.map((f) => (
            <code key={f} style={{ marginRight: '0.35rem' }}>
              {f}
            </code>
          ))}
        </small>
      </p>
      <FieldErrors id="exp-variants" errors={errors.variants} />
      {variants.map((v, i) => {
        const key = KEYS[i] ?? `V${i + 1}`;
        return (
          <fieldset key={i} className="card" data-testid="variant-draft" style={{ marginBottom: '0.75rem' }}>
            <legend>{t('create.variant', { key })}</legend>
            <Field
              id={`exp-v${i}-template`}
              name={`variants.${i}.template`}
              as="textarea"
              rows={3}
              label={t('create.template')}
              value={v.template}
              onChange={(e) => set(i, { template: e.target.value })}
              errors={errors[`variants.${i}.template`]}
              required
            />
            <Field
              id={`exp-v${i}-weight`}
              name={`variants.${i}.weight`}
              type="number"
              min={1}
              max={100}
              step={1}
              label={t('create.weight')}
              value={v.weight}
              onChange={(e) => set(i, { weight: e.target.value })}
              errors={errors[`variants.${i}.weight`]}
              required
            />
            {variants.length > 2 ? (
              <button
                type="button"
                className="btn secondary"
                onClick={() => setVariants((vs) => vs.filter((_, j) => j !== i))}
              >
                {t('create.removeVariant')}
              </button>
            ) : null}
          </fieldset>
        );
      })}
      <div style={{ display: 'flex', gap: '0.5rem' }}>
        {variants.length < KEYS.length ? (
          <button
            type="button"
            className="btn secondary"
            data-testid="add-variant"
            onClick={() => setVariants((vs) => [...vs, { template: '', weight: '1' }])}
          >
            {t('create.addVariant')}
          </button>
        ) : null}
        <button className="btn" type="submit" disabled={pending} data-testid="create-experiment-submit">
          {t('create.submit')}
        </button>
      </div>
      <FormStatus state={state} pending={pending} testId="create-experiment-status" />
    </form>
  );
}

export function ExperimentToggle({ id, running }: { id: string; running: boolean }) {
  const t = useTranslations('campaigns');
  const [state, dispatch, pending] = useActionState(
    running ? stopExperiment : startExperiment,
    initialActionState,
  );
  return (
    <span style={{ display: 'inline-flex', gap: '0.5rem', alignItems: 'center' }}>
      <button
        type="button"
        className={running ? 'btn secondary' : 'btn'}
        disabled={pending}
        data-testid={running ? 'experiment-stop' : 'experiment-start'}
        onClick={() => startTransition(() => dispatch({ id }))}
      >
        {running ? t('stop') : t('start')}
      </button>
      <FormStatus state={state} pending={pending} />
    </span>
  );
}
