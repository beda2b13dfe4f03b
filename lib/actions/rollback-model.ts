'use server';

import { runModelAction } from '@/lib/actions/model-action';
import { rollback } from '@/lib/models/registry';

/** Re-promotes the most recently retired former champion; audited. */
export async function rollbackModel() {
  return runModelAction(
    undefined,
    async (actor) => {
      const { champion } = await rollback(actor);
      return `Rolled back: ${champion.name} v${champion.version} is the champion again.`;
    },
    { needsId: false },
  );
}
