'use server';

import { runModelAction } from '@/lib/actions/model-action';
import { promoteToChampion } from '@/lib/models/registry';

/** Makes a version the champion (the previous champion is retired); audited. */
export async function promoteModel(input: { id: string }) {
  return runModelAction(input, async (actor, id) => {
    const { champion, retired } = await promoteToChampion(id!, actor);
    const was = retired ? ` ${retired.name} v${retired.version} was retired.` : '';
    return `${champion.name} v${champion.version} is now the champion.${was}`;
  });
}
