'use client';
// Start a training run and watch it: the form calls the startTraining action, then the job endpoint is polled
// every second for live progress (iteration, validation AUC per round as a line) until the model is registered.
import { useActionState, useEffect } from 'react';
import { useRouter } from 'next/navigation';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { startTraining, type StartTrainingState } from '@/lib/actions/start-training';
import type { TrainingJobJson } from '@/lib/jobs/training-jobs';
import type { Locale } from '@/lib/i18n/messages';

const LABELS = {
  'pt-BR': {
    title: 'Treinar um novo modelo',
    name: 'Nome',
    trainWindow: 'Janela de treino (meses de referência)',
    validWindow: 'Janela de validação (parada antecipada)',
    ootWindow: 'Janela fora do tempo (OOT)',
    from: 'de',
    to: 'até',
    num_leaves: 'Folhas por árvore (num_leaves)',
    learning_rate: 'Taxa de aprendizado (learning_rate)',
    num_iterations: 'Iterações (num_iterations)',
    min_data_in_leaf: 'Mínimo de linhas por folha (min_data_in_leaf)',
    feature_fraction: 'Fração de variáveis por árvore (feature_fraction)',
    bagging: 'Fração de linhas por árvore (bagging)',
    seed: 'Semente (seed)',
    submit: 'Iniciar treino',
    submitting: 'Enfileirando…',
    status: {
      QUEUED: 'Na fila',
      RUNNING: 'Treinando',
      SUCCEEDED: 'Concluído',
      FAILED: 'Falhou',
      CANCELLED: 'Cancelado',
    },
    iteration: 'Iteração',
    validAuc: 'AUC de validação',
    noCurve: 'A curva aparece quando o treino começa (requer janela de validação).',
    openModel: 'Abrir o modelo registrado',
    loadError: 'Não foi possível ler o andamento do treino.',
  },
  en: {
    title: 'Train a new model',
    name: 'Name',
    trainWindow: 'Training window (as-of months)',
    validWindow: 'Validation window (early stopping)',
    ootWindow: 'Out-of-time window',
    from: 'from',
    to: 'to',
    num_leaves: 'Leaves per tree (num_leaves)',
    learning_rate: 'Learning rate (learning_rate)',
    num_iterations: 'Iterations (num_iterations)',
    min_data_in_leaf: 'Minimum rows per leaf (min_data_in_leaf)',
    feature_fraction: 'Feature share per tree (feature_fraction)',
    bagging: 'Row share per tree (bagging)',
    seed: 'Seed',
    submit: 'Start training',
    submitting: 'Queueing…',
    status: {
      QUEUED: 'Queued',
      RUNNING: 'Training',
      SUCCEEDED: 'Done',
      FAILED: 'Failed',
      CANCELLED: 'Cancelled',
    },
    iteration: 'Iteration',
    validAuc: 'Validation AUC',
    noCurve: 'The curve appears once training starts (needs a validation window).',
    openModel: 'Open the registered model',
    loadError: 'Could not read the training progress.',
  },
} as const;

export interface TrainingDefaults {
  trainFrom?: string;
  trainTo?: string;
  validFrom?: string;
  validTo?: string;
  ootFrom?: string;
  ootTo?: string;
}

const PARAMS = [
  ['num_leaves', '15', '1'],
  ['learning_rate', '0.05', '0.01'],
  ['num_iterations', '300', '1'],
  ['min_data_in_leaf', '100', '1'],
  ['feature_fraction', '1', '0.05'],
  ['bagging', '1', '0.05'],
  ['seed', '1', '1'],
] as const;

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <span className="field-error" id={`${id}-error`}>
      {errors.join(' ')}
    </span>
  ) : null;
}

function MonthPair(props: {
  label: string;
  prefix: 'train' | 'valid' | 'oot';
  from: string;
  to: string;
  defaults: TrainingDefaults;
  errors?: Record<string, string[] | undefined>;
}) {
  const f = `${props.prefix}From` as const;
  const t = `${props.prefix}To` as const;
  return (
    <fieldset className="field">
      <legend>{props.label}</legend>
      <label htmlFor={`tp-${f}`}>{props.from}</label>
      <input
        id={`tp-${f}`}
        name={f}
        type="month"
        defaultValue={props.defaults[f]}
        aria-invalid={props.errors?.[f] ? true : undefined}
        aria-describedby={`tp-${f}-error`}
      />
      <FieldError id={`tp-${f}`} errors={props.errors?.[f]} />
      <label htmlFor={`tp-${t}`}>{props.to}</label>
      <input
        id={`tp-${t}`}
        name={t}
        type="month"
        defaultValue={props.defaults[t]}
        aria-invalid={props.errors?.[t] ? true : undefined}
        aria-describedby={`tp-${t}-error`}
      />
      <FieldError id={`tp-${t}`} errors={props.errors?.[t]} />
    </fieldset>
  );
}

export function TrainingPanel({
  locale = 'pt-BR',
  defaults = {},
  modelHref = (id: string) => `/models/${id}`,
}: {
  locale?: Locale;
  defaults?: TrainingDefaults;
  modelHref?: (id: string) => string;
}) {
  const l = LABELS[locale === 'en' ? 'en' : 'pt-BR'];
  const [state, action, pending] = useActionState<StartTrainingState | null, FormData>(startTraining, null);
  const jobId = state?.jobId ?? null;

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
  const errors = state?.fieldErrors;
  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 4, minimumFractionDigits: 4 });

  return (
    <section className="card" data-testid="training-panel">
      <h2>{l.title}</h2>
      <form action={action} noValidate>
        <div className="field">
          <label htmlFor="tp-name">{l.name}</label>
          <input
            id="tp-name"
            name="name"
            placeholder="proativa-lgbm"
            maxLength={80}
            aria-describedby="tp-name-error"
          />
          <FieldError id="tp-name" errors={errors?.name} />
        </div>
        <MonthPair
          label={l.trainWindow}
          prefix="train"
          from={l.from}
          to={l.to}
          defaults={defaults}
          errors={errors}
        />
        <MonthPair
          label={l.validWindow}
          prefix="valid"
          from={l.from}
          to={l.to}
          defaults={defaults}
          errors={errors}
        />
        <MonthPair
          label={l.ootWindow}
          prefix="oot"
          from={l.from}
          to={l.to}
          defaults={defaults}
          errors={errors}
        />
        <div className="grid">
          {PARAMS.map(([name, value, step]) => (
            <div className="field" key={name}>
              <label htmlFor={`tp-${name}`}>{l[name]}</label>
              <input
                id={`tp-${name}`}
                name={name}
                type="number"
                step={step}
                defaultValue={value}
                aria-invalid={errors?.[name] ? true : undefined}
                aria-describedby={`tp-${name}-error`}
              />
              <FieldError id={`tp-${name}`} errors={errors?.[name]} />
            </div>
          ))}
        </div>
        <button className="btn" type="submit" disabled={pending}>
          {pending ? l.submitting : l.submit}
        </button>
        <p className={`status ${state?.ok ? 'ok' : 'error'}`} aria-live="polite" role="status">
          {pending ? '' : (state?.message ?? '')}
        </p>
      </form>

      {jobId ? (
        <div data-testid="training-progress" aria-live="polite">
          {job.isError ? <p className="status error">{l.loadError}</p> : null}
          {!data ? (
            <div className="skeleton" style={{ height: 220 }} />
          ) : (
            <>
              <p>
                <span className="badge">{l.status[data.status]}</span>{' '}
                {p && p.totalIterations > 0 ? `${l.iteration} ${p.iteration} / ${p.totalIterations}` : null}
                {p?.validAuc != null ? ` · ${l.validAuc} ${nf.format(p.validAuc)}` : null}
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
                      <YAxis domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(3)} />
                      <Tooltip
                        formatter={(v) => nf.format(Number(v))}
                        labelFormatter={(i) => `${l.iteration} ${i}`}
                      />
                      <Line
                        type="monotone"
                        dataKey="validAuc"
                        name={l.validAuc}
                        dot={false}
                        isAnimationActive={false}
                      />
                    </LineChart>
                  </ResponsiveContainer>
                </div>
              ) : (
                <p className="empty">{l.noCurve}</p>
              )}
              {data.message ? (
                <p className={`status ${data.status === 'FAILED' ? 'error' : 'ok'}`}>{data.message}</p>
              ) : null}
              {data.model ? (
                <p>
                  <Link href={modelHref(data.model.id)}>
                    {l.openModel}: {data.model.name} v{data.model.version}
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
