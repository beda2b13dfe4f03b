'use client';
// Start a training run and watch it: the form calls the startTraining action, then the job endpoint is polled
// every second for live progress (iteration, validation AUC per round as a line) until the model is registered.
// Decimals are shown and typed with the locale's separator ("0,05" in pt-BR); the server reads either.
// Messages: forms (forms.training.*).
import { useActionState, useEffect } from 'react';
import { useRouter } from 'next/navigation';
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { startTraining } from '@/lib/actions/start-training';
import { initialActionState } from '@/lib/actions/action-state';
import type { TrainingJobJson } from '@/lib/jobs/training-jobs';
import { DEFAULT_HYPER_PARAMS } from '@/lib/jobs/training-request';
import { formatNumber } from '@/lib/format';
import { DEFAULT_MODEL_NAME } from '@/lib/validations/models';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';

export interface TrainingDefaults {
  trainFrom?: string;
  trainTo?: string;
  validFrom?: string;
  validTo?: string;
  ootFrom?: string;
  ootTo?: string;
}

type ParamName = keyof typeof DEFAULT_HYPER_PARAMS;
/** The hyper-parameters the form offers; decimals get a text input so the locale's separator can be typed. */
const PARAMS: { name: Exclude<ParamName, 'early_stopping_round'>; decimal: boolean }[] = [
  { name: 'num_leaves', decimal: false },
  { name: 'learning_rate', decimal: true },
  { name: 'num_iterations', decimal: false },
  { name: 'min_data_in_leaf', decimal: false },
  { name: 'feature_fraction', decimal: true },
  { name: 'bagging', decimal: true },
  { name: 'seed', decimal: false },
];

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** As many fraction digits as the value has (0.05 -> 2), so a default reads exactly as it is. */
function fractionDigits(v: number): number {
  return (String(v).split('.')[1] ?? '').length;
}

type Errors = Record<string, string[] | undefined>;

function MonthPair({
  prefix,
  defaults,
  errors,
}: {
  prefix: 'train' | 'valid' | 'oot';
  defaults: TrainingDefaults;
  errors: Errors;
}) {
  const t = useTranslations('forms.training');
  const f = `${prefix}From` as const;
  const to = `${prefix}To` as const;
  return (
    <fieldset className="field">
      <legend>{t(`${prefix}Window`)}</legend>
      <Field
        id={`tp-${f}`}
        name={f}
        type="month"
        label={t('from')}
        defaultValue={defaults[f]}
        errors={errors[f]}
      />
      <Field
        id={`tp-${to}`}
        name={to}
        type="month"
        label={t('to')}
        defaultValue={defaults[to]}
        errors={errors[to]}
      />
    </fieldset>
  );
}

export function TrainingPanel({
  defaults = {},
  modelHref = (id: string) => `/models/${id}`,
}: {
  defaults?: TrainingDefaults;
  modelHref?: (id: string) => string;
}) {
  const t = useTranslations('forms.training');
  const locale = useLocale();
  const [state, action, pending] = useActionState(startTraining, initialActionState);
  const jobId = state.ok ? (state.data?.jobId ?? null) : null;

  const job = useQuery<TrainingJobJson>({
    queryKey: ['training-job', jobId],
    enabled: !!jobId,
    queryFn: async () => {
      const res = await fetch(`/api/v1/training/${jobId}`, { cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      return (await res.json()) as TrainingJobJson;
    },
    refetchInterval: (q) => (q.state.data && TERMINAL.has(q.state.data.status) ? false : 1000),
    staleTime: 0,
  });
  const data = job.data;
  const router = useRouter();
  const finished = data?.status === 'SUCCEEDED';
  // The new version appears in the versions table above once the run has registered it.
  useEffect(() => {
    if (finished) router.refresh();
  }, [finished, router]);
  const p = data?.progress;
  const curve = (p?.history ?? []).filter((h) => h.validAuc !== null);
  const errors: Errors = state.fieldErrors ?? {};
  const auc = (v: number) => formatNumber(v, locale, 4);

  return (
    <section className="card" data-testid="training-panel">
      <h2>{t('title')}</h2>
      <form action={action} noValidate>
        <Field
          id="tp-name"
          name="name"
          label={t('name')}
          placeholder={DEFAULT_MODEL_NAME}
          maxLength={80}
          errors={errors.name}
        />
        <MonthPair prefix="train" defaults={defaults} errors={errors} />
        <MonthPair prefix="valid" defaults={defaults} errors={errors} />
        <MonthPair prefix="oot" defaults={defaults} errors={errors} />
        <div className="grid">
          {PARAMS.map(({ name, decimal }) => {
            const value = DEFAULT_HYPER_PARAMS[name];
            return decimal ? (
              <Field
                key={name}
                id={`tp-${name}`}
                name={name}
                label={t(`params.${name}`)}
                type="text"
                inputMode="decimal"
                autoComplete="off"
                defaultValue={formatNumber(value, locale, fractionDigits(value))}
                errors={errors[name]}
              />
            ) : (
              <Field
                key={name}
                id={`tp-${name}`}
                name={name}
                label={t(`params.${name}`)}
                type="number"
                inputMode="numeric"
                step={1}
                defaultValue={String(value)}
                errors={errors[name]}
              />
            );
          })}
        </div>
        <button className="btn" type="submit" disabled={pending}>
          {pending ? t('submitting') : t('submit')}
        </button>
        <FormStatus state={state} pending={pending} />
      </form>

      {jobId ? (
        <div data-testid="training-progress" aria-live="polite">
          {job.isError ? <p className="status error">{t('loadError')}</p> : null}
          {!data ? (
            <div className="skeleton" style={{ height: 220 }} />
          ) : (
            <>
              <p>
                <span className="badge">{t(`status.${data.status}`)}</span>{' '}
                {p && p.totalIterations > 0
                  ? t('progress', {
                      iteration: formatNumber(p.iteration, locale),
                      total: formatNumber(p.totalIterations, locale),
                    })
                  : null}
                {p?.validAuc != null ? ` · ${t('validAuc')} ${auc(p.validAuc)}` : null}
              </p>
              {p && p.totalIterations > 0 ? (
                <progress max={p.totalIterations} value={p.iteration} style={{ width: '100%' }} />
              ) : null}
              {curve.length ? (
                <div style={{ width: '100%', height: 220 }}>
                  <ResponsiveContainer>
                    <LineChart data={curve} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                      <CartesianGrid strokeDasharray="3 3" />
                      <XAxis dataKey="iteration" />
                      <YAxis
                        domain={['auto', 'auto']}
                        tickFormatter={(v: number) => formatNumber(v, locale, 3)}
                      />
                      <Tooltip
                        formatter={(v) => auc(Number(v))}
                        labelFormatter={(i) => `${t('iteration')} ${i}`}
                      />
                      <Line
                        type="monotone"
                        dataKey="validAuc"
                        name={t('validAuc')}
                        dot={false}
                        isAnimationActive={false}
                      />
                    </LineChart>
                  </ResponsiveContainer>
                </div>
              ) : (
                <p className="empty">{t('noCurve')}</p>
              )}
              {data.message ? (
                <p className={`status ${data.status === 'FAILED' ? 'error' : 'ok'}`}>{data.message}</p>
              ) : null}
              {data.model ? (
                <p>
                  <Link href={modelHref(data.model.id)}>
                    {t('openModel', { model: `${data.model.name} v${data.model.version}` })}
                  </Link>
                </p>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}
