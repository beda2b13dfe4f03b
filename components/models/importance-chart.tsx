'use client';
// Importance by gain as a horizontal bar chart; the top 5 (which drive drift monitoring) are drawn in the brand
// colour and marked, the rest in grey.
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ImportanceDatum {
  feature: string;
  share: number;
  gain: number;
}

export function ImportanceChart({
  data,
  locale,
  labels,
}: {
  data: ImportanceDatum[];
  locale: string;
  labels: { share: string; top5: string };
}) {
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const rows = data.map((d, i) => ({ ...d, top: i < 5, label: i < 5 ? `★ ${d.feature}` : d.feature }));
  return (
    <figure style={{ margin: 0 }} data-testid="importance-chart">
      <div style={{ width: '100%', height: Math.max(220, rows.length * 26 + 40) }}>
        <ResponsiveContainer>
          <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 24, top: 8, bottom: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" tickFormatter={(v: number) => pct.format(v)} />
            <YAxis type="category" dataKey="label" width={230} tick={{ fontSize: 12 }} interval={0} />
            <Tooltip formatter={(v) => [pct.format(Number(v)), labels.share]} />
            <Bar dataKey="share" isAnimationActive={false}>
              {rows.map((r) => (
                <Cell key={r.feature} fill={r.top ? 'var(--brand)' : '#9aa5b1'} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption style={{ fontSize: '0.85rem', color: 'var(--muted)' }}>
        <span style={{ color: 'var(--brand)', fontWeight: 700 }}>★</span> {labels.top5}
      </figcaption>
    </figure>
  );
}
