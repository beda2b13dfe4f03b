'use server';

import { runModelAction } from '@/lib/actions/model-action';
import { retire } from '@/lib/models/registry';

/** Retires a candidate or challenger (never the champion); audited. */
export async function retireModel(input: { id: string }) {
  return runModelAction(input, async (actor, id) => {
    const m = await retire(id!, actor);
    return `${m.name} v${m.version} was retired.`;
  });
}
