'use client';
// AUC per month as lines (one per model or estimate) on the 0.5-0.9 axis, with the 0.70 floor in red: the
// chart the monitoring cards share (estimated vs realized, challenger vs champion). Decorative: the card's
// table view carries the same figures for assistive technology.
import {
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
import { AUC_FLOOR } from './monitoring-api';

export interface AucSeries {
  /** The key of the series' value in each point. */
  key: string;
  name: string;
  stroke: string;
  strokeDasharray?: string;
}

/** One point a month: `m` is the month as shown on the axis, the other keys the series' AUCs. */
export type AucPoint = { m: string } & Record<string, string | number | null>;

export function AucMonthChart({ data, series }: { data: AucPoint[]; series: readonly AucSeries[] }) {
  return (
    <div style={{ height: 240 }} aria-hidden="true">
      <ResponsiveContainer>
        <ComposedChart data={data} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="m" tick={{ fontSize: 11 }} />
          <YAxis domain={[0.5, 0.9]} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend />
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stroke={s.stroke}
              strokeDasharray={s.strokeDasharray}
              isAnimationActive={false}
            />
          ))}
          <ReferenceLine y={AUC_FLOOR} stroke="#b42318" />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
