'use client';
// The data scientists' monitoring widgets, polled from /api/v1/monitoring/*: the top-5 features' PSI heat map
// by week, per feature PSI over weeks, reference vs current histogram and mean shift, the score distribution,
// calibration per band and decile, estimated vs realized performance, the trigger log with acknowledgement,
// and the "Recalcular" button. Messages: monitoringPage, executive (executive.chart.*).
import { useActionState, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import {
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
import { formatDateTime, formatMonth, formatNumber, formatPercent } from '@/lib/format';
import { acknowledgeFiring } from '@/lib/actions/acknowledge-firing';
import { initialActionState } from '@/lib/actions/action-state';
import { FormStatus } from '@/components/ui/form-status';
import { ChartCard } from '@/components/charts/chart-card';
import { BAND_COLOUR, PSI_ACT, PSI_WATCH, psiBand } from '@/components/charts/heat';
import {
  AUC_FLOOR,
  POLL_MS,
  calibrationOf,
  getJson,
  monthRows,
  type DriftResponse,
  type FiringItem,
  type PerformanceResponse,
  type TriggersResponse,
} from '@/components/charts/monitoring-api';

const n3 = (v: number | null | undefined, l: Locale) => formatNumber(v, l, 3);

interface RunRow {
  id: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
  message: string | null;
}

export function MonitoringView({ canManage }: { canManage: boolean }) {
  const t = useTranslations('monitoringPage');
  const tk = useTranslations('executive.kpi');
  const bandName = (b: string) =>
    b === 'CRITICAL' ? tk('critical') : b === 'MODERATE' ? tk('moderate') : b === 'LOW' ? tk('low') : b;
  const locale = useLocale() as Locale;
  const qc = useQueryClient();
  const drift = useQuery({
    queryKey: ['monitoring-drift', 'WEEK'],
    queryFn: () => getJson<DriftResponse>('/api/v1/monitoring/drift?periodKind=WEEK'),
    refetchInterval: POLL_MS,
  });
  const perf = useQuery({
    queryKey: ['monitoring-performance', 'MONTH', 'all'],
    queryFn: () => getJson<PerformanceResponse>('/api/v1/monitoring/performance?periodKind=MONTH&cohort=all'),
    refetchInterval: POLL_MS,
  });
  const triggers = useQuery({
    queryKey: ['monitoring-triggers'],
    queryFn: () => getJson<TriggersResponse>('/api/v1/monitoring/triggers'),
    refetchInterval: POLL_MS,
  });
  const runs = useQuery({
    queryKey: ['monitoring-runs'],
    queryFn: () => getJson<{ runs?: RunRow[] }>('/api/v1/monitoring/runs'),
    refetchInterval: (q) =>
      q.state.data?.runs?.some((r) => r.status === 'QUEUED' || r.status === 'RUNNING') ? 3000 : POLL_MS,
  });
  const start = useMutation({
    mutationFn: async () => {
      const r = await fetch('/api/v1/monitoring/runs', { method: 'POST' });
      if (!r.ok) throw new Error(String(r.status));
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: ['monitoring-runs'] }),
  });

  const features = drift.data?.features?.filter((f) => f !== 'score') ?? [];
  const items = drift.data?.items ?? [];
  const weeks = [...new Set(items.map((i) => i.period ?? ''))].filter(Boolean).sort();
  const cell = (f: string, w: string) => items.find((i) => i.feature === f && i.period === w);
  const [feature, setFeature] = useState<string | null>(null);
  const chosen = feature ?? features[0] ?? null;
  const featureRows = items
    .filter((i) => i.feature === chosen)
    .sort((a, b) => String(a.period).localeCompare(String(b.period)));
  const latestOf = (f: string | null) =>
    items
      .filter((i) => i.feature === f)
      .sort((a, b) => String(a.period).localeCompare(String(b.period)))
      .at(-1);
  const latest = latestOf(chosen);
  const score = latestOf('score');
  const hist = (d: typeof latest) =>
    (d?.shares ?? []).map((s, i) => ({
      bin: String(i + 1),
      current: s,
      reference: d?.referenceShares?.[i] ?? null,
    }));
  const months = monthRows(perf.data);
  const lastDetails = [...months].reverse().find((m) => calibrationOf(m.details).decile.length)?.details;
  const pct = (v: number | null | undefined) => formatPercent(v, locale);
  const firings = triggers.data?.items ?? [];
  const lastRun = runs.data?.runs?.[0];

  const heatTable = {
    header: [t('col.feature'), ...weeks],
    rows: features.map((f) => [f, ...weeks.map((w) => n3(cell(f, w)?.psi, locale))]),
    csv: features.map((f) => [f, ...weeks.map((w) => cell(f, w)?.psi ?? null)]),
  };

  return (
    <>
      <section className="card section" data-testid="monitoring-run">
        <div style={{ display: 'flex', gap: '1rem', alignItems: 'center', flexWrap: 'wrap' }}>
          {canManage ? (
            <button
              type="button"
              className="btn primary"
              data-testid="monitoring-recompute"
              disabled={start.isPending || lastRun?.status === 'QUEUED' || lastRun?.status === 'RUNNING'}
              onClick={() => start.mutate()}
            >
              {t('recompute')}
            </button>
          ) : null}
          <span role="status" aria-live="polite" data-testid="monitoring-run-status">
            {start.isError
              ? t('runFailed')
              : lastRun
                ? t('lastRun', {
                    status: t(`status.${lastRun.status as 'QUEUED'}`),
                    at: formatDateTime(lastRun.finishedAt ?? lastRun.createdAt, locale),
                  })
                : t('noRun')}
          </span>
        </div>
      </section>

      <ChartCard
        title={t('heat.title')}
        testId="psi-heatmap"
        loading={drift.isPending}
        empty={!features.length || !weeks.length}
        emptyText={drift.isError ? t('unavailable') : t('heat.empty')}
        table={heatTable}
        filename="psi-por-semana"
        note={t('heat.legend', { watch: n3(PSI_WATCH, locale), act: n3(PSI_ACT, locale) })}
      >
        <div style={{ overflowX: 'auto' }}>
          <table className="table" data-testid="psi-heatmap-grid">
            <thead>
              <tr>
                <th scope="col">{t('col.feature')}</th>
                {weeks.map((w) => (
                  <th key={w} scope="col">
                    {w}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {features.map((f) => (
                <tr key={f}>
                  <th scope="row">{f}</th>
                  {weeks.map((w) => {
                    const c = cell(f, w);
                    const band = psiBand(c?.psi, c?.verdict);
                    return (
                      <td
                        key={w}
                        data-verdict={band ?? 'none'}
                        style={{ background: BAND_COLOUR[band ?? 'none'], textAlign: 'center' }}
                        title={band ? t(`verdict.${band}`) : t('verdict.none')}
                      >
                        {n3(c?.psi, locale)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small">
            {(['stable', 'watch', 'act'] as const).map((b) => (
              <span key={b} style={{ marginRight: '1rem' }}>
                <span
                  style={{
                    display: 'inline-block',
                    width: 12,
                    height: 12,
                    background: BAND_COLOUR[b],
                    marginRight: 4,
                  }}
                />
                {t(`verdict.${b}`)}
              </span>
            ))}
          </p>
        </div>
      </ChartCard>

      {features.length ? (
        <label className="section" style={{ display: 'block' }}>
          {t('feature')}{' '}
          <select
            value={chosen ?? ''}
            onChange={(e) => setFeature(e.target.value)}
            data-testid="feature-select"
          >
            {features.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      ) : null}

      <ChartCard
        title={t('psi.title', { feature: chosen ?? '' })}
        testId="chart-psi"
        loading={drift.isPending}
        empty={!featureRows.length}
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
          rows: featureRows.map((r) => [
            r.period,
            n3(r.psi, locale),
            n3(r.referenceMean, locale),
            n3(r.currentMean, locale),
            n3(r.meanShift, locale),
            pct(r.missingShare),
          ]),
          csv: featureRows.map((r) => [
            r.period,
            r.psi,
            r.referenceMean,
            r.currentMean,
            r.meanShift,
            r.missingShare,
          ]),
          highlight: featureRows.map((r) => psiBand(r.psi, r.verdict) === 'act'),
        }}
        note={
          latest
            ? t('psi.shift', {
                shift: n3(latest.meanShift, locale),
                ref: n3(latest.referenceMean, locale),
                cur: n3(latest.currentMean, locale),
              })
            : null
        }
      >
        <div style={{ height: 240 }} aria-hidden="true">
          <ResponsiveContainer>
            <ComposedChart
              data={featureRows.map((r) => ({ week: r.period, psi: r.psi ?? null }))}
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

      {[
        { key: 'hist', d: latest, title: t('hist.title', { feature: chosen ?? '' }) },
        { key: 'score', d: score, title: t('hist.score') },
      ].map(({ key, d, title }) => (
        <ChartCard
          key={key}
          title={title}
          testId={`chart-${key}`}
          loading={drift.isPending}
          empty={!d?.shares?.length}
          emptyText={t('heat.empty')}
          filename={`histograma-${key}`}
          table={{
            header: [t('col.bin'), t('col.reference'), t('col.current')],
            rows: hist(d).map((h) => [h.bin, pct(h.reference), pct(h.current)]),
            csv: hist(d).map((h) => [h.bin, h.reference, h.current]),
          }}
        >
          <div style={{ height: 220 }} aria-hidden="true">
            <ResponsiveContainer>
              <BarChart data={hist(d)} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="bin" tick={{ fontSize: 11 }} />
                <YAxis tick={{ fontSize: 11 }} tickFormatter={(v: number) => formatPercent(v, locale, 0)} />
                <Tooltip formatter={(v) => pct(Number(v))} />
                <Legend />
                <Bar dataKey="reference" name={t('col.reference')} fill="#9aa5b1" isAnimationActive={false} />
                <Bar
                  dataKey="current"
                  name={t('col.current')}
                  fill="var(--brand)"
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </ChartCard>
      ))}

      {(['band', 'decile'] as const).map((k) => {
        const rows: {
          band?: string;
          decile?: number;
          n?: number;
          predicted?: number | null;
          observed?: number | null;
        }[] = calibrationOf(lastDetails)[k];
        const label = (r: (typeof rows)[number]) => (r.band ? bandName(r.band) : String(r.decile ?? ''));
        return (
          <ChartCard
            key={k}
            title={t(`calibration.${k}`)}
            testId={`chart-calibration-${k}`}
            loading={perf.isPending}
            empty={!rows.length}
            emptyText={t('calibration.empty')}
            filename={`calibracao-${k}`}
            table={{
              header: [t(`col.${k}`), t('col.n'), t('col.predicted'), t('col.observed')],
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
                  <Bar
                    dataKey="predicted"
                    name={t('col.predicted')}
                    fill="#9aa5b1"
                    isAnimationActive={false}
                  />
                  <Bar
                    dataKey="observed"
                    name={t('col.observed')}
                    fill="var(--brand)"
                    isAnimationActive={false}
                  />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </ChartCard>
        );
      })}

      <ChartCard
        title={t('estimated.title')}
        testId="chart-estimated"
        loading={perf.isPending}
        empty={!months.length}
        emptyText={t('estimated.empty')}
        filename="estimado-vs-realizado"
        table={{
          header: [t('col.month'), t('col.auc'), t('col.estAuc'), t('col.recall'), t('col.estRecall')],
          rows: months.map((m) => [
            formatMonth(m.period, locale),
            n3(m.auc, locale),
            n3(m.estAuc, locale),
            pct(m.recall),
            pct(m.estRecall),
          ]),
          csv: months.map((m) => [m.period, m.auc, m.estAuc, m.recall, m.estRecall]),
          highlight: months.map((m) => m.auc != null && m.auc < AUC_FLOOR),
        }}
      >
        <div style={{ height: 240 }} aria-hidden="true">
          <ResponsiveContainer>
            <ComposedChart
              data={months.map((m) => ({
                m: formatMonth(m.period, locale),
                auc: m.auc ?? null,
                est: m.estAuc ?? null,
              }))}
              accessibilityLayer={false}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="m" tick={{ fontSize: 11 }} />
              <YAxis domain={[0.5, 0.9]} tick={{ fontSize: 11 }} />
              <Tooltip />
              <Legend />
              <Line dataKey="auc" name={t('col.auc')} stroke="var(--brand)" isAnimationActive={false} />
              <Line
                dataKey="est"
                name={t('col.estAuc')}
                stroke="#777"
                strokeDasharray="5 4"
                isAnimationActive={false}
              />
              <ReferenceLine y={AUC_FLOOR} stroke="#b42318" />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      </ChartCard>

      <section className="card section" data-testid="trigger-log">
        <h2>{t('triggers.title')}</h2>
        {triggers.isPending ? (
          <div className="skeleton" aria-hidden="true" style={{ height: 120 }} />
        ) : !firings.length ? (
          <p className="muted" data-testid="trigger-log-empty">
            {t('triggers.empty')}
          </p>
        ) : (
          <div style={{ overflowX: 'auto' }}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('triggers.firedAt')}</th>
                  <th scope="col">{t('triggers.name')}</th>
                  <th scope="col">{t('col.period')}</th>
                  <th scope="col">{t('triggers.value')}</th>
                  <th scope="col">{t('triggers.threshold')}</th>
                  <th scope="col">{t('triggers.ack')}</th>
                </tr>
              </thead>
              <tbody>
                {firings.map((f) => (
                  <FiringRow key={String(f.id)} f={f} canManage={canManage} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function FiringRow({ f, canManage }: { f: FiringItem; canManage: boolean }) {
  const t = useTranslations('monitoringPage');
  const locale = useLocale() as Locale;
  const [state, act, pending] = useActionState(acknowledgeFiring, initialActionState);
  return (
    <tr data-testid="trigger-row" data-acknowledged={f.acknowledgedAt ? 'true' : 'false'}>
      <td>{formatDateTime(f.firedAt, locale)}</td>
      <td>
        {f.name ?? f.metric}
        {f.subject ? ` · ${f.subject}` : ''}
      </td>
      <td>{f.period}</td>
      <td>{n3(f.value, locale)}</td>
      <td>{n3(f.threshold, locale)}</td>
      <td>
        {f.acknowledgedAt ? (
          <span className="small">
            {t('triggers.acked', {
              by: f.acknowledgedBy ?? '—',
              at: formatDateTime(f.acknowledgedAt, locale),
            })}
            {f.ackNote ? ` · ${f.ackNote}` : ''}
          </span>
        ) : canManage ? (
          <form action={act} style={{ display: 'flex', gap: '0.25rem' }}>
            <input type="hidden" name="id" value={String(f.id)} />
            <input
              name="note"
              aria-label={t('triggers.note')}
              placeholder={t('triggers.note')}
              maxLength={500}
            />
            <button type="submit" className="btn" disabled={pending} data-testid="trigger-ack">
              {t('triggers.acknowledge')}
            </button>
            <FormStatus state={state} pending={pending} />
          </form>
        ) : (
          <span className="badge warn">{t('triggers.open')}</span>
        )}
      </td>
    </tr>
  );
}
