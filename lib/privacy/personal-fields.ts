// Which columns of a client are personal data under the LGPD, the check that an erasure's reason does not copy
// them into the audit trail, and the day an erasure is shown with. Pure: shared by the erasure
// (lib/privacy/erase.ts), the client page and ingestion, which never writes these columns of an erased client.
import { TIME_ZONE } from '@/lib/i18n/locales';

/** Set to NULL on erasure. birthDate is personal and no feature reads it (fs-v1 uses only the figures). */
export const PERSONAL_FIELDS = ['name', 'email', 'phone', 'birthDate'] as const;
/** Withdrawn (false) on erasure: an erased client is never contacted. */
export const CONSENT_FIELDS = ['consentApp', 'consentEmail', 'consentSms', 'consentWhatsapp'] as const;
/** Every column an erasure clears and ingestion then leaves alone. */
export const ERASED_FIELDS: readonly string[] = [...PERSONAL_FIELDS, ...CONSENT_FIELDS];

export type PersonalField = (typeof PERSONAL_FIELDS)[number];

/** Lower case, accents and combining marks removed, white space collapsed: "JOÃO  da Silva" ~ "joao da silva". */
function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The personal field a free-text reason repeats, if any: the full name, the e-mail address, or the phone's
 * digits (8 or more, in one run). The reason is kept in the audit trail forever, so it must not hold what the
 * erasure removes; a ticket number or "pedido do titular" is what belongs there.
 */
export function personalDataIn(
  reason: string,
  client: { name: string | null; email: string | null; phone: string | null },
): Exclude<PersonalField, 'birthDate'> | null {
  const r = fold(reason);
  const name = client.name ? fold(client.name) : '';
  if (name.length >= 4 && r.includes(name)) return 'name';
  const email = client.email ? fold(client.email) : '';
  if (email.length >= 3 && r.includes(email)) return 'email';
  const phone = (client.phone ?? '').replace(/\D/g, '');
  // Compare against the national number without the country code (the admin may type either form).
  const national = phone.length > 11 && phone.startsWith('55') ? phone.slice(2) : phone;
  if (national.length >= 8) {
    const runs = reason.replace(/[\s().+-]/g, '').match(/\d+/g) ?? [];
    if (runs.some((run) => run.includes(national) || run.includes(national.slice(-8)))) return 'phone';
  }
  return null;
}

/**
 * The Brasília calendar day (YYYY-MM-DD) of an erasure, for formatDate: formatDate reads date-only values as
 * UTC, which would show an erasure done at 22:00 in Brasília as the next day.
 */
export function erasureDay(erasedAt: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(erasedAt);
}
