// Masking of personal data (name, e-mail, phone) for roles that do not need it (LGPD data minimisation).
// Pure: the same rules serve pages, API answers and exports. Letters are counted as users see them (grapheme
// clusters), so an initial is never half an emoji or a letter without its accent.

const graphemes = new Intl.Segmenter('pt-BR', { granularity: 'grapheme' });

function clusters(s: string): string[] {
  return Array.from(graphemes.segment(s), (g) => g.segment);
}

export function maskName(name: string | null): string | null {
  if (!name) return name;
  const parts = name.trim().split(/\s+/);
  return parts
    .map((p, i) => {
      const g = clusters(p);
      return i === 0 ? `${g[0] ?? ''}${'•'.repeat(Math.max(2, g.length - 1))}` : `${g[0] ?? ''}.`;
    })
    .join(' ');
}

export function maskEmail(email: string | null): string | null {
  if (!email) return email;
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  const local = email.slice(0, at);
  return `${clusters(local)[0]}•••@${email.slice(at + 1)}`;
}

/** Keeps only the last 4 digits. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  return `•••••${digits.slice(-4)}`;
}

export interface Contact {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export function maskContact<T extends Contact>(c: T, canSee: boolean): T {
  return canSee ? c : { ...c, name: maskName(c.name), email: maskEmail(c.email), phone: maskPhone(c.phone) };
}
