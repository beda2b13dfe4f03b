// Skeleton of the Visão executiva: title, health card, nine KPIs, the three charts and the provision card.
import { DashboardSkeleton } from '@/components/charts/skeletons';

export default function Loading() {
  return <DashboardSkeleton kpis={9} charts={4} />;
}
