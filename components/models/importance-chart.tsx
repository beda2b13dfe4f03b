'use client';
// Importance by gain as a horizontal bar chart; the top 5 (which drive drift monitoring) are drawn in the brand
// colour and marked, the rest in grey. Rendered under <ClientIntl namespaces={['models']}>.
import { useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '@/lib/format';

export interface ImportanceDatum {
  feature: string;
  share: number;
  gain: number;
}

const TOP = 5;
const STAR = '★';

export function ImportanceChart({ data }: { data: ImportanceDatum[] }) {
  const t = useTranslations('models.detail');
  const locale = useLocale();
  const pct = (v: number) => formatPercent(v, locale, 1);
  const rows = data.map((d, i) => ({
    ...d,
    top: i < TOP,
    label: i < TOP ? `${STAR} ${d.feature}` : d.feature,
  }));
  return (
    <figure style={{ margin: 0 }} data-testid="importance-chart" aria-label={t('chartLabel')}>
      <div style={{ width: '100%', height: Math.max(240, rows.length * 26 + 60) }}>
        <ResponsiveContainer>
          <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 24, top: 8, bottom: 24 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis
              type="number"
              tickFormatter={(v: number) => formatPercent(v, locale, 0)}
              label={{ value: t('share'), position: 'insideBottom', offset: -16 }}
            />
            <YAxis type="category" dataKey="label" width={230} tick={{ fontSize: 12 }} interval={0} />
            <Tooltip formatter={(v) => [pct(Number(v)), t('share')]} />
            <Bar dataKey="share" name={t('share')} isAnimationActive={false}>
              {rows.map((r) => (
                <Cell key={r.feature} fill={r.top ? 'var(--brand)' : '#9aa5b1'} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption style={{ fontSize: '0.85rem', color: 'var(--muted)' }}>
        <span style={{ color: 'var(--brand)', fontWeight: 700 }}>{STAR}</span> {t('top5')}
      </figcaption>
    </figure>
  );
}
