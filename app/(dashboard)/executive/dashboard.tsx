'use client';
// The Visão executiva widgets: KPIs and model health polled from /api/v1/executive/summary and the monitoring
// routes, and the AUC, recall/precision, band-mix and uplift-by-band charts (each with table view and CSV).
// Messages: executive.
import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Locale } from '@/lib/i18n/locales';
import { formatMonth, formatNumber, formatPercent } from '@/lib/format';
import { num3 } from '@/components/charts/format';
import type { ExecutiveSummary } from '@/lib/data/executive';
import { ChartCard } from '@/components/charts/chart-card';
import { UpliftCard } from './uplift-card';
import { psiBand } from '@/components/charts/heat';
import type { MonitoringFirstPaint } from '@/lib/monitoring/read';
import {
  AUC_FLOOR,
  POLL_MS,
  RECALL_FLOOR,
  getJson,
  modelHealth,
  monthRows,
  useMonitoringFeeds,
} from '@/components/charts/monitoring-api';

export function ExecutiveDashboard({
  initial,
  monitoring,
}: {
  initial: ExecutiveSummary;
  /** The monitoring figures read on the server for the first paint; the charts poll from there. */
  monitoring?: MonitoringFirstPaint;
}) {
  const t = useTranslations('executive');
  const locale = useLocale() as Locale;
  const summary = useQuery({
    queryKey: ['executive-summary'],
    queryFn: () => getJson<ExecutiveSummary>('/api/v1/executive/summary'),
    initialData: initial,
    refetchInterval: POLL_MS,
  });
  const { perf, drift, triggers } = useMonitoringFeeds(monitoring);
  const s = summary.data;
  const months = monthRows(perf.data);
  const matured = months.filter((m) => m.auc != null);
  const latestAuc = matured.at(-1)?.auc ?? null;
  const cardAuc = perf.data?.model?.cardAuc ?? null;
  const lastWeek = (drift.data?.items ?? [])
    .map((i) => i.period ?? '')
    .sort()
    .at(-1);
  const bands = (drift.data?.items ?? [])
    .filter((i) => i.period === lastWeek)
    .map((i) => psiBand(i.psi, i.verdict));
  const worstDrift = bands.includes('act')
    ? 'act'
    : bands.includes('watch')
      ? 'watch'
      : bands.length
        ? 'stable'
        : null;
  const triggersOpen = (triggers.data?.items ?? []).filter((f) => !f.acknowledgedAt).length || s.triggersOpen;
  const health = modelHealth({ latestAuc, worstDrift, triggersOpen });
  const share = (n: number) => (s.clientsScored ? n / s.clientsScored : null);

  const kpis: { key: string; label: string; value: string; tone?: 'bad' }[] = [
    { key: 'clients', label: t('kpi.clientsScored'), value: formatNumber(s.clientsScored, locale) },
    { key: 'critical', label: t('kpi.critical'), value: formatPercent(share(s.bands.CRITICAL), locale) },
    { key: 'moderate', label: t('kpi.moderate'), value: formatPercent(share(s.bands.MODERATE), locale) },
    { key: 'low', label: t('kpi.low'), value: formatPercent(share(s.bands.LOW), locale) },
    { key: 'alertsOpen', label: t('kpi.alertsOpen'), value: formatNumber(s.alertsOpen, locale) },
    {
      key: 'sla',
      label: t('kpi.alertsBreachingSla'),
      value: formatNumber(s.alertsBreachingSla, locale),
      ...(s.alertsBreachingSla > 0 ? { tone: 'bad' as const } : {}),
    },
    { key: 'sent', label: t('kpi.offersSent'), value: formatNumber(s.offersSent, locale) },
    {
      key: 'accepted',
      label: t('kpi.offersAccepted'),
      value: formatNumber(s.offersAccepted + s.alertsOfferAccepted, locale),
    },
    { key: 'conversion', label: t('kpi.conversion'), value: formatPercent(s.conversion, locale) },
  ];

  const aucTable = {
    header: [t('col.month'), t('col.auc'), t('col.aucLow'), t('col.aucHigh'), t('col.estAuc'), t('col.n')],
    rows: months.map((m) => [
      formatMonth(m.period, locale),
      num3(m.auc, locale),
      num3(m.aucLow, locale),
      num3(m.aucHigh, locale),
      num3(m.estAuc, locale),
      formatNumber(m.n, locale),
    ]),
    csv: months.map((m) => [m.period, m.auc, m.aucLow, m.aucHigh, m.estAuc, m.n]),
    highlight: months.map((m) => m.auc != null && m.auc < AUC_FLOOR),
  };
  const aucData = months.map((m) => ({
    label: formatMonth(m.period, locale),
    auc: m.auc ?? null,
    est: m.auc == null ? (m.estAuc ?? null) : null,
    band: m.aucLow != null && m.aucHigh != null ? [m.aucLow, m.aucHigh] : null,
  }));
  const rpTable = {
    header: [t('col.month'), t('col.recall'), t('col.precision'), t('col.estRecall'), t('col.estPrecision')],
    rows: months.map((m) => [
      formatMonth(m.period, locale),
      formatPercent(m.recall, locale),
      formatPercent(m.precision, locale),
      formatPercent(m.estRecall, locale),
      formatPercent(m.estPrecision, locale),
    ]),
    csv: months.map((m) => [m.period, m.recall, m.precision, m.estRecall, m.estPrecision]),
    highlight: months.map((m) => m.recall != null && m.recall < RECALL_FLOOR),
  };
  const mix = s.bandMix.map((b) => ({
    label: formatMonth(b.asOfMonth, locale),
    CRITICAL: b.clients ? b.CRITICAL / b.clients : 0,
    MODERATE: b.clients ? b.MODERATE / b.clients : 0,
    LOW: b.clients ? b.LOW / b.clients : 0,
  }));
  const mixTable = {
    header: [t('col.month'), t('col.clients'), t('kpi.critical'), t('kpi.moderate'), t('kpi.low')],
    rows: s.bandMix.map((b, i) => [
      formatMonth(b.asOfMonth, locale),
      formatNumber(b.clients, locale),
      formatPercent(mix[i]?.CRITICAL, locale),
      formatPercent(mix[i]?.MODERATE, locale),
      formatPercent(mix[i]?.LOW, locale),
    ]),
    csv: s.bandMix.map((b) => [b.asOfMonth, b.clients, b.CRITICAL, b.MODERATE, b.LOW]),
  };
  const pct = (v: number) => formatPercent(v, locale, 0);

  return (
    <>
      <p className="muted" data-testid="executive-asof">
        {s.asOfMonth ? t('asOf', { month: formatMonth(s.asOfMonth, locale) }) : t('noRun')}
      </p>
      <section className="card section" data-testid="model-health">
        <h2>{t('health.title')}</h2>
        <p>
          <span
            className={`badge ${health === 'ok' ? 'ok' : health === 'watch' ? 'warn' : 'danger'}`}
            data-testid="model-health-badge"
          >
            {t(`health.${health}`)}
          </span>{' '}
          {t('health.detail', {
            auc: num3(latestAuc, locale),
            card: num3(cardAuc, locale),
            drift: worstDrift ? t(`verdict.${worstDrift}`) : t('verdict.none'),
            triggers: formatNumber(triggersOpen, locale),
          })}
        </p>
      </section>
      <div
        className="section"
        style={{
          display: 'grid',
          gap: '0.75rem',
          gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
        }}
        data-testid="kpis"
      >
        {kpis.map((k) => (
          <div key={k.key} className="card" data-testid={`kpi-${k.key}`}>
            <div className="muted small">{k.label}</div>
            <div
              style={{ fontSize: '1.6rem', fontWeight: 600, color: k.tone === 'bad' ? '#b42318' : undefined }}
            >
              {k.value}
            </div>
          </div>
        ))}
      </div>

      <ChartCard
        title={t('chart.auc.title')}
        testId="chart-auc"
        loading={perf.isPending}
        empty={!months.length}
        emptyText={perf.isError ? t('chart.unavailable') : t('chart.auc.empty')}
        table={aucTable}
        filename="auc-por-mes"
        note={t('chart.auc.note', { card: num3(cardAuc, locale), floor: num3(AUC_FLOOR, locale) })}
      >
        <div style={{ height: 280 }} aria-hidden="true">
          <ResponsiveContainer>
            <ComposedChart data={aucData} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} />
              <YAxis
                domain={[0.5, 0.9]}
                tick={{ fontSize: 11 }}
                tickFormatter={(v: number) => num3(v, locale)}
              />
              <Tooltip
                formatter={(v) =>
                  Array.isArray(v)
                    ? v.map((x) => num3(Number(x), locale)).join(' – ')
                    : num3(Number(v), locale)
                }
              />
              <Legend />
              <Area
                dataKey="band"
                name={t('chart.auc.ci')}
                fill="var(--brand)"
                fillOpacity={0.15}
                stroke="none"
                isAnimationActive={false}
              />
              <Line
                dataKey="auc"
                name={t('col.auc')}
                stroke="var(--brand)"
                strokeWidth={2}
                isAnimationActive={false}
                connectNulls={false}
              />
              <Line
                dataKey="est"
                name={t('col.estAuc')}
                stroke="#777"
                strokeDasharray="5 4"
                isAnimationActive={false}
              />
              {cardAuc != null ? (
                <ReferenceLine
                  y={cardAuc}
                  stroke="#2e7d32"
                  strokeDasharray="4 2"
                  label={t('chart.auc.card')}
                />
              ) : null}
              <ReferenceLine y={AUC_FLOOR} stroke="#b42318" label={t('chart.auc.floor')} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      </ChartCard>

      <ChartCard
        title={t('chart.recall.title')}
        testId="chart-recall"
        loading={perf.isPending}
        empty={!months.length}
        emptyText={perf.isError ? t('chart.unavailable') : t('chart.auc.empty')}
        table={rpTable}
        filename="recall-precisao"
      >
        <div style={{ height: 260 }} aria-hidden="true">
          <ResponsiveContainer>
            <ComposedChart
              data={months.map((m) => ({
                label: formatMonth(m.period, locale),
                recall: m.recall ?? m.estRecall ?? null,
                precision: m.precision ?? m.estPrecision ?? null,
              }))}
              accessibilityLayer={false}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} />
              <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} tickFormatter={pct} />
              <Tooltip formatter={(v) => formatPercent(Number(v), locale)} />
              <Legend />
              <Line dataKey="recall" name={t('col.recall')} stroke="var(--brand)" isAnimationActive={false} />
              <Line
                dataKey="precision"
                name={t('col.precision')}
                stroke="#c77700"
                isAnimationActive={false}
              />
              <ReferenceLine y={RECALL_FLOOR} stroke="#b42318" label={pct(RECALL_FLOOR)} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      </ChartCard>

      <ChartCard
        title={t('chart.mix.title')}
        testId="chart-mix"
        empty={!s.bandMix.length}
        emptyText={t('chart.mix.empty')}
        table={mixTable}
        filename="mix-de-faixas"
      >
        <div style={{ height: 260 }} aria-hidden="true">
          <ResponsiveContainer>
            <BarChart data={mix} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} />
              <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} tickFormatter={pct} />
              <Tooltip formatter={(v) => formatPercent(Number(v), locale)} />
              <Legend />
              <Bar
                dataKey="CRITICAL"
                stackId="b"
                name={t('kpi.critical')}
                fill="#b42318"
                isAnimationActive={false}
              />
              <Bar
                dataKey="MODERATE"
                stackId="b"
                name={t('kpi.moderate')}
                fill="#e0a100"
                isAnimationActive={false}
              />
              <Bar dataKey="LOW" stackId="b" name={t('kpi.low')} fill="#4c9a5f" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </ChartCard>

      <UpliftCard uplift={s.uplift} />
    </>
  );
}
