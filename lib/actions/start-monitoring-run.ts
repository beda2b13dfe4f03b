'use server';
// Queues a monitoring computation now (monitoring:manage): the run row and its job in one transaction.
import { action, refuse } from '@/lib/actions/action';
import { log } from '@/lib/log';
import { createMonitoringRun } from '@/lib/monitoring/runs';
import { startMonitoringRunSchema } from '@/lib/validations/monitoring';

export const startMonitoringRun = action(
  'monitoring:manage',
  startMonitoringRunSchema,
  async (input, { actor }) => {
    try {
      const run = await createMonitoringRun(
        { kind: input.kind, ...(input.modelVersionId ? { modelVersionId: input.modelVersionId } : {}) },
        actor,
      );
      return { message: 'actions.monitoring.runQueued', data: { id: run.id } };
    } catch (e) {
      log.error({ err: e }, 'monitoring run could not be queued');
      return refuse('actions.monitoring.queueFailed', {}, { status: 503 });
    }
  },
  { revalidate: [['/monitoring', 'layout']] },
);
