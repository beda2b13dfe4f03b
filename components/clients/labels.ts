// Codes stored with each client (segment, region) shown as labels in the user's language. A code the catalogue
// does not know (a bank's own segment, loaded through ingestion) is shown exactly as stored.
import type { Messages } from '@/lib/i18n/catalog';

type CodeKey =
  | `segmentName.${keyof Messages['clients']['segmentName']}`
  | `regionName.${keyof Messages['clients']['regionName']}`;

/** The `clients` translator (getTranslations('clients') or useTranslations('clients')). */
interface ClientsT {
  (key: CodeKey): string;
  has(key: CodeKey): boolean;
}

function label(t: ClientsT, group: 'segmentName' | 'regionName', code: string): string {
  const key = `${group}.${code}` as CodeKey;
  // A code with a dot would address a nested key; such codes are never in the catalogue.
  return !code.includes('.') && t.has(key) ? t(key) : code;
}

export const segmentLabel = (t: ClientsT, code: string) => label(t, 'segmentName', code);
export const regionLabel = (t: ClientsT, code: string) => label(t, 'regionName', code);
