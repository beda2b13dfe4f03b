'use client';
// Challenger vs champion (GET /api/v1/monitoring/compare): a CANDIDATE or CHALLENGER model scored on the
// champion's matured decisions, AUC per month with 95% intervals, the paired DeLong p-value, and the
// CHALLENGER_READY trigger's verdict on its window. Computed when asked (it scores the challenger), not polled.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import type { Locale } from '@/lib/i18n/locales';
import { formatMonth, formatNumber } from '@/lib/format';
import { AucMonthChart } from '@/components/charts/auc-month-chart';
import { ChartCard } from '@/components/charts/chart-card';
import { num3 } from '@/components/charts/format';

export interface ChallengerOption {
  id: string;
  name: string;
  version: number;
  status: 'CANDIDATE' | 'CHALLENGER';
}

interface Ci {
  auc: number;
  low: number;
  high: number;
}
interface Figures {
  n: number;
  positives: number;
  champion: Ci | null;
  challenger: Ci | null;
  diff: number | null;
  pValue: number | null;
}
interface CompareResponse {
  months: (Figures & { month: string })[];
  pooled: Figures & { months: string[] };
  trigger: {
    name: string;
    threshold: number;
    windowMonths: number;
    minSample: number;
    beats: boolean;
    window: Figures & { months: string[] };
  } | null;
  firings: { id: string; period: string; value: number; firedAt: string }[];
}

async function fetchCompare(id: string): Promise<CompareResponse> {
  const r = await fetch(`/api/v1/monitoring/compare?challenger=${encodeURIComponent(id)}`);
  const body = (await r.json().catch(() => null)) as
    (CompareResponse & { error?: { message?: string } }) | null;
  if (!r.ok) throw new Error(body?.error?.message ?? String(r.status));
  return body as CompareResponse;
}

export function ChallengerPanel({ options }: { options: ChallengerOption[] }) {
  const t = useTranslations('monitoringPage.compare');
  const tc = useTranslations('monitoringPage.col');
  const locale = useLocale() as Locale;
  const [picked, setPicked] = useState(options[0]?.id ?? '');
  const [asked, setAsked] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['monitoring-compare', asked],
    queryFn: () => fetchCompare(asked!),
    enabled: !!asked,
    staleTime: Infinity,
  });
  const ci = (c: Ci | null) =>
    c ? t('ci', { auc: num3(c.auc, locale), low: num3(c.low, locale), high: num3(c.high, locale) }) : '—';
  const months = q.data?.months ?? [];
  const tr = q.data?.trigger;
  const pooled = q.data?.pooled;

  return (
    <section className="section" data-testid="challenger-panel">
      <h2>{t('title')}</h2>
      <p className="muted small">{t('intro')}</p>
      {!options.length ? (
        <p className="muted" data-testid="challenger-none">
          {t('none')}
        </p>
      ) : (
        <>
          <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
            <label>
              {t('model')}{' '}
              <select
                value={picked}
                onChange={(e) => setPicked(e.target.value)}
                data-testid="challenger-select"
              >
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {t('option', { name: o.name, version: o.version, status: t(`status.${o.status}`) })}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="btn"
              data-testid="challenger-compare"
              disabled={!picked || (q.isFetching && asked === picked)}
              onClick={() => {
                if (asked === picked) void q.refetch();
                else setAsked(picked);
              }}
            >
              {t('compare')}
            </button>
          </div>
          <p role="status" aria-live="polite" className="small" data-testid="challenger-verdict">
            {!asked
              ? t('pick')
              : q.isError
                ? t('failed', { message: (q.error as Error).message })
                : !q.data
                  ? null
                  : !tr
                    ? t('noTrigger')
                    : tr.beats
                      ? t('ready', {
                          months: tr.windowMonths,
                          p: num3(tr.window.pValue, locale),
                          threshold: num3(tr.threshold, locale),
                        })
                      : t('notReady', {
                          months: tr.windowMonths,
                          diff: num3(tr.window.diff, locale),
                          p: num3(tr.window.pValue, locale),
                          threshold: num3(tr.threshold, locale),
                          min: formatNumber(tr.minSample, locale),
                        })}
            {q.data?.firings.length ? ` ${t('fired', { count: q.data.firings.length })}` : ''}
          </p>
          {asked ? (
            <ChartCard
              title={t('chart')}
              testId="chart-compare"
              loading={q.isPending}
              empty={!months.length}
              emptyText={q.isError ? t('failed', { message: (q.error as Error).message }) : t('empty')}
              filename="desafiante-vs-campeao"
              table={{
                header: [tc('month'), tc('n'), t('champion'), t('challenger'), t('diff'), t('pValue')],
                rows: months.map((m) => [
                  formatMonth(m.month, locale),
                  formatNumber(m.n, locale),
                  ci(m.champion),
                  ci(m.challenger),
                  num3(m.diff, locale),
                  num3(m.pValue, locale),
                ]),
                csv: months.map((m) => [
                  m.month,
                  m.n,
                  m.champion?.auc ?? null,
                  m.challenger?.auc ?? null,
                  m.diff,
                  m.pValue,
                ]),
                highlight: months.map(
                  (m) =>
                    m.diff !== null && m.diff > 0 && m.pValue !== null && m.pValue < (tr?.threshold ?? 0.05),
                ),
              }}
              note={
                pooled && pooled.n
                  ? t('pooled', {
                      champion: num3(pooled.champion?.auc, locale),
                      challenger: num3(pooled.challenger?.auc, locale),
                      diff: num3(pooled.diff, locale),
                      p: num3(pooled.pValue, locale),
                      n: formatNumber(pooled.n, locale),
                    })
                  : null
              }
            >
              <AucMonthChart
                data={months.map((m) => ({
                  m: formatMonth(m.month, locale),
                  champion: m.champion?.auc ?? null,
                  challenger: m.challenger?.auc ?? null,
                }))}
                series={[
                  { key: 'champion', name: t('champion'), stroke: '#777' },
                  { key: 'challenger', name: t('challenger'), stroke: 'var(--brand)' },
                ]}
              />
            </ChartCard>
          ) : null}
        </>
      )}
    </section>
  );
}
