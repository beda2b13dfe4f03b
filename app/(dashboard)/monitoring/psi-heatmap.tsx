'use client';
// The top-5 features' PSI by ISO week, coloured by verdict (stable / watch / act).
import { useLocale, useTranslations } from 'next-intl';
import type { Locale } from '@/lib/i18n/locales';
import { ChartCard } from '@/components/charts/chart-card';
import { num3 } from '@/components/charts/format';
import { BAND_COLOUR, PSI_ACT, PSI_WATCH, psiBand } from '@/components/charts/heat';
import type { DriftItem } from '@/components/charts/monitoring-api';

export function PsiHeatmap({
  features,
  items,
  loading,
  failed,
}: {
  features: string[];
  items: DriftItem[];
  loading: boolean;
  failed: boolean;
}) {
  const t = useTranslations('monitoringPage');
  const locale = useLocale() as Locale;
  const weeks = [...new Set(items.map((i) => i.period ?? ''))].filter(Boolean).sort();
  const cell = (f: string, w: string) => items.find((i) => i.feature === f && i.period === w);
  const heatTable = {
    header: [t('col.feature'), ...weeks],
    rows: features.map((f) => [f, ...weeks.map((w) => num3(cell(f, w)?.psi, locale))]),
    csv: features.map((f) => [f, ...weeks.map((w) => cell(f, w)?.psi ?? null)]),
  };
  return (
    <ChartCard
      title={t('heat.title')}
      testId="psi-heatmap"
      loading={loading}
      empty={!features.length || !weeks.length}
      emptyText={failed ? t('unavailable') : t('heat.empty')}
      table={heatTable}
      filename="psi-por-semana"
      note={t('heat.legend', { watch: num3(PSI_WATCH, locale), act: num3(PSI_ACT, locale) })}
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
                      {num3(c?.psi, locale)}
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
  );
}
