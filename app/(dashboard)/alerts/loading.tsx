// Skeleton while the alert queue loads (its counts, filters and the queue table are one query each): the
// title, the summary and filter bars, and the table in the shape it will take.
import { PageSkeleton } from '@/components/ui/page-skeleton';

export default function Loading() {
  return <PageSkeleton rows={10} />;
}
