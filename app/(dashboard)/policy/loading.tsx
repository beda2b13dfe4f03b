// Skeleton while the policy versions are read: the title, the active rules card and the versions table.
import { PageSkeleton } from '@/components/ui/page-skeleton';

export default function Loading() {
  return <PageSkeleton rows={6} />;
}
