// Translation outside React rendering: server actions, route handlers, jobs and tests translate codes
// (an AppError's key and parameters, a zod issue) "at the edge", in the locale of whoever asked.
// use-intl/core (what next-intl re-exports) rather than 'next-intl': under the react-server condition the CLIs and
// the worker run with, 'next-intl' loads React client hooks and fails to import outside Next's bundler.
import { createTranslator } from 'use-intl/core';
import { catalog, type Messages } from '@/lib/i18n/catalog';
import { formats } from '@/lib/i18n/formats';
import { DEFAULT_LOCALE, TIME_ZONE, type Locale } from '@/lib/i18n/locales';

export type Params = Record<string, string | number | Date>;

/** A translator over every namespace: keys are full paths such as 'errors.model.notFound'. */
export function translatorFor(locale: Locale = DEFAULT_LOCALE) {
  return createTranslator<Messages>({
    locale,
    messages: catalog[locale],
    timeZone: TIME_ZONE,
    formats,
    // A key missing at run time is a bug the catalogue test catches; never show users a stack trace for it.
    onError: () => undefined,
    getMessageFallback: ({ key, namespace }) => [namespace, key].filter(Boolean).join('.'),
  });
}

/** Translate a dotted key that is only known at run time (error codes), with its parameters. */
export function translateKey(locale: Locale, key: string, params?: Params): string {
  const t = translatorFor(locale) as unknown as (k: string, p?: Params) => string;
  return t(key, params);
}

/** True when the catalogue has this dotted key in the locale (so callers can fall back cleanly). */
export function hasKey(locale: Locale, key: string): boolean {
  let node: unknown = catalog[locale];
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}

export type { Messages };
