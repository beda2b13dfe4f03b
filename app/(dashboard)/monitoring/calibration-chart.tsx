'use client';
// Predicted vs observed default rate per band or per score decile, on the latest matured month.
import { useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Locale } from '@/lib/i18n/locales';
import { formatNumber, formatPercent } from '@/lib/format';
import { ChartCard } from '@/components/charts/chart-card';

export interface CalibrationRow {
  band?: string;
  decile?: number;
  n?: number;
  predicted?: number | null;
  observed?: number | null;
}

export function CalibrationChart({
  kind,
  rows,
  loading,
}: {
  kind: 'band' | 'decile';
  rows: CalibrationRow[];
  loading: boolean;
}) {
  const t = useTranslations('monitoringPage');
  const tk = useTranslations('executive.kpi');
  const locale = useLocale() as Locale;
  const pct = (v: number | null | undefined) => formatPercent(v, locale);
  const bandName = (b: string) =>
    b === 'CRITICAL' ? tk('critical') : b === 'MODERATE' ? tk('moderate') : b === 'LOW' ? tk('low') : b;
  const label = (r: CalibrationRow) => (r.band ? bandName(r.band) : String(r.decile ?? ''));
  return (
    <ChartCard
      title={t(`calibration.${kind}`)}
      testId={`chart-calibration-${kind}`}
      loading={loading}
      empty={!rows.length}
      emptyText={t('calibration.empty')}
      filename={`calibracao-${kind}`}
      table={{
        header: [t(`col.${kind}`), t('col.n'), t('col.predicted'), t('col.observed')],
        rows: rows.map((r) => [label(r), formatNumber(r.n, locale), pct(r.predicted), pct(r.observed)]),
        csv: rows.map((r) => [label(r), r.n, r.predicted, r.observed]),
      }}
    >
      <div style={{ height: 220 }} aria-hidden="true">
        <ResponsiveContainer>
          <BarChart
            data={rows.map((r) => ({
              k: label(r),
              predicted: r.predicted ?? null,
              observed: r.observed ?? null,
            }))}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="k" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatPercent(v, locale, 0)} />
            <Tooltip formatter={(v) => pct(Number(v))} />
            <Legend />
            <Bar dataKey="predicted" name={t('col.predicted')} fill="#9aa5b1" isAnimationActive={false} />
            <Bar dataKey="observed" name={t('col.observed')} fill="var(--brand)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
