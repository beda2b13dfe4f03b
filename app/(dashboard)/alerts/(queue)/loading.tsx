// Skeleton while the alert queue loads (its counts, filters and the queue table are one query each): the title,
// the summary and filter bars, and the table in the shape it will take. In a route group of its own so that it
// does not wrap /alerts/[id], whose 404 for an unknown alert must be answered before anything streams.
import { PageSkeleton } from '@/components/ui/page-skeleton';

export default function Loading() {
  return <PageSkeleton rows={10} />;
}
