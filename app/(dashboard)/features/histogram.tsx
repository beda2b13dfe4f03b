// A feature's distribution as a small bar chart with a table for screen readers. Plain SVG rendered on the
// server rather than recharts: a 140-pixel sparkline needs no interaction, and recharts' accessibility layer
// made every hidden chart a keyboard stop (axe: aria-hidden-focus). The SVG is hidden from assistive
// technology and cannot take focus; the visually hidden table carries the same numbers.
import { useLocale, useTranslations } from 'next-intl';
import type { FeatureUnit } from '@/lib/features/types';
import { formatFeatureValue, formatNumber } from '@/lib/format';

const WIDTH = 140;
const HEIGHT = 36;
const GAP = 1;

export function Histogram({
  bins,
  unit,
  caption,
}: {
  bins: { from: number; to: number; count: number }[];
  unit?: FeatureUnit;
  caption: string;
}) {
  const t = useTranslations('features.histogram');
  const locale = useLocale();
  if (bins.length === 0) return null;
  const max = Math.max(1, ...bins.map((b) => b.count));
  const barWidth = WIDTH / bins.length;
  const range = (b: (typeof bins)[number]) =>
    t('between', {
      from: formatFeatureValue(b.from, unit, locale, 'summary'),
      to: formatFeatureValue(b.to, unit, locale, 'summary'),
    });
  return (
    <figure className="histogram">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        aria-hidden="true"
        focusable="false"
        data-testid="histogram"
      >
        {bins.map((b, i) => {
          const h = b.count === 0 ? 0 : Math.max(1, (b.count / max) * HEIGHT);
          return (
            <rect
              key={i}
              x={i * barWidth + GAP / 2}
              y={HEIGHT - h}
              width={Math.max(1, barWidth - GAP)}
              height={h}
              fill="var(--brand)"
            >
              <title>{t('bar', { range: range(b), count: b.count })}</title>
            </rect>
          );
        })}
      </svg>
      <table className="sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('range')}</th>
            <th scope="col">{t('count')}</th>
          </tr>
        </thead>
        <tbody>
          {bins.map((b, i) => (
            <tr key={i}>
              <td>{range(b)}</td>
              <td>{formatNumber(b.count, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
