// The one way to write a server action: `export const doThing = action('perm:x', schema, async (input, ctx)
// => ...)` in a 'use server' file. It checks permission first, validates the input with zod (FormData or a
// plain object), runs the work, and returns one ActionState for useActionState, with every message
// translated here, at the edge, in the caller's locale. AppErrors become their translated message; anything
// else is logged and answered with a generic message, never a stack trace.
//
// Hand-written rather than next-safe-action: it is ~80 lines, returns exactly the useActionState shape the
// forms use, and reuses authorize() and the catalogue without an adapter layer.
import 'server-only';
import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { AuthError, authorize, type Actor } from '@/lib/auth/session';
import type { Permission } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { requestLocale } from '@/lib/i18n/server';
import { translateKey, type Params } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { fieldErrorsOf } from '@/lib/validations/issues';
import { log } from '@/lib/log';

export interface ActionState<D = unknown> {
  ok: boolean;
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** What the work returned for the client (a new id, a one-time secret...). */
  data?: D;
  /** 401/403 when refused, so tests and callers can tell a refusal from a failure. */
  status?: number;
}

export const initialActionState: ActionState<never> = { ok: false, message: '' };

export interface ActionContext {
  actor: Actor;
  locale: Locale;
  /** Translate a full catalogue key ('actions.user.created') with parameters. */
  t: (key: string, params?: Params) => string;
}

/** What the work returns: a message key (with parameters) to show, and optional data. */
export interface ActionResult<D> {
  message: string;
  params?: Params;
  data?: D;
}

export interface ActionOptions {
  /** Paths to revalidate after a success ([path, 'layout'|'page'] or a bare path). */
  revalidate?: (string | [string, 'layout' | 'page'])[];
}

function toObject(input: unknown): unknown {
  if (input instanceof FormData) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of input.entries()) {
      if (k.startsWith('$ACTION')) continue; // React's own form fields
      o[k] = v;
    }
    return o;
  }
  return input ?? {};
}

export function action<S extends z.ZodType, D = undefined>(
  permission: Permission,
  schema: S,
  work: (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult<D>>,
  options: ActionOptions = {},
): (prev: ActionState<D> | null | undefined, input: FormData | z.input<S>) => Promise<ActionState<D>> {
  return async (_prev, input) => {
    const locale = await requestLocale().catch(() => 'pt-BR' as const);
    const t = (key: string, params?: Params) => translateKey(locale, key, params);
    let actor: Actor;
    try {
      actor = await authorize(permission);
    } catch (e) {
      if (e instanceof AuthError) return { ok: false, message: t(e.key, e.params), status: e.status };
      throw e;
    }
    const parsed = schema.safeParse(toObject(input));
    if (!parsed.success) {
      return {
        ok: false,
        message: t('validation.checkFields'),
        fieldErrors: fieldErrorsOf(parsed.error, locale),
        status: 400,
      };
    }
    let result: ActionResult<D>;
    try {
      result = await work(parsed.data, { actor, locale, t });
    } catch (e) {
      if (isAppError(e)) {
        return {
          ok: false,
          message: t(`errors.${e.code}`, e.params),
          status: e.status,
          ...(e.field ? { fieldErrors: { [e.field]: [t(`errors.${e.code}`, e.params)] } } : {}),
        };
      }
      log.error({ err: e, permission }, 'server action failed');
      return { ok: false, message: t('errors.unexpected'), status: 500 };
    }
    for (const r of options.revalidate ?? []) {
      if (Array.isArray(r)) revalidatePath(r[0], r[1]);
      else revalidatePath(r);
    }
    return { ok: true, message: t(result.message, result.params), data: result.data };
  };
}
