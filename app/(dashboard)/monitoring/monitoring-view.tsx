'use client';
// The data scientists' monitoring widgets, polled from /api/v1/monitoring/*: the top-5 features' PSI heat map
// by week, per feature PSI over weeks, reference vs current histogram and mean shift, the score distribution,
// calibration per band and decile, estimated vs realized performance, challenger vs champion, the trigger log
// with acknowledgement, and the "Recalcular" button. One file per chart next to this one; this file polls and
// lays them out. Messages: monitoringPage, executive (executive.chart.*).
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { calibrationOf, monthRows, useMonitoringFeeds } from '@/components/charts/monitoring-api';
import type { MonitoringFirstPaint } from '@/lib/monitoring/read';
import { RunStatus } from './run-status';
import { PsiHeatmap } from './psi-heatmap';
import { FeaturePsiChart } from './feature-psi-chart';
import { HistogramChart } from './histogram-chart';
import { CalibrationChart } from './calibration-chart';
import { EstimatedChart } from './estimated-chart';
import { ChallengerPanel, type ChallengerOption } from './challenger-panel';
import { TriggerLog } from './trigger-log';
import { TriggerSettings } from './trigger-settings';

export function MonitoringView({
  canManage,
  challengers = [],
  initial,
}: {
  canManage: boolean;
  challengers?: ChallengerOption[];
  /** What the server read for the first paint; the queries poll from there. */
  initial?: MonitoringFirstPaint;
}) {
  const t = useTranslations('monitoringPage');
  const { drift, perf, triggers } = useMonitoringFeeds(initial);

  const features = drift.data?.features?.filter((f) => f !== 'score') ?? [];
  const items = drift.data?.items ?? [];
  const [feature, setFeature] = useState<string | null>(null);
  const chosen = feature ?? features[0] ?? null;
  const byPeriod = (f: string | null) =>
    items.filter((i) => i.feature === f).sort((a, b) => String(a.period).localeCompare(String(b.period)));
  const featureRows = byPeriod(chosen);
  const latest = featureRows.at(-1);
  const score = byPeriod('score').at(-1);
  const months = monthRows(perf.data);
  const lastDetails = [...months].reverse().find((m) => calibrationOf(m.details).decile.length)?.details;

  return (
    <>
      <RunStatus canManage={canManage} />

      <PsiHeatmap features={features} items={items} loading={drift.isPending} failed={drift.isError} />

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

      <FeaturePsiChart feature={chosen} rows={featureRows} latest={latest} loading={drift.isPending} />

      <HistogramChart
        kind="hist"
        title={t('hist.title', { feature: chosen ?? '' })}
        row={latest}
        loading={drift.isPending}
      />
      <HistogramChart kind="score" title={t('hist.score')} row={score} loading={drift.isPending} />

      {(['band', 'decile'] as const).map((k) => (
        <CalibrationChart key={k} kind={k} rows={calibrationOf(lastDetails)[k]} loading={perf.isPending} />
      ))}

      <EstimatedChart months={months} loading={perf.isPending} />

      <ChallengerPanel options={challengers} />

      <TriggerLog firings={triggers.data?.items ?? []} loading={triggers.isPending} canManage={canManage} />

      {canManage ? (
        <TriggerSettings triggers={triggers.data?.triggers ?? []} loading={triggers.isPending} />
      ) : null}
    </>
  );
}
