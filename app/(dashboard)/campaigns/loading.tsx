// Skeleton while Campanhas loads: the title, the experiments' result tables and the outbox panel.
import { TableSkeleton } from '@/components/ui/page-skeleton';

export default function Loading() {
  return (
    <div>
      <div className="skeleton" aria-hidden="true" style={{ height: 32, width: 180, marginBottom: '1rem' }} />
      <div
        className="skeleton"
        aria-hidden="true"
        style={{ height: 16, width: '70%', marginBottom: '1rem' }}
      />
      <TableSkeleton rows={3} cols={7} className="card section" />
      <TableSkeleton rows={5} cols={8} className="card section" />
    </div>
  );
}
