// Turns zod issues into translated messages per field, at the edge (actions, route handlers). A schema's own
// message is a key of the `validation` namespace ('invalidId'); without one, the issue's code and limits pick
// a generic message ("At least 2 characters").
import type { z } from 'zod';
import { hasKey, translateKey } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';

type Issue = z.core.$ZodIssue;

/** The catalogue key and parameters for one issue. */
export function issueMessage(issue: Issue): { key: string; params: Record<string, string | number> } {
  const own = issue.message && /^[a-zA-Z][\w.]*$/.test(issue.message) ? issue.message : null;
  const limits: Record<string, string | number> = {};
  if ('minimum' in issue) limits.minimum = Number(issue.minimum);
  if ('maximum' in issue) limits.maximum = Number(issue.maximum);
  if (own) return { key: `validation.${own}`, params: limits };
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return {
          key: Number(issue.minimum) <= 1 ? 'validation.required' : 'validation.minChars',
          params: limits,
        };
      return { key: 'validation.minValue', params: limits };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'validation.maxChars', params: limits };
      return { key: 'validation.maxValue', params: limits };
    case 'invalid_type':
      return issue.input === undefined
        ? { key: 'validation.required', params: {} }
        : { key: 'validation.invalidType', params: { expected: String(issue.expected) } };
    case 'invalid_format':
      return issue.format === 'email'
        ? { key: 'validation.invalidEmail', params: {} }
        : { key: 'validation.invalidFormat', params: {} };
    case 'invalid_value':
      return { key: 'validation.invalidOption', params: {} };
    case 'unrecognized_keys':
      return { key: 'validation.unknownFields', params: { fields: issue.keys.join(', ') } };
    default:
      return { key: 'validation.invalid', params: {} };
  }
}

export function translateIssue(issue: Issue, locale: Locale): string {
  const { key, params } = issueMessage(issue);
  return translateKey(locale, hasKey(locale, key) ? key : 'validation.invalid', params);
}

/** Field path ('history.statements.0.balance') -> translated messages, for forms and 400/422 bodies. */
export function fieldErrorsOf(error: z.ZodError, locale: Locale): Record<string, string[]> {
  // A Map, not a plain object: a path is data (a record's key such as 'valueOf', 'constructor' or '__proto__'),
  // which on {} would read an Object.prototype member and throw, turning a 400 into a 500.
  const out = new Map<string, string[]>();
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    const message = translateIssue(issue, locale);
    const list = out.get(path);
    if (list) list.push(message);
    else out.set(path, [message]);
  }
  return Object.fromEntries(out);
}
