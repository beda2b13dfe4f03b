// Skeleton of the Monitoramento page: the run bar, heat map, per-feature charts, calibration and trigger log.
import { DashboardSkeleton } from '@/components/charts/skeletons';

export default function Loading() {
  return <DashboardSkeleton charts={5} />;
}
