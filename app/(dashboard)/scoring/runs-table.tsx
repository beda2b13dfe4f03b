// The batch runs, newest first: month, status, model and policy, what each decided and who started it. Each
// month links to the run's detail (?run=<id>); the selected run's row is marked.
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import type { RunView } from '@/lib/data/scoring';
import type { Locale } from '@/lib/i18n/locales';
import { formatDateTime, formatMonth, formatNumber } from '@/lib/format';
import { EmptyState } from '@/components/ui/empty-state';
import { durationParts, runSeconds, startedBy } from './figures';
import { RunStatusBadge } from './status-badge';
import styles from './scoring.module.css';

export async function RunsTable({
  runs,
  selectedId,
  canRun,
}: {
  runs: RunView[];
  selectedId: string | null;
  canRun: boolean;
}) {
  const [t, tEmpty, locale] = await Promise.all([
    getTranslations('scoring'),
    getTranslations('empty'),
    getLocale() as Promise<Locale>,
  ]);
  if (runs.length === 0) {
    return (
      <EmptyState title={tEmpty('title')}>
        {t('runs.empty')} {canRun ? t('runs.emptyCanRun') : t('runs.emptyViewOnly')}
      </EmptyState>
    );
  }
  const n = (v: number) => formatNumber(v, locale);
  const duration = (run: RunView) => {
    const s = runSeconds(run);
    if (s === null) return t('runs.inProgress');
    const d = durationParts(s);
    if (d.unit === 'seconds') return t('duration.seconds', { s: d.s });
    if (d.unit === 'minutes') return t('duration.minutes', { m: d.m, s: d.s });
    return t('duration.hours', { h: d.h, m: d.m });
  };
  return (
    <section className="card section" aria-labelledby="runs-title">
      <h2 className="card-title" id="runs-title">
        {t('runs.title')}
      </h2>
      <div className="table-wrap">
        <table className="table" data-testid="runs-table">
          <caption className="sr-only">{t('runs.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('runs.col.month')}</th>
              <th scope="col">{t('runs.col.status')}</th>
              <th scope="col">{t('runs.col.model')}</th>
              <th scope="col">{t('runs.col.policy')}</th>
              <th scope="col" className="num">
                {t('runs.col.clients')}
              </th>
              <th scope="col" className="num">
                {t('runs.col.decisions')}
              </th>
              <th scope="col" className="num">
                {t('runs.col.unchanged')}
              </th>
              <th scope="col" className="num">
                {t('runs.col.holdout')}
              </th>
              <th scope="col" className="num">
                {t('runs.col.alerts')}
              </th>
              <th scope="col" className="num">
                {t('runs.col.offers')}
              </th>
              <th scope="col">{t('runs.col.startedBy')}</th>
              <th scope="col">{t('runs.col.when')}</th>
              <th scope="col">{t('runs.col.duration')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const selected = r.id === selectedId;
              const who = startedBy(r);
              return (
                <tr
                  key={r.id}
                  data-run={r.id}
                  data-month={r.asOfMonth}
                  className={selected ? styles.selected : undefined}
                  aria-current={selected ? 'true' : undefined}
                >
                  <td className="nowrap">
                    <Link href={`/scoring?run=${r.id}`} scroll={false}>
                      {formatMonth(r.asOfMonth, locale)}
                    </Link>
                    {selected ? <span className="sr-only">{t('runs.selected')}</span> : null}
                  </td>
                  <td>
                    <RunStatusBadge status={r.status} label={t(`status.${r.status}`)} />
                  </td>
                  <td>{r.modelVersion}</td>
                  <td className="nowrap">{t('runs.policyVersion', { version: r.policyVersion })}</td>
                  <td className="num">{n(r.clientsTotal)}</td>
                  <td className="num">{n(r.decisions)}</td>
                  <td className="num">{n(r.unchanged)}</td>
                  <td className="num">{n(r.holdout)}</td>
                  <td className="num">{n(r.alertsOpened)}</td>
                  <td className="num">{n(r.offersQueued)}</td>
                  <td>{'person' in who ? who.person : t(`origin.${who.system}`)}</td>
                  <td className="nowrap">
                    {formatDateTime(r.startedAt ?? r.createdAt, locale)}
                    <br />
                    <small className="muted">
                      {r.finishedAt ? formatDateTime(r.finishedAt, locale) : t('runs.inProgress')}
                    </small>
                  </td>
                  <td className="nowrap">{duration(r)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
