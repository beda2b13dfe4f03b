import { describe, expect, it } from 'vitest';
import { maskEmail, maskName, maskPhone, seesPersonalData } from '@/lib/alerts/masking';

describe('masking', () => {
  it('keeps initials, the last four phone digits and the first letters of an e-mail', () => {
    expect(maskName('Maria Souza')).toBe('M**** S****');
    expect(maskPhone('+55 (11) 98765-4321')).toBe('*********4321');
    expect(maskEmail('maria.souza@example.com')).toBe('m***@e***');
    expect(maskName(null)).toBeNull();
  });

  it('shows personal data to admins, the portfolio manager and the assignee only', () => {
    const a = { managerId: 'm', assigneeId: 'x' };
    expect(seesPersonalData({ userId: 'z', role: 'ADMIN' }, a)).toBe(true);
    expect(seesPersonalData({ userId: 'm', role: 'MANAGER' }, a)).toBe(true);
    expect(seesPersonalData({ userId: 'x', role: 'MANAGER' }, a)).toBe(true);
    expect(seesPersonalData({ userId: 'o', role: 'MANAGER' }, a)).toBe(false);
    expect(seesPersonalData(null, a)).toBe(false);
  });
});
