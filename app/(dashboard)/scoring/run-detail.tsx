'use client';
// The selected batch run: while it is queued or running, a live progress bar (clients done of the total,
// clients per second, time left) polled from GET /api/v1/scoring/runs/:id every second, and a cancel button
// for those allowed; once it has finished, its summary: figures, clients and share per band beside the
// previous run's, actions and channels, and the score histogram. When polling sees the run finish, the page
// refreshes so the runs table shows the final figures too.
// Messages: scoring (scoring.detail.*, scoring.summary.*), decisions (band, action, channel labels).
import { useEffect, useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { cancelScoringRun } from '@/lib/actions/cancel-scoring-run';
import { resumeScoringRun } from '@/lib/actions/resume-scoring-run';
import type { ActionState } from '@/lib/actions/action-state';
import type { RunView } from '@/lib/data/scoring';
import { ACTIONS, CHANNELS, type Channel, type DecisionAction } from '@/lib/policy/policy';
import { formatDateTime, formatMonth, formatNumber, formatPercent } from '@/lib/format';
import { FormStatus } from '@/components/ui/form-status';
import {
  bandRows,
  durationParts,
  isTerminal,
  progressShare,
  runSeconds,
  shareOf,
  signedCount,
  signedPoints,
  startedBy,
} from './figures';
import { ScoreHistogram } from './score-histogram';
import { RunStatusBadge } from './status-badge';
import styles from './scoring.module.css';

const POLL_MS = 1000;

/** A duration in words ("3 min 5 s"), through the catalogue so the units follow the language. */
function useDuration() {
  const t = useTranslations('scoring.duration');
  return (seconds: number) => {
    const d = durationParts(seconds);
    if (d.unit === 'seconds') return t('seconds', { s: d.s });
    if (d.unit === 'minutes') return t('minutes', { m: d.m, s: d.s });
    return t('hours', { h: d.h, m: d.m });
  };
}

export function RunDetail({ initial, canRun }: { initial: RunView; canRun: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const live = !isTerminal(initial.status);
  const query = useQuery<RunView>({
    // The server's status is part of the key: a run resumed after it ended starts a fresh poll from the new
    // server render instead of the cached final state.
    queryKey: ['scoring-run', initial.id, initial.status],
    initialData: initial,
    enabled: live,
    staleTime: 0,
    queryFn: async () => {
      const res = await fetch(`/api/v1/scoring/runs/${encodeURIComponent(initial.id)}`, {
        cache: 'no-store',
      });
      if (!res.ok) throw new Error(String(res.status));
      return (await res.json()) as RunView;
    },
    refetchInterval: (q) => (isTerminal(q.state.data?.status) ? false : POLL_MS),
  });
  // A finished run as the server rendered it is final; the cache may still hold an older poll of it.
  const run = live ? (query.data ?? initial) : initial;
  const finishedWhilePolling = live && isTerminal(query.data?.status);
  useEffect(() => {
    if (finishedWhilePolling) router.refresh();
  }, [finishedWhilePolling, router]);

  const t = useTranslations('scoring');
  const locale = useLocale();
  const who = startedBy(run);
  const whoText = 'person' in who ? who.person : t(`origin.${who.system}`);

  // After a cancel or a resume: this run's polled state and the page's server-rendered parts.
  const refreshRun = () => {
    void queryClient.invalidateQueries({ queryKey: ['scoring-run', run.id] });
    router.refresh();
  };
  return (
    <section
      className="card section"
      data-testid="run-detail"
      data-run={run.id}
      aria-labelledby="run-detail-title"
    >
      <h2 className="card-title" id="run-detail-title">
        {t('detail.title', { month: formatMonth(run.asOfMonth, locale) })}{' '}
        <RunStatusBadge status={run.status} label={t(`status.${run.status}`)} />
      </h2>
      <p className="muted small" style={{ margin: 0 }}>
        {t('detail.meta', {
          model: run.modelVersion,
          policy: run.policyVersion,
          featureSet: run.featureSetVersion,
        })}
      </p>
      <p className="muted small" style={{ marginTop: '0.25rem' }}>
        {t('detail.startedBy', { who: whoText, date: formatDateTime(run.createdAt, locale) })}
      </p>
      {/* Announced once per change of status, not on every tick of the counters. */}
      <p className="sr-only" role="status">
        {t(`status.${run.status}`)}
      </p>
      <RunProgress run={run} />
      {query.isError && live ? (
        <p className="status error" data-testid="run-poll-error">
          {t('detail.loadError')}
        </p>
      ) : null}
      {canRun && !isTerminal(run.status) ? (
        <CancelRun id={run.id} month={formatMonth(run.asOfMonth, locale)} onDone={refreshRun} />
      ) : null}
      {run.status === 'FAILED' ? (
        <div role="alert" data-testid="run-failed">
          <p className="status error">{t('detail.failed')}</p>
          {run.message ? (
            <p className={styles.technical}>{t('detail.technical', { message: run.message })}</p>
          ) : null}
        </div>
      ) : null}
      {run.status === 'CANCELLED' ? (
        <p data-testid="run-cancelled">
          {t('detail.cancelled', {
            date: formatDateTime(run.finishedAt, locale),
            done: formatNumber(run.clientsDone, locale),
            total: formatNumber(run.clientsTotal, locale),
            decisions: formatNumber(run.decisions, locale),
          })}
        </p>
      ) : null}
      {canRun && (run.status === 'FAILED' || run.status === 'CANCELLED') ? (
        <ResumeRun id={run.id} month={formatMonth(run.asOfMonth, locale)} onDone={refreshRun} />
      ) : null}
      {run.status === 'SUCCEEDED' ? <RunSummaryView run={run} /> : null}
    </section>
  );
}

function RunProgress({ run }: { run: RunView }) {
  const t = useTranslations('scoring.detail');
  const locale = useLocale();
  const duration = useDuration();
  const share = progressShare(run);
  const pct = formatPercent(share, locale, 0);
  const seconds = runSeconds(run);
  const waiting = run.status === 'QUEUED' && run.clientsDone === 0;
  return (
    <div className={styles.progress} data-testid="run-progress">
      <progress
        className={styles.bar}
        max={1}
        value={share}
        aria-label={t('progressLabel')}
        aria-valuetext={t('progressValue', {
          pct,
          done: formatNumber(run.clientsDone, locale),
          total: formatNumber(run.clientsTotal, locale),
        })}
        data-testid="run-progress-bar"
      />
      <div className={styles.progressLine}>
        <span className={styles.pct} data-testid="run-progress-pct">
          {pct}
        </span>
        <span data-testid="run-progress-clients">
          {t('progress', {
            done: formatNumber(run.clientsDone, locale),
            total: formatNumber(run.clientsTotal, locale),
          })}
        </span>
        <span>
          {t('chunks', {
            done: formatNumber(run.chunksDone, locale),
            total: formatNumber(run.chunksTotal, locale),
          })}
        </span>
        {run.rate !== null ? (
          <span data-testid="run-progress-rate">{t('rate', { rate: formatNumber(run.rate, locale) })}</span>
        ) : null}
        {!isTerminal(run.status) && run.secondsLeft !== null ? (
          <span data-testid="run-progress-left">{t('timeLeft', { time: duration(run.secondsLeft) })}</span>
        ) : null}
        {seconds !== null ? <span>{t('took', { time: duration(seconds) })}</span> : null}
      </div>
      {waiting ? (
        <p className="muted small" style={{ margin: 0 }}>
          {t('waiting')}
        </p>
      ) : null}
    </div>
  );
}

type RunActionProps = { id: string; month: string; onDone: () => void };

/** Stops a queued or running run, after a confirmation. */
function CancelRun({ id, month, onDone }: RunActionProps) {
  const t = useTranslations('scoring.detail');
  return (
    <ConfirmedRunAction
      id={id}
      name="cancel"
      danger
      label={t('cancel')}
      pendingLabel={t('cancelling')}
      question={t('confirmCancel', { month })}
      keep={t('keepRunning')}
      confirm={t('confirmCancelButton')}
      act={() => cancelScoringRun(null, { id })}
      onDone={onDone}
    />
  );
}

/** A failed or cancelled run: its unfinished chunks queued again, after a confirmation. */
function ResumeRun({ id, month, onDone }: RunActionProps) {
  const t = useTranslations('scoring.detail');
  return (
    <ConfirmedRunAction
      id={id}
      name="resume"
      label={t('resume')}
      pendingLabel={t('resuming')}
      question={t('confirmResume', { month })}
      keep={t('keepStopped')}
      confirm={t('confirmResumeButton')}
      act={() => resumeScoringRun(null, { id })}
      onDone={onDone}
    />
  );
}

/**
 * A run action behind a confirmation dialog: testids `${name}-run`, `confirm-${name}-run` and
 * `${name}-run-status`; the action's message shows below the button.
 */
function ConfirmedRunAction(props: {
  id: string;
  name: 'cancel' | 'resume';
  danger?: boolean;
  label: string;
  pendingLabel: string;
  question: string;
  keep: string;
  confirm: string;
  act: () => Promise<ActionState>;
  onDone: () => void;
}) {
  const { id, name, danger, act, onDone } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const [pending, start] = useTransition();
  const [state, setState] = useState<ActionState | null>(null);
  const run = () =>
    start(async () => {
      const s = await act();
      setState(s);
      if (s.ok) onDone();
    });
  const questionId = `confirm-${name}-${id}`;
  return (
    <div className="inline-form" style={{ marginBottom: '0.75rem' }}>
      <button
        type="button"
        className={danger ? 'btn small danger' : 'btn small'}
        disabled={pending}
        onClick={() => dialog.current?.showModal()}
        data-testid={`${name}-run`}
      >
        {pending ? props.pendingLabel : props.label}
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={questionId}>
        <p id={questionId}>{props.question}</p>
        <div className={styles.dialogButtons}>
          <button type="button" className="btn secondary" onClick={() => dialog.current?.close()}>
            {props.keep}
          </button>
          <button
            type="button"
            className={danger ? 'btn danger' : 'btn'}
            data-testid={`confirm-${name}-run`}
            onClick={() => {
              dialog.current?.close();
              run();
            }}
          >
            {props.confirm}
          </button>
        </div>
      </dialog>
      <FormStatus state={state} pending={pending} testId={`${name}-run-status`} />
    </div>
  );
}

function RunSummaryView({ run }: { run: RunView }) {
  const t = useTranslations('scoring.summary');
  const tDecisions = useTranslations('decisions');
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const pct = (v: number | null) => formatPercent(v, locale, 1);

  if (run.decisions === 0) {
    return (
      <p data-testid="run-unchanged" className="empty" style={{ padding: '1.5rem' }}>
        {run.unchanged > 0 ? t('unchanged', { n: n(run.unchanged) }) : t('noDecisions')}
      </p>
    );
  }
  const summary = run.summary;
  if (!summary) {
    return (
      <p className="muted" data-testid="run-summary-missing">
        {t('missing')}
      </p>
    );
  }
  const rows = bandRows(summary);
  const previous = summary.previous;
  const prevMonth = previous ? formatMonth(previous.asOfMonth, locale) : '';
  const holdoutShare = shareOf(run.holdout, run.decisions);
  const actions = ACTIONS.filter((a) => (summary.actions[a] ?? 0) > 0);
  const channels = CHANNELS.filter((c) => (summary.channels[c] ?? 0) > 0);

  return (
    <div data-testid="run-summary">
      <h3>{t('title')}</h3>
      <dl className={styles.figures}>
        <div className={styles.figure}>
          <dt>{t('decisions')}</dt>
          <dd data-testid="summary-decisions">{n(run.decisions)}</dd>
        </div>
        {run.unchanged > 0 ? (
          <div className={styles.figure}>
            <dt>{t('unchangedFigure')}</dt>
            <dd>{n(run.unchanged)}</dd>
          </div>
        ) : null}
        <div className={styles.figure}>
          <dt>{t('holdout')}</dt>
          <dd data-testid="summary-holdout">
            {t('holdoutValue', { n: n(run.holdout), share: pct(holdoutShare) })}
          </dd>
        </div>
        <div className={styles.figure}>
          <dt>{t('alertsOpened')}</dt>
          <dd>{n(run.alertsOpened)}</dd>
        </div>
        {run.alertsRefreshed > 0 ? (
          <div className={styles.figure}>
            <dt>{t('alertsRefreshed')}</dt>
            <dd>{n(run.alertsRefreshed)}</dd>
          </div>
        ) : null}
        <div className={styles.figure}>
          <dt>{t('offersQueued')}</dt>
          <dd>{n(run.offersQueued)}</dd>
        </div>
        <div className={styles.figure}>
          <dt>{t('meanScore')}</dt>
          <dd data-testid="summary-mean-score">
            {pct(summary.meanScore)}
            {previous ? (
              <small className="muted" style={{ display: 'block', fontWeight: 400, fontSize: '0.8rem' }}>
                {t('meanScorePrevious', { month: prevMonth, value: pct(previous.meanScore) })}
              </small>
            ) : null}
          </dd>
        </div>
        {run.featuresComputed > 0 ? (
          <div className={styles.figure}>
            <dt>{t('featuresComputed')}</dt>
            <dd>{n(run.featuresComputed)}</dd>
          </div>
        ) : null}
      </dl>

      <h3>{t('bands.title')}</h3>
      {!previous ? <p className="muted small">{t('bands.noPrevious')}</p> : null}
      <div className="table-wrap">
        <table className="table" data-testid="summary-bands">
          <caption className="sr-only">
            {previous ? t('bands.captionVs', { month: prevMonth }) : t('bands.caption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('bands.col.band')}</th>
              <th scope="col" className="num">
                {t('bands.col.clients')}
              </th>
              <th scope="col" className="num">
                {t('bands.col.share')}
              </th>
              <th scope="col" className="num">
                {t('bands.col.holdout')}
              </th>
              {previous ? (
                <>
                  <th scope="col" className="num">
                    {t('bands.col.previousClients', { month: prevMonth })}
                  </th>
                  <th scope="col" className="num">
                    {t('bands.col.previousShare', { month: prevMonth })}
                  </th>
                  <th scope="col" className="num">
                    {t('bands.col.deltaClients')}
                  </th>
                  <th scope="col" className="num">
                    {t('bands.col.deltaShare')}
                  </th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.band} data-band={r.band}>
                <th scope="row" className="plain">
                  <span className={styles.band} data-band={r.band}>
                    {tDecisions(`band.${r.band}`)}
                  </span>
                </th>
                <td className="num">{n(r.clients)}</td>
                <td className="num">{pct(r.share)}</td>
                <td className="num">{n(r.holdout)}</td>
                {r.previous ? (
                  <>
                    <td className="num">{n(r.previous.clients)}</td>
                    <td className="num">{pct(r.previous.share)}</td>
                    <td className="num">{signedCount(r.previous.deltaClients, locale)}</td>
                    <td className="num">
                      {r.previous.deltaShare === null
                        ? '—'
                        : t('bands.points', { value: signedPoints(r.previous.deltaShare, locale) })}
                    </td>
                  </>
                ) : null}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="plain">
                {t('bands.total')}
              </th>
              <td className="num">{n(summary.clients)}</td>
              <td className="num">{pct(summary.clients > 0 ? 1 : null)}</td>
              <td className="num">{n(run.holdout)}</td>
              {previous ? (
                <>
                  <td className="num">{n(previous.clients)}</td>
                  <td className="num">{pct(previous.clients > 0 ? 1 : null)}</td>
                  <td className="num">{signedCount(summary.clients - previous.clients, locale)}</td>
                  <td className="num">—</td>
                </>
              ) : null}
            </tr>
          </tfoot>
        </table>
      </div>

      <div className={styles.columns}>
        <div>
          <h3>{t('actions.title')}</h3>
          <table className="table" data-testid="summary-actions">
            <caption className="sr-only">{t('actions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('actions.col.action')}</th>
                <th scope="col" className="num">
                  {t('actions.col.clients')}
                </th>
                <th scope="col" className="num">
                  {t('actions.col.share')}
                </th>
              </tr>
            </thead>
            <tbody>
              {actions.map((a: DecisionAction) => (
                <tr key={a} data-action={a}>
                  <th scope="row" className="plain">
                    {tDecisions(`action.${a}`)}
                  </th>
                  <td className="num">{n(summary.actions[a] ?? 0)}</td>
                  <td className="num">{pct(shareOf(summary.actions[a] ?? 0, summary.clients))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3>{t('channels.title')}</h3>
          <table className="table" data-testid="summary-channels">
            <caption className="sr-only">{t('channels.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('channels.col.channel')}</th>
                <th scope="col" className="num">
                  {t('channels.col.clients')}
                </th>
                <th scope="col" className="num">
                  {t('channels.col.share')}
                </th>
              </tr>
            </thead>
            <tbody>
              {channels.map((c: Channel) => (
                <tr key={c} data-channel={c}>
                  <th scope="row" className="plain">
                    {tDecisions(`channel.${c}`)}
                  </th>
                  <td className="num">{n(summary.channels[c] ?? 0)}</td>
                  <td className="num">{pct(shareOf(summary.channels[c] ?? 0, summary.clients))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>

      <h3>{t('histogramTitle')}</h3>
      <ScoreHistogram counts={summary.histogram} />
    </div>
  );
}
