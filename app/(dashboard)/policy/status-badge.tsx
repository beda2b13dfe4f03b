// The status pill of a policy version; the active one stands out (it decides every new run).
import type { CSSProperties } from 'react';
import type { PolicyStatus } from '@/lib/policy/store';

const STYLES: Record<PolicyStatus, CSSProperties> = {
  ACTIVE: { background: 'var(--brand)', color: 'var(--brand-ink)', fontWeight: 700 },
  APPROVED: { background: '#e0ecff', color: '#1d4ed8', fontWeight: 600 },
  PROPOSED: { background: '#fff4d6', color: '#8a5a00', fontWeight: 600 },
  RETIRED: { background: '#f2f2f2', color: 'var(--muted)' },
  REJECTED: { background: '#fde8e8', color: '#9b1c1c' },
};

export function PolicyStatusBadge({ status, label }: { status: PolicyStatus; label: string }) {
  return (
    <span className="badge" data-status={status} data-testid="policy-status" style={STYLES[status]}>
      {label}
    </span>
  );
}
