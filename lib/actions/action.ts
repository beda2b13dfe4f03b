// The one way to write a server action: `export const doThing = action('perm:x', schema, async (input, ctx)
// => ...)` in a 'use server' file. It checks permission first, validates the input with zod (FormData or a
// plain object), runs the work, and returns one ActionState for useActionState, with every message
// translated here, at the edge, in the caller's locale. Expected refusals are returned with refuse(key);
// AppErrors thrown by lib/ become their translated message; anything else is logged and answered with a
// generic message, never a stack trace.
//
// Hand-written rather than next-safe-action: it is ~150 lines, returns exactly the useActionState shape the
// forms use, and reuses authorize() and the catalogue without an adapter layer.
import 'server-only';
import { revalidatePath } from 'next/cache';
import type { MessageKeys, NestedKeyOf } from 'next-intl';
import type { z } from 'zod';
import { AuthError, authorize, type Actor } from '@/lib/auth/session';
import type { Permission } from '@/lib/auth/roles';
import { isAppError, type ErrorStatus } from '@/lib/errors';
import type { Messages } from '@/lib/i18n/catalog';
import { requestLocale } from '@/lib/i18n/server';
import { translateKey, type Params } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';
import { fieldErrorsOf, translateIssue } from '@/lib/validations/issues';
import { log } from '@/lib/log';
import type { ActionState } from '@/lib/actions/action-state';

export { initialActionState, type ActionState } from '@/lib/actions/action-state';

export interface ActionContext {
  actor: Actor;
  locale: Locale;
  /** Translate a full catalogue key ('actions.user.created') with parameters. */
  t: (key: string, params?: Params) => string;
}

type ActionMessages = Messages['actions'];
/** A message of the `actions` namespace ('actions.user.created'): a key that does not exist fails tsc. */
export type ActionKey = `actions.${MessageKeys<ActionMessages, NestedKeyOf<ActionMessages>>}`;
/**
 * Any message of the catalogue, still checked by tsc. Action outcomes live in `actions`; a feature that keeps
 * its own namespace (privacy's LGPD answers) may answer with its keys.
 */
export type MessageKey = MessageKeys<Messages, NestedKeyOf<Messages>>;

/** What the work returns: a message key (with parameters) to show, and optional data. */
export interface ActionResult<D> {
  message: MessageKey;
  params?: Params;
  data?: D;
}

/**
 * An expected refusal the work returns rather than throws (an e-mail already in use, a user locking
 * themselves out): shown as the form's status line and, with `field`, next to that field too.
 */
export interface ActionRefusal {
  refused: true;
  message: MessageKey;
  params?: Params;
  status: ErrorStatus;
  field?: string;
}

export function refuse(
  message: MessageKey,
  params?: Params,
  opts: { status?: ErrorStatus; field?: string } = {},
): ActionRefusal {
  return { refused: true, message, params, status: opts.status ?? 400, field: opts.field };
}

export interface ActionOptions {
  /** Paths to revalidate after a success ([path, 'layout'|'page'] or a bare path). */
  revalidate?: (string | [string, 'layout' | 'page'])[];
  /**
   * The form field a zod issue path belongs to, when the schema's shape differs from the form's (the
   * training form's flat 'trainFrom' is the request's trainWindow.from). Default: the dotted path.
   */
  fieldOf?: (path: readonly PropertyKey[]) => string;
}

function fieldErrors(error: z.ZodError, locale: Locale, fieldOf: ActionOptions['fieldOf']) {
  if (!fieldOf) return fieldErrorsOf(error, locale);
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[fieldOf(issue.path)] ??= []).push(translateIssue(issue, locale));
  return out;
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
  work: (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult<D> | ActionRefusal>,
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
        fieldErrors: fieldErrors(parsed.error, locale, options.fieldOf),
        status: 400,
      };
    }
    let result: ActionResult<D> | ActionRefusal;
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
    if ('refused' in result) {
      const message = t(result.message, result.params);
      return {
        ok: false,
        message,
        status: result.status,
        ...(result.field ? { fieldErrors: { [result.field]: [message] } } : {}),
      };
    }
    for (const r of options.revalidate ?? []) {
      if (Array.isArray(r)) revalidatePath(r[0], r[1]);
      else revalidatePath(r);
    }
    return { ok: true, message: t(result.message, result.params), data: result.data };
  };
}
