import { describe, expect, it } from 'vitest';
import { maskContact, maskEmail, maskName, maskPhone } from '@/lib/privacy/mask';

describe('personal data masking', () => {
  it('hides all but an initial of names, the first letter of e-mails and the last 4 phone digits', () => {
    expect(maskName('Ana Beatriz Souza')).toBe('A•• B. S.');
    expect(maskEmail('ana.souza@example.com.br')).toBe('a•••@example.com.br');
    expect(maskPhone('+55 (11) 98765-4321')).toBe('•••••4321');
    expect(maskName(null)).toBeNull();
  });

  it('masks only for roles that may not see personal data', () => {
    const c = { name: 'Rui Lima', email: 'rui@example.com.br', phone: '11912345678', segment: 'MASS' };
    expect(maskContact(c, true)).toEqual(c);
    expect(maskContact(c, false)).toEqual({
      name: 'R•• L.',
      email: 'r•••@example.com.br',
      phone: '•••••5678',
      segment: 'MASS',
    });
  });
});

describe('masking names as people write them', () => {
  it('keeps an emoji or an accented initial whole, so the masked text is valid Unicode', () => {
    // Before: the initial was the first UTF-16 unit, half of the emoji (a lone surrogate) or a bare "e"
    // without its combining acute accent.
    const emoji = maskName('😀 Souza')!;
    expect(emoji).toBe('😀•• S.');
    expect(emoji.isWellFormed()).toBe(true);
    expect(maskName('E\u0301rica Lima')).toBe('E\u0301•••• L.');
    expect(maskName('Ana 👩‍👩‍👧 Lima')).toBe('A•• 👩‍👩‍👧. L.');
    expect(maskEmail('😀x@example.com')).toBe('😀•••@example.com');
  });

  it('masks hostile text like any name, without interpreting it', () => {
    expect(maskName('<script>alert(1)</script>')).toBe(`<${'•'.repeat(24)}`);
    expect(maskName("=cmd|' /C calc'!A0")).toBe('=••••• /. c.');
    expect(maskName('x'.repeat(1000))).toBe(`x${'•'.repeat(999)}`);
  });
});
