import { describe, expect, it } from 'vitest';
import { exactDigits, exactPercent, formDecimal, signedCount } from './figures';

describe('policy figures', () => {
  it('writes thresholds and shares exactly, never rounded into another value', () => {
    expect(exactPercent(0.2, 'pt-BR')).toBe('20%');
    expect(exactPercent(0.125, 'pt-BR')).toBe('12,5%');
    expect(exactPercent(0.0025, 'pt-BR')).toBe('0,25%');
    expect(exactPercent(0.05, 'en')).toBe('5%');
    expect(exactPercent(0.45, 'en')).toBe('45%');
  });

  it('fills the form with the decimals a user types', () => {
    expect(formDecimal(0.2, 'pt-BR')).toBe('0,20');
    expect(formDecimal(0.125, 'pt-BR')).toBe('0,125');
    expect(formDecimal(0.05, 'en')).toBe('0.05');
    expect(formDecimal(0.1 + 0.2, 'en')).toBe('0.30');
  });

  it('stops at the maximum for a value no short decimal writes', () => {
    expect(exactDigits(1 / 3, 2, 6)).toBe(6);
  });

  it('signs differences', () => {
    expect(signedCount(1234, 'pt-BR')).toBe('+1.234');
    expect(signedCount(-56, 'pt-BR')).toBe('−56');
    expect(signedCount(0, 'pt-BR')).toBe('0');
  });
});
