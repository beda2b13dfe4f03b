// Reason codes in business language: a stored reason ({ feature, contribution, value }) as the sentence a
// manager or a client-facing system reads ("Utilização média do limite em 3 meses: 92,0%"), in a locale. The
// value is formatted in its feature's unit (lib/features/fs-v1.ts) through lib/format.ts. Pure.
import { featureDefinitions } from '@/lib/features/fs-v1';
import type { FeatureUnit } from '@/lib/features/types';
import { formatFeatureValue } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';
import { catalog } from '@/lib/i18n/catalog';
import { hasKey, translatorFor } from '@/lib/i18n/translate';
import type { ReasonCode } from '@/lib/ml/reason-codes';

export interface DescribedReason {
  feature: string;
  /** TreeSHAP contribution to the log-odds (> 0: pushes the risk up). */
  contribution: number;
  /** The feature's value (null when missing). */
  value: number | null;
  /** The feature's business name in the locale. */
  label: string;
  /** The value in the feature's unit, in the locale ("92,0%", "R$ 1.234,00", "ausente"). */
  formattedValue: string;
  /** label and value as one sentence. */
  text: string;
}

const UNITS = new Map<string, FeatureUnit | undefined>(featureDefinitions.map((d) => [d.name, d.unit]));
/** Features that are yes/no flags (0/1): shown as words, not as a count. */
const FLAGS = new Set(['scr_atraso']);

// Route handlers and the export describe reasons for every row: one translator per locale, and each fixed
// label looked up once per locale and key.
type Translate = (key: string) => string;
const translators = new Map<Locale, Translate>();
function translate(locale: Locale, key: string): string {
  let t = translators.get(locale);
  if (!t) translators.set(locale, (t = translatorFor(locale) as unknown as Translate));
  return t(key);
}
const labels = new Map<string, string>();
function cached(locale: Locale, key: string): string {
  const k = `${locale}|${key}`;
  let v = labels.get(k);
  if (v === undefined) {
    v = translate(locale, key);
    labels.set(k, v);
  }
  return v;
}

/**
 * "{label}: {value}" in the locale. The export writes a million of these, and a full ICU format per call costs
 * ~100 µs; the message has two plain placeholders, so its text is substituted directly.
 */
function reasonText(locale: Locale, label: string, value: string): string {
  const k = `${locale}|pattern`;
  let pattern = labels.get(k);
  if (pattern === undefined) {
    pattern = catalog[locale].decisions.reason.text;
    labels.set(k, pattern);
  }
  return pattern.replace('{label}', () => label).replace('{value}', () => value);
}

/** The feature's business name; a feature without one in the catalogue (another feature set) keeps its own. */
export function featureLabel(feature: string, locale: Locale): string {
  const k = `${locale}|feature|${feature}`;
  let v = labels.get(k);
  if (v === undefined) {
    const key = `decisions.reason.feature.${feature}`;
    v = hasKey(locale, key) ? translate(locale, key) : feature;
    labels.set(k, v);
  }
  return v;
}

export function formatReasonValue(feature: string, value: number | null, locale: Locale): string {
  if (value === null || !Number.isFinite(value)) return cached(locale, 'decisions.reason.missing');
  if (FLAGS.has(feature)) return cached(locale, value > 0 ? 'decisions.reason.yes' : 'decisions.reason.no');
  return formatFeatureValue(value, UNITS.get(feature), locale);
}

export function describeReason(r: ReasonCode, locale: Locale): DescribedReason {
  const label = featureLabel(r.feature, locale);
  const formattedValue = formatReasonValue(r.feature, r.value, locale);
  return {
    feature: r.feature,
    contribution: r.contribution,
    value: r.value,
    label,
    formattedValue,
    text: reasonText(locale, label, formattedValue),
  };
}

export function describeReasons(rs: readonly ReasonCode[], locale: Locale): DescribedReason[] {
  return rs.map((r) => describeReason(r, locale));
}
