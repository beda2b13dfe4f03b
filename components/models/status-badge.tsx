// The status pill of a model version; the champion stands out (it drives every decision). Translated where it
// renders: a server component here, or a client one under a provider that carries the `models` namespace.
import type { CSSProperties } from 'react';
import { useTranslations } from 'next-intl';

export type ModelStatus = 'CANDIDATE' | 'CHALLENGER' | 'CHAMPION' | 'RETIRED';

const STYLES: Record<ModelStatus, CSSProperties> = {
  CHAMPION: { background: 'var(--brand)', color: 'var(--brand-ink)', fontWeight: 700 },
  CHALLENGER: { background: '#e0ecff', color: '#1d4ed8', fontWeight: 600 },
  CANDIDATE: { background: '#eef2f6', color: 'var(--ink)' },
  RETIRED: { background: '#f2f2f2', color: 'var(--muted)' },
};

export function StatusBadge({ status }: { status: ModelStatus }) {
  const t = useTranslations('models');
  const label = t(`status.${status}`);
  return (
    <span className="badge" data-status={status} data-testid="model-status" style={STYLES[status]}>
      {status === 'CHAMPION' ? t('statusStarred', { label }) : label}
    </span>
  );
}
