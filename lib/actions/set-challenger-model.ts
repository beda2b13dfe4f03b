'use server';

import { runModelAction } from '@/lib/actions/model-action';
import { setChallenger } from '@/lib/models/registry';

/** Marks a version as challenger: shadow-scored next to the champion, never driving decisions; audited. */
export async function setChallengerModel(input: { id: string }) {
  return runModelAction(input, async (actor, id) => {
    const m = await setChallenger(id!, actor);
    return `${m.name} v${m.version} is now a challenger.`;
  });
}
