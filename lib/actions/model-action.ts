// Shared body of the model registry's server actions: permission first, then the registry call, with its
// refusals turned into the action's state object and the Modelos pages revalidated.
import 'server-only';
import { revalidatePath } from 'next/cache';
import { guard } from '@/lib/actions/auth-guard';
import type { Actor } from '@/lib/auth/session';
import { RegistryError } from '@/lib/models/registry';
import { modelIdSchema, type ModelActionState } from '@/lib/validations/models';

export async function runModelAction(
  input: unknown,
  work: (actor: Actor, id: string | null) => Promise<string>,
  opts: { needsId: boolean } = { needsId: true },
): Promise<ModelActionState & { status?: 401 | 403 }> {
  const g = await guard('models:manage');
  if ('denied' in g) return g.denied;
  let id: string | null = null;
  if (opts.needsId) {
    const parsed = modelIdSchema.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        message: 'Unknown model version.',
        fieldErrors: parsed.error.flatten().fieldErrors,
      };
    }
    id = parsed.data.id;
  }
  let message: string;
  try {
    message = await work(g.actor, id);
  } catch (e) {
    if (e instanceof RegistryError) return { ok: false, message: e.message };
    throw e;
  }
  revalidatePath('/models', 'layout');
  return { ok: true, message };
}
