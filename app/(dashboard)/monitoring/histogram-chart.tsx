'use client';
// Reference vs current shares per reference bin (a feature's, or the score's), from a drift row.
import { useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Locale } from '@/lib/i18n/locales';
import { formatPercent } from '@/lib/format';
import { ChartCard } from '@/components/charts/chart-card';
import type { DriftItem } from '@/components/charts/monitoring-api';

export function HistogramChart({
  kind,
  title,
  row,
  loading,
}: {
  /** 'hist' (the chosen feature) or 'score': names the test id and the CSV file. */
  kind: 'hist' | 'score';
  title: string;
  row: DriftItem | undefined;
  loading: boolean;
}) {
  const t = useTranslations('monitoringPage');
  const locale = useLocale() as Locale;
  const pct = (v: number | null | undefined) => formatPercent(v, locale);
  const hist = (row?.shares ?? []).map((s, i) => ({
    bin: String(i + 1),
    current: s,
    reference: row?.referenceShares?.[i] ?? null,
  }));
  return (
    <ChartCard
      title={title}
      testId={`chart-${kind}`}
      loading={loading}
      empty={!row?.shares?.length}
      emptyText={t('heat.empty')}
      filename={`histograma-${kind}`}
      table={{
        header: [t('col.bin'), t('col.reference'), t('col.current')],
        rows: hist.map((h) => [h.bin, pct(h.reference), pct(h.current)]),
        csv: hist.map((h) => [h.bin, h.reference, h.current]),
      }}
    >
      <div style={{ height: 220 }} aria-hidden="true">
        <ResponsiveContainer>
          <BarChart data={hist} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="bin" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatPercent(v, locale, 0)} />
            <Tooltip formatter={(v) => pct(Number(v))} />
            <Legend />
            <Bar dataKey="reference" name={t('col.reference')} fill="#9aa5b1" isAnimationActive={false} />
            <Bar dataKey="current" name={t('col.current')} fill="var(--brand)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
