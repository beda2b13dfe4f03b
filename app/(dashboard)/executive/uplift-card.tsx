'use client';
// Uplift by band (CRITICAL, MODERATE) over the champion's matured months, from the summary: accepted offers per
// contact (offers sent, calls) and the default rate of the contacted, the treated and the holdout, with 95%
// intervals (Wilson per rate, Newcombe per difference). Messages: executive.
import { useLocale, useTranslations } from 'next-intl';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ErrorBar,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Locale } from '@/lib/i18n/locales';
import { formatMonth, formatNumber, formatPercent } from '@/lib/format';
import type { ExecutiveUplift } from '@/lib/data/executive';
import type { Interval } from '@/lib/engagement/stats';
import { ChartCard } from '@/components/charts/chart-card';

export function UpliftCard({ uplift }: { uplift: ExecutiveUplift }) {
  const t = useTranslations('executive');
  const locale = useLocale() as Locale;
  const pct = (v: number | null | undefined) => formatPercent(v, locale);
  const ci = (i: Interval | null) =>
    i ? t('uplift.ci', { v: pct(i.estimate), low: pct(i.low), high: pct(i.high) }) : '—';
  const bandName = (b: 'CRITICAL' | 'MODERATE') => (b === 'CRITICAL' ? t('kpi.critical') : t('kpi.moderate'));
  const err = (i: Interval | null) => (i ? [i.estimate - i.low, i.high - i.estimate] : [0, 0]);
  const data = uplift.bands.map((b) => ({
    band: bandName(b.band),
    contacted: b.contacted.rate?.estimate ?? null,
    contactedErr: err(b.contacted.rate),
    holdout: b.holdout.rate?.estimate ?? null,
    holdoutErr: err(b.holdout.rate),
  }));
  const empty = !uplift.months.length || uplift.bands.every((b) => !b.treated.n && !b.holdout.n);
  const first = uplift.months[0];
  const last = uplift.months.at(-1);
  return (
    <ChartCard
      title={t('uplift.title')}
      testId="chart-uplift"
      empty={empty}
      emptyText={t('uplift.empty')}
      filename="uplift-por-faixa"
      note={
        first && last
          ? t('uplift.note', {
              from: formatMonth(first, locale),
              to: formatMonth(last, locale),
              months: formatNumber(uplift.months.length, locale),
            })
          : null
      }
      table={{
        header: [
          t('uplift.col.band'),
          t('uplift.col.contacted'),
          t('uplift.col.acceptance'),
          t('uplift.col.defaultContacted'),
          t('uplift.col.defaultHoldout'),
          t('uplift.col.diff'),
          t('uplift.col.itt'),
        ],
        rows: uplift.bands.map((b) => [
          bandName(b.band),
          formatNumber(b.contacted.n, locale),
          `${ci(b.acceptance)} · ${formatNumber(b.accepted, locale)}`,
          ci(b.contacted.rate),
          `${ci(b.holdout.rate)} · ${formatNumber(b.holdout.n, locale)}`,
          ci(b.contactedVsHoldout),
          ci(b.treatedVsHoldout),
        ]),
        csv: uplift.bands.map((b) => [
          b.band,
          b.contacted.n,
          b.accepted,
          b.acceptance?.estimate ?? null,
          b.contacted.rate?.estimate ?? null,
          b.holdout.n,
          b.holdout.rate?.estimate ?? null,
          b.contactedVsHoldout?.estimate ?? null,
          b.contactedVsHoldout?.low ?? null,
          b.contactedVsHoldout?.high ?? null,
          b.treatedVsHoldout?.estimate ?? null,
        ]),
        highlight: uplift.bands.map((b) => !!b.contactedVsHoldout && b.contactedVsHoldout.high < 0),
      }}
    >
      <div style={{ height: 240 }} aria-hidden="true">
        <ResponsiveContainer>
          <BarChart data={data} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="band" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatPercent(v, locale, 0)} />
            <Tooltip formatter={(v) => pct(Number(v))} />
            <Legend />
            <Bar
              dataKey="contacted"
              name={t('uplift.col.defaultContacted')}
              fill="var(--brand)"
              isAnimationActive={false}
            >
              <ErrorBar dataKey="contactedErr" width={6} stroke="#333" />
            </Bar>
            <Bar
              dataKey="holdout"
              name={t('uplift.col.defaultHoldout')}
              fill="#9aa5b1"
              isAnimationActive={false}
            >
              <ErrorBar dataKey="holdoutErr" width={6} stroke="#333" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartCard>
  );
}
