'use client';
// One feature's PSI over weeks with the watch/act lines, and its latest mean shift.
import { useLocale, useTranslations } from 'next-intl';
import {
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Locale } from '@/lib/i18n/locales';
import { formatPercent } from '@/lib/format';
import { ChartCard } from '@/components/charts/chart-card';
import { num3 } from '@/components/charts/format';
import { PSI_ACT, PSI_WATCH, psiBand } from '@/components/charts/heat';
import type { DriftItem } from '@/components/charts/monitoring-api';

export function FeaturePsiChart({
  feature,
  rows,
  latest,
  loading,
}: {
  feature: string | null;
  /** The feature's drift rows, oldest week first. */
  rows: DriftItem[];
  latest: DriftItem | undefined;
  loading: boolean;
}) {
  const t = useTranslations('monitoringPage');
  const locale = useLocale() as Locale;
  const pct = (v: number | null | undefined) => formatPercent(v, locale);
  return (
    <ChartCard
      title={t('psi.title', { feature: feature ?? '' })}
      testId="chart-psi"
      loading={loading}
      empty={!rows.length}
      emptyText={t('heat.empty')}
      filename="psi-variavel"
      table={{
        header: [
          t('col.week'),
          t('col.psi'),
          t('col.refMean'),
          t('col.curMean'),
          t('col.meanShift'),
          t('col.missing'),
        ],
        rows: rows.map((r) => [
          r.period,
          num3(r.psi, locale),
          num3(r.referenceMean, locale),
          num3(r.currentMean, locale),
          num3(r.meanShift, locale),
          pct(r.missingShare),
        ]),
        csv: rows.map((r) => [r.period, r.psi, r.referenceMean, r.currentMean, r.meanShift, r.missingShare]),
        highlight: rows.map((r) => psiBand(r.psi, r.verdict) === 'act'),
      }}
      note={
        latest
          ? t('psi.shift', {
              shift: num3(latest.meanShift, locale),
              ref: num3(latest.referenceMean, locale),
              cur: num3(latest.currentMean, locale),
            })
          : null
      }
    >
      <div style={{ height: 240 }} aria-hidden="true">
        <ResponsiveContainer>
          <ComposedChart
            data={rows.map((r) => ({ week: r.period, psi: r.psi ?? null }))}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="week" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} />
            <Tooltip />
            <Line dataKey="psi" name={t('col.psi')} stroke="var(--brand)" isAnimationActive={false} />
            <ReferenceLine y={PSI_WATCH} stroke="#e0a100" />
            <ReferenceLine y={PSI_ACT} stroke="#b42318" />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
