'use client';
// Starts a batch run (scoring:run): the as-of month, and the champion and active policy the run will keep from
// start to end. On success the page switches to the new run, whose progress is then polled.
// Messages: scoring (scoring.start.*).
import { useActionState, useEffect } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { startScoringRun } from '@/lib/actions/start-scoring-run';
import { initialActionState } from '@/lib/actions/action-state';
import { formatMonth } from '@/lib/format';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import styles from './scoring.module.css';

export function StartRunForm({
  months,
  champion,
  policyVersion,
}: {
  /** Newest first; the first is the default. */
  months: string[];
  champion: string | null;
  policyVersion: number | null;
}) {
  const t = useTranslations('scoring.start');
  const locale = useLocale();
  const router = useRouter();
  const [state, action, pending] = useActionState(startScoringRun, initialActionState);
  const runId = state.ok ? (state.data?.runId ?? null) : null;
  useEffect(() => {
    if (runId) router.push(`/scoring?run=${encodeURIComponent(runId)}`, { scroll: false });
  }, [runId, router]);

  const missing = [
    champion ? null : t('noChampion'),
    policyVersion === null ? t('noPolicy') : null,
    months.length ? null : t('noMonths'),
  ].filter((x): x is string => !!x);

  return (
    <form action={action} data-testid="start-run-form" noValidate>
      <dl className={styles.setup} data-testid="run-setup">
        <div>
          <dt>{t('model')}</dt>
          <dd data-testid="run-setup-model">{champion ? t('modelValue', { model: champion }) : '—'}</dd>
        </div>
        <div>
          <dt>{t('policy')}</dt>
          <dd data-testid="run-setup-policy">
            {policyVersion !== null ? t('policyValue', { version: policyVersion }) : '—'}
          </dd>
        </div>
      </dl>
      {missing.map((m) => (
        <p key={m} className="status error" data-testid="start-run-missing">
          {m}
        </p>
      ))}
      <div className="inline-form">
        {months.length ? (
          <Field
            as="select"
            id="scoring-month"
            name="asOfMonth"
            label={t('month')}
            hint={t('monthHint')}
            defaultValue={months[0]}
            errors={state.fieldErrors?.asOfMonth}
          >
            {months.map((m) => (
              <option key={m} value={m}>
                {formatMonth(m, locale)}
              </option>
            ))}
          </Field>
        ) : null}
        <button className="btn" type="submit" disabled={pending || missing.length > 0}>
          {pending ? t('submitting') : t('submit')}
        </button>
      </div>
      <FormStatus state={state} pending={pending} testId="start-run-status" />
    </form>
  );
}
