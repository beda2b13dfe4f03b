// The status pill of a model version; the champion stands out (it drives every decision).
import type { CSSProperties } from 'react';

const STYLES: Record<string, CSSProperties> = {
  CHAMPION: { background: 'var(--brand)', color: 'var(--brand-ink)', fontWeight: 700 },
  CHALLENGER: { background: '#e0ecff', color: '#1d4ed8', fontWeight: 600 },
  CANDIDATE: { background: '#eef2f6', color: 'var(--ink)' },
  RETIRED: { background: '#f2f2f2', color: 'var(--muted)' },
};

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return (
    <span className="badge" data-status={status} data-testid="model-status" style={STYLES[status]}>
      {status === 'CHAMPION' ? '★ ' : ''}
      {label}
    </span>
  );
}
