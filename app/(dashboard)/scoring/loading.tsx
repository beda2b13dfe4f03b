// Skeleton while the Pontuação page starts: the title, the start form, the selected run and the runs table,
// in the shapes the widgets will take.
import { TableSkeleton } from '@/components/ui/page-skeleton';
import { RunDetailSkeleton, StartFormSkeleton } from './skeletons';

export default function Loading() {
  return (
    <div>
      <div className="skeleton" aria-hidden="true" style={{ height: 32, width: 180, marginBottom: '1rem' }} />
      <div
        className="skeleton"
        aria-hidden="true"
        style={{ height: 16, width: '70%', marginBottom: '1rem' }}
      />
      <StartFormSkeleton />
      <RunDetailSkeleton />
      <TableSkeleton rows={5} cols={8} className="card section" />
    </div>
  );
}
