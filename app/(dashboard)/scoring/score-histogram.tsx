'use client';
// The run's scores as a 20-bin bar chart (recharts) with a table carrying the same numbers for assistive
// technology. The chart is decoration for sighted users: hidden from screen readers and, with recharts'
// accessibility layer off, never a keyboard stop (the Variáveis page found hidden charts taking focus; axe
// aria-hidden-focus). The visually hidden table is what screen readers read.
// Messages: scoring (scoring.histogram.*).
import { useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, formatPercent } from '@/lib/format';
import { histogramBins } from './figures';
import styles from './scoring.module.css';

export function ScoreHistogram({ counts }: { counts: readonly number[] }) {
  const t = useTranslations('scoring.histogram');
  const locale = useLocale();
  const bins = histogramBins(counts);
  const range = (b: { from: number; to: number }) =>
    t('range', { from: formatPercent(b.from, locale, 0), to: formatPercent(b.to, locale, 0) });
  const data = bins.map((b) => ({ ...b, label: formatPercent(b.from, locale, 0), name: range(b) }));
  const total = counts.reduce((a, b) => a + b, 0);
  return (
    <figure style={{ margin: 0 }} data-testid="score-histogram">
      <div className={styles.chart} aria-hidden="true">
        <ResponsiveContainer>
          <BarChart
            data={data}
            accessibilityLayer={false}
            margin={{ top: 8, right: 8, bottom: 24, left: 8 }}
            barCategoryGap={1}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="label"
              interval={1}
              tick={{ fontSize: 11 }}
              label={{ value: t('xAxis'), position: 'insideBottom', offset: -14, fontSize: 12 }}
            />
            <YAxis
              allowDecimals={false}
              width={56}
              tick={{ fontSize: 11 }}
              tickFormatter={(v: number) => formatNumber(v, locale)}
            />
            <Tooltip
              formatter={(v) => [formatNumber(Number(v), locale), t('clients')]}
              labelFormatter={(_, payload) => String(payload?.[0]?.payload?.name ?? '')}
            />
            <Bar dataKey="count" name={t('clients')} fill="var(--brand)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">{t('legend', { n: formatNumber(total, locale) })}</figcaption>
      <table className="sr-only" data-testid="score-histogram-table">
        <caption>{t('caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('rangeCol')}</th>
            <th scope="col">{t('clients')}</th>
          </tr>
        </thead>
        <tbody>
          {bins.map((b) => (
            <tr key={b.from}>
              <td>{range(b)}</td>
              <td>{formatNumber(b.count, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
