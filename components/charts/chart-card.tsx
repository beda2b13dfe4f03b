'use client';
// A chart in a card: title, a chart/table toggle (the table carries the same figures), CSV export of that
// table (client side, formula-safe), a skeleton while loading and an empty state when there is nothing yet.
// Messages: executive (executive.chart.*).
import { useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { tableToCsv, type CsvCell } from './csv';

export interface ChartTable {
  header: string[];
  /** Display cells (formatted) per row. */
  rows: ReactNode[][];
  /** Raw cells per row for the CSV (numbers unformatted). */
  csv: CsvCell[][];
  /** Rows to highlight (e.g. AUC below 0.70). */
  highlight?: boolean[];
}

export function ChartCard({
  title,
  testId,
  loading,
  empty,
  emptyText,
  table,
  filename,
  children,
  note,
}: {
  title: string;
  testId: string;
  loading?: boolean;
  empty?: boolean;
  emptyText: string;
  table: ChartTable;
  filename: string;
  children: ReactNode;
  note?: ReactNode;
}) {
  const t = useTranslations('executive.chart');
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const download = () => {
    const blob = new Blob([`\uFEFF${tableToCsv(table.header, table.csv)}`], {
      type: 'text/csv;charset=utf-8',
    });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${filename}.csv`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <section className="card section" data-testid={testId}>
      <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
        <h2 style={{ flex: 1, margin: 0 }}>{title}</h2>
        {!loading && !empty ? (
          <>
            <button
              type="button"
              className="btn"
              aria-pressed={view === 'table'}
              data-testid={`${testId}-toggle`}
              onClick={() => setView(view === 'chart' ? 'table' : 'chart')}
            >
              {view === 'chart' ? t('showTable') : t('showChart')}
            </button>
            <button type="button" className="btn" data-testid={`${testId}-csv`} onClick={download}>
              {t('csv')}
            </button>
          </>
        ) : null}
      </div>
      {loading ? (
        <div aria-busy="true">
          <span className="sr-only" role="status">
            {t('loading')}
          </span>
          <div className="skeleton" aria-hidden="true" style={{ height: 240, marginTop: '1rem' }} />
        </div>
      ) : empty ? (
        <p className="muted" data-testid={`${testId}-empty`}>
          {emptyText}
        </p>
      ) : view === 'chart' ? (
        <div style={{ marginTop: '1rem' }}>{children}</div>
      ) : (
        <div style={{ overflowX: 'auto', marginTop: '1rem' }}>
          <table className="table" data-testid={`${testId}-table`}>
            <thead>
              <tr>
                {table.header.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, i) => (
                <tr
                  key={i}
                  data-highlight={table.highlight?.[i] ? 'true' : undefined}
                  style={table.highlight?.[i] ? { background: '#fde2e2' } : undefined}
                >
                  {r.map((c, j) => (
                    <td key={j}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {note ? <p className="muted small">{note}</p> : null}
    </section>
  );
}
