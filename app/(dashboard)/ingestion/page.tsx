// Ingestão: upload a file of one kind with live progress and its report, and the history of recent batches.
import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePage } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { getIngestionBatches } from '@/lib/data/ingestion';
import { formatDateTime, formatNumber } from '@/lib/format';
import { KIND_FIELDS } from '@/lib/ingest/kinds';
import { UCI_COLUMNS } from '@/lib/ingest/uci';
import { INGESTION_KINDS } from '@/lib/ingest/store';
import type { MessageKey } from '@/lib/i18n/messages';
import { EmptyState } from '@/components/ui/empty-state';
import { UploadPanel, type KindInfo } from './upload-panel';
import styles from './ingestion.module.css';

export const metadata: Metadata = { title: 'Ingestão' };

const PAGE_SIZE = 20;

const KINDS: KindInfo[] = INGESTION_KINDS.map((id) => ({
  id,
  columns:
    id === 'uci'
      ? UCI_COLUMNS.map((name) => ({ name, required: true }))
      : KIND_FIELDS[id].map((f) => ({ name: f.name, required: !f.nullable })),
}));

export default async function IngestionPage({
  searchParams,
}: {
  searchParams: Promise<{ page?: string | string[] }>;
}) {
  await requirePage('ingestion:run');
  const sp = await searchParams;
  const requested = Number(Array.isArray(sp.page) ? sp.page[0] : sp.page);
  const page = Number.isInteger(requested) && requested > 0 ? requested : 1;
  const [{ t, locale }, history] = await Promise.all([
    getT(),
    getIngestionBatches({ page, pageSize: PAGE_SIZE }),
  ]);
  const pages = Math.max(1, Math.ceil(history.total / history.pageSize));
  const n = (v: number) => formatNumber(v, locale);
  const sourceLabel = (s: string) => {
    const key = `ingestion.source.${s}` as MessageKey;
    return ['upload', 'api', 'cli', 'demo'].includes(s) ? t(key) : s;
  };

  return (
    <>
      <h1>{t('page.ingestion.title')}</h1>
      <p className={styles.intro}>{t('ingestion.intro')}</p>
      <UploadPanel kinds={KINDS} locale={locale} />

      <h2>{t('ingestion.history.title')}</h2>
      {history.total === 0 ? (
        <EmptyState title={t('empty.title')}>{t('page.ingestion.empty')}</EmptyState>
      ) : (
        <section className={`card ${styles.history}`}>
          <div className={styles.scroll}>
            <table className={`table ${styles.compact}`} data-testid="batch-history">
              <thead>
                <tr>
                  <th>{t('ingestion.history.when')}</th>
                  <th>
                    {t('ingestion.history.who')} · {t('ingestion.history.source')}
                  </th>
                  <th>
                    {t('ingestion.history.kind')} · {t('ingestion.history.file')}
                  </th>
                  <th className={styles.num}>{t('ingestion.report.received')}</th>
                  <th className={styles.num}>{t('ingestion.report.inserted')}</th>
                  <th className={styles.num}>{t('ingestion.report.updated')}</th>
                  <th className={styles.num}>{t('ingestion.report.unchanged')}</th>
                  <th className={styles.num}>{t('ingestion.report.rejected')}</th>
                  <th>{t('ingestion.history.status')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {history.batches.map((b) => (
                  <tr key={b.id} data-batch={b.id}>
                    <td className={styles.nowrap}>{formatDateTime(b.startedAt, locale)}</td>
                    <td>
                      {b.actorName}
                      <small className={styles.sub}>{sourceLabel(b.source)}</small>
                    </td>
                    <td className={styles.file} title={b.fileName ?? undefined}>
                      {t(`ingestion.kind.${b.kind}`)}
                      <small className={styles.sub}>{b.fileName ?? '—'}</small>
                    </td>
                    <td className={styles.num}>{n(b.received)}</td>
                    <td className={styles.num}>{n(b.inserted)}</td>
                    <td className={styles.num}>{n(b.updated)}</td>
                    <td className={styles.num}>{n(b.unchanged)}</td>
                    <td className={styles.num}>{n(b.rejected)}</td>
                    <td>
                      <span
                        className={`badge ${b.status === 'FAILED' ? 'off' : b.status === 'COMPLETED' ? styles.ok : ''}`}
                        title={b.message ?? undefined}
                      >
                        {t(`ingestion.batchStatus.${b.status}`)}
                      </span>
                    </td>
                    <td className={styles.nowrap}>
                      {b.rejected > 0 ? (
                        <a href={b.rejectionsUrl} download>
                          {t('ingestion.history.rejectionsLink')}
                        </a>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 ? (
            <nav className={styles.pager} aria-label={t('ingestion.history.title')}>
              {page > 1 ? (
                <Link href={`/ingestion?page=${page - 1}`}>← {t('ingestion.history.next')}</Link>
              ) : (
                <span />
              )}
              <span>{t('ingestion.history.pageOf', { page, pages })}</span>
              {page < pages ? (
                <Link href={`/ingestion?page=${page + 1}`}>{t('ingestion.history.previous')} →</Link>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </section>
      )}
    </>
  );
}
