// Ingestão: upload a file of one kind with live progress and its report, and the history of recent batches.
// The upload form needs no read and renders at once; the history streams in behind a skeleton of its table.
import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { getIngestionBatches } from '@/lib/data/ingestion';
import { formatBytes, formatDateTime, formatNumber } from '@/lib/format';
import { KIND_FIELDS } from '@/lib/ingest/kinds';
import { UCI_COLUMNS } from '@/lib/ingest/uci';
import { INGESTION_KINDS } from '@/lib/ingest/store';
import { pageParam } from '@/lib/validations/common';
import { EmptyState } from '@/components/ui/empty-state';
import { ClientIntl } from '@/components/i18n/client-intl';
import { UploadPanel, type KindInfo } from './upload-panel';
import styles from './ingestion.module.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('ingestion');
  return { title: t('title') };
}

const PAGE_SIZE = 20;

const KINDS: KindInfo[] = INGESTION_KINDS.map((id) => ({
  id,
  columns:
    id === 'uci'
      ? UCI_COLUMNS.map((name) => ({ name, required: true }))
      : KIND_FIELDS[id].map((f) => ({ name: f.name, required: !f.nullable })),
}));

/** Where a batch came from, as lib/ingest records it. */
const SOURCES = ['upload', 'api', 'cli', 'demo', 'bench'] as const;
type Source = (typeof SOURCES)[number];
const isSource = (s: string): s is Source => (SOURCES as readonly string[]).includes(s);
/** Batches these processes load have no person behind them: their actor name is a code ('demo seed', 'cli'). */
const SYSTEM_SOURCES = new Set<string>(['cli', 'demo', 'bench']);

export default async function IngestionPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  const [, sp, t] = await Promise.all([
    requirePage('ingestion:run'),
    searchParams,
    getTranslations('ingestion'),
  ]);
  const page = pageParam(sp.page);

  return (
    <>
      <h1>{t('title')}</h1>
      <p className={styles.intro}>{t('intro')}</p>
      <ClientIntl namespaces={['ingestion', 'forms', 'actions']}>
        <UploadPanel kinds={KINDS} />
      </ClientIntl>

      <h2>{t('history.title')}</h2>
      <Suspense key={page} fallback={<HistorySkeleton label={t('loadingHistory')} />}>
        <History page={page} />
      </Suspense>
    </>
  );
}

async function History({ page }: { page: number }) {
  const [t, tEmpty, locale, history] = await Promise.all([
    getTranslations('ingestion'),
    getTranslations('empty'),
    getLocale(),
    getIngestionBatches({ page, pageSize: PAGE_SIZE }),
  ]);
  if (history.total === 0) return <EmptyState title={tEmpty('title')}>{t('empty')}</EmptyState>;
  const pages = Math.max(1, Math.ceil(history.total / history.pageSize));
  const n = (v: number) => formatNumber(v, locale);
  const sourceLabel = (s: string) => (isSource(s) ? t(`source.${s}`) : s);

  return (
    <section className={`card ${styles.history}`}>
      <div className={styles.scroll}>
        <table className={`table ${styles.compact}`} data-testid="batch-history">
          <thead>
            <tr>
              <th>{t('history.when')}</th>
              <th>{t('history.whoAndSource')}</th>
              <th>{t('history.kindAndFile')}</th>
              <th className={styles.num}>{t('report.received')}</th>
              <th className={styles.num}>{t('report.inserted')}</th>
              <th className={styles.num}>{t('report.updated')}</th>
              <th className={styles.num}>{t('report.unchanged')}</th>
              <th className={styles.num}>{t('report.rejected')}</th>
              <th>{t('history.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {history.batches.map((b) => {
              const file = b.fileName ?? '—';
              return (
                <tr key={b.id} data-batch={b.id}>
                  <td className={styles.nowrap}>{formatDateTime(b.startedAt, locale)}</td>
                  <td>
                    {SYSTEM_SOURCES.has(b.source) ? t('history.systemActor') : b.actorName}
                    <small className={styles.sub}>{sourceLabel(b.source)}</small>
                  </td>
                  <td className={styles.file} title={b.fileName ?? undefined}>
                    {t(`kind.${b.kind}`)}
                    <small className={styles.sub}>
                      {b.bytes > 0
                        ? t('history.fileLine', { file, size: formatBytes(b.bytes, locale) })
                        : file}
                    </small>
                  </td>
                  <td className={styles.num}>{n(b.received)}</td>
                  <td className={styles.num}>{n(b.inserted)}</td>
                  <td className={styles.num}>{n(b.updated)}</td>
                  <td className={styles.num}>{n(b.unchanged)}</td>
                  <td className={styles.num}>{n(b.rejected)}</td>
                  <td>
                    <span
                      className={`badge ${b.status === 'FAILED' ? 'off' : b.status === 'COMPLETED' ? styles.ok : ''}`}
                      // Why a batch failed; a completed batch's summary repeats the counts in its row.
                      title={b.status === 'FAILED' ? (b.message ?? undefined) : undefined}
                    >
                      {t(`batchStatus.${b.status}`)}
                    </span>
                  </td>
                  <td className={styles.nowrap}>
                    {b.rejected > 0 ? (
                      <a href={b.rejectionsUrl} download>
                        {t('history.rejectionsLink')}
                      </a>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav className={styles.pager} aria-label={t('history.title')}>
          {page > 1 ? <Link href={`/ingestion?page=${page - 1}`}>{t('history.newerLink')}</Link> : <span />}
          <span>{t('history.pageOf', { page: n(page), pages: n(pages) })}</span>
          {page < pages ? (
            <Link href={`/ingestion?page=${page + 1}`}>{t('history.olderLink')}</Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </section>
  );
}

/** The history card's shape: a header row and a few batch rows. */
function HistorySkeleton({ label }: { label: string }) {
  return (
    <section className={`card ${styles.history}`} aria-busy="true" aria-label={label}>
      <div className="skeleton" style={{ height: '1.2rem', marginBottom: '0.75rem' }} />
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className="skeleton" style={{ height: '2.2rem', marginBottom: '0.5rem' }} />
      ))}
    </section>
  );
}
