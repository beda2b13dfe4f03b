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
