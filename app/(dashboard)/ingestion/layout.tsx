// Checks 'ingestion:run' above the segment's loading.tsx boundary: once the skeleton streams, the response is
// already a 200, so only a check here can answer 403 to other roles.
import type { ReactNode } from 'react';
import { requirePage } from '@/lib/auth/session';

export default async function IngestionLayout({ children }: { children: ReactNode }) {
  await requirePage('ingestion:run');
  return children;
}
