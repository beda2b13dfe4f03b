// Loading skeletons shaped like what they stand in for, so the page does not jump when the data arrives.
// Each announces "loading" once to screen readers; the grey shapes themselves are hidden from them.
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';

function Busy({ children, className }: { children: ReactNode; className?: string }) {
  const t = useTranslations('common');
  return (
    <div aria-busy="true" className={className}>
      <span className="sr-only" role="status">
        {t('loading')}
      </span>
      <div aria-hidden="true">{children}</div>
    </div>
  );
}

/** A page with a title, a summary line and a table card. */
export function PageSkeleton({ rows = 5 }: { rows?: number }) {
  return (
    <Busy>
      <div className="skeleton" style={{ height: 32, width: 180, marginBottom: '1rem' }} />
      <div className="skeleton" style={{ height: 56, marginBottom: '1rem' }} />
      <div className="card">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="skeleton" style={{ height: 28, marginBottom: 10 }} />
        ))}
      </div>
    </Busy>
  );
}

/**
 * A card holding a table: an optional heading bar, a header row and `rows` body rows of `cols` cells, for a
 * widget that streams in after the rest of its page.
 */
export function TableSkeleton({
  rows = 5,
  cols = 4,
  heading = true,
  className = 'card',
}: {
  rows?: number;
  cols?: number;
  heading?: boolean;
  className?: string;
}) {
  return (
    <Busy className={className}>
      {heading ? <div className="skeleton" style={{ height: 22, width: 220, marginBottom: '1rem' }} /> : null}
      {Array.from({ length: rows + 1 }, (_, r) => (
        <div key={r} className="skeleton-row" style={{ gridTemplateColumns: `repeat(${cols}, 1fr)` }}>
          {Array.from({ length: cols }, (_, c) => (
            <div key={c} className="skeleton" style={{ height: r === 0 ? 14 : 20 }} />
          ))}
        </div>
      ))}
    </Busy>
  );
}
