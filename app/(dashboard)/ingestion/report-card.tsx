'use client';
// The report of one uploaded batch: counts (per table for UCI), warnings, the first rejected rows and the link
// to the full rejection report. Messages: ingestion (under the Ingestão page's ClientIntl).
import { useTranslations } from 'next-intl';
import { formatNumber } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';
import styles from './ingestion.module.css';

/** The answer of POST /api/v1/ingest/[kind] (see app/api/v1/ingest/upload.ts). */
export interface UploadReport {
  batchId: string;
  kind: string;
  status: 'COMPLETED' | 'FAILED';
  fileName: string | null;
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: { line: number; field: string; reason: string }[];
  rejectionsTruncated: boolean;
  rejectionsUrl: string;
  warnings: string[];
  details?: Record<string, { inserted: number; updated: number; unchanged: number }>;
  durationMs: number;
  message: string;
}

/** Rejected rows shown on the page; the CSV has them all. */
const SHOWN = 50;
const COUNTS = ['received', 'inserted', 'updated', 'unchanged', 'rejected'] as const;

/** The tables a UCI file feeds; another name (a newer server) is shown as sent. */
const TABLES = ['clients', 'statements', 'outcomes'] as const;
const isTable = (s: string): s is (typeof TABLES)[number] => (TABLES as readonly string[]).includes(s);

export function IngestReportCard({ report, locale }: { report: UploadReport; locale: Locale }) {
  const t = useTranslations('ingestion');
  const n = (v: number) => formatNumber(v, locale);
  const tableLabel = (table: string) => (isTable(table) ? t(`report.table.${table}`) : table);
  const shown = report.rejections.slice(0, SHOWN);
  const failed = report.status === 'FAILED';
  const nothingChanged =
    !failed && report.received > 0 && report.inserted === 0 && report.updated === 0 && report.rejected === 0;
  return (
    <section className={`card ${styles.report}`} data-testid="ingest-report" aria-labelledby="report-title">
      <header className={styles.reportHead}>
        <h2 id="report-title" className={styles.cardTitle}>
          {t('report.title', { id: report.batchId })}
          {report.fileName ? ' ' : null}
          {report.fileName ? (
            <span className={styles.fileName}>{t('report.fileSuffix', { file: report.fileName })}</span>
          ) : null}
        </h2>
        <span className={`badge ${failed ? 'off' : styles.ok}`}>{t(`batchStatus.${report.status}`)}</span>
      </header>
      {failed ? (
        <p className="status error" role="alert">
          {report.message}
        </p>
      ) : nothingChanged ? (
        <p className={styles.muted}>{t('report.nothingChanged')}</p>
      ) : null}

      <dl className={styles.stats}>
        {COUNTS.map((c) => (
          <div key={c} className={c === 'rejected' && report.rejected > 0 ? styles.statBad : styles.stat}>
            <dt>{t(`report.${c}`)}</dt>
            <dd data-testid={`count-${c}`}>{n(report[c])}</dd>
          </div>
        ))}
      </dl>

      {report.details ? (
        <table className="table" data-testid="table-counts">
          <thead>
            <tr>
              <th>{t('report.tableTitle')}</th>
              <th className={styles.num}>{t('report.inserted')}</th>
              <th className={styles.num}>{t('report.updated')}</th>
              <th className={styles.num}>{t('report.unchanged')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(report.details).map(([table, c]) => (
              <tr key={table} data-table={table}>
                <td>{tableLabel(table)}</td>
                <td className={styles.num}>{n(c.inserted)}</td>
                <td className={styles.num}>{n(c.updated)}</td>
                <td className={styles.num}>{n(c.unchanged)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {report.warnings.length ? (
        <div className={styles.warnings}>
          <h3>{t('report.warnings')}</h3>
          <ul>
            {report.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {report.rejected > 0 ? (
        <div>
          <h3>{t('report.rejections')}</h3>
          <p className={styles.muted}>
            {t('report.rejectionsFirst', {
              shown: n(shown.length),
              total: n(report.rejected),
            })}{' '}
            <a href={report.rejectionsUrl} download data-testid="download-rejections">
              {t('report.download')}
            </a>
          </p>
          <table className="table" data-testid="rejections-table">
            <thead>
              <tr>
                <th className={styles.num}>{t('report.line')}</th>
                <th>{t('report.field')}</th>
                <th>{t('report.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r, i) => (
                <tr key={`${r.line}-${r.field}-${i}`}>
                  <td className={styles.num}>{n(r.line)}</td>
                  <td>
                    <code>{r.field}</code>
                  </td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : !failed ? (
        <p className={styles.muted}>{t('report.noRejections')}</p>
      ) : null}
      <p className={styles.muted}>
        {t('report.duration', { seconds: formatNumber(report.durationMs / 1000, locale, 1) })}
      </p>
    </section>
  );
}
