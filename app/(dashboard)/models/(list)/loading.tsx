// Skeleton while the registry is read: the title, the champion line and the versions table.
import { PageSkeleton } from '@/components/ui/page-skeleton';

export default function Loading() {
  return <PageSkeleton />;
}
