// Skeleton while the signed-in check runs: the title and the first operation cards.
import { PageSkeleton } from '@/components/ui/page-skeleton';

export default function Loading() {
  return <PageSkeleton rows={6} />;
}
