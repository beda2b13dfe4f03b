// Ingestion messages in words: rejection reasons, file-level problems, warnings and batch summaries are stored and
// passed around as codes with parameters (lib/ingest/kinds.ts IngestMessage) and turned into text only here,
// at the edge, in the locale of whoever reads them (API answer, rejection CSV, page, command line).
import type { Locale } from '@/lib/i18n/locales';
import { hasKey, translateKey } from '@/lib/i18n/translate';
import type { IngestMessage, MessageParams, RowError } from './kinds';

/**
 * One rejection reason in words: `code` is the stored code ('ingest.row.required'), `params` its parameters.
 * For the Ingestão page, the report JSON and the rejection CSV alike.
 */
export function formatRejection(locale: Locale, code: string, params?: MessageParams | null): string {
  const key = `errors.${code}`;
  // An unknown code (a newer writer, a hand-edited row) is shown as itself rather than as a missing-key path.
  if (!hasKey(locale, key))
    return params && Object.keys(params).length ? `${code} ${JSON.stringify(params)}` : code;
  return translateKey(locale, key, params ?? undefined);
}

/** A message of one or more sentences (a batch outcome, a warning) in words. */
export function formatMessage(locale: Locale, message: IngestMessage | readonly IngestMessage[]): string {
  const parts = Array.isArray(message) ? message : [message as IngestMessage];
  return parts.map((m) => formatRejection(locale, m.code, m.params)).join(' ');
}

/** Rejections as answered to people and programs alike: the stored code and parameters, and the reason in words. */
export function withReasons(locale: Locale, errors: readonly RowError[]) {
  return errors.map((e) => ({
    line: e.line,
    field: e.field,
    code: e.code,
    params: e.params ?? {},
    reason: formatRejection(locale, e.code, e.params),
  }));
}
