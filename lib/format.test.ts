import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDate,
  formatDateTime,
  formatFeatureValue,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPercent,
  formatPhone,
  formatScientific,
} from '@/lib/format';

// Intl puts a no-break space between the currency sign and the amount.
const plain = (s: string) => s.replace(/\u00a0|\u202f/g, ' ');

describe('formatting (pt-BR by default)', () => {
  it('formats money in BRL, percentages and numbers the Brazilian way', () => {
    expect(plain(formatMoney(1234.5))).toBe('R$ 1.234,50');
    expect(plain(formatMoney(2869.703333, 'pt-BR', 0))).toBe('R$ 2.870');
    expect(formatPercent(0.1234)).toBe('12,3%');
    expect(formatNumber(20000)).toBe('20.000');
    expect(formatNumber(1.25, 'pt-BR', 2)).toBe('1,25');
    expect(plain(formatMoney(1234.5, 'en'))).toBe('R$1,234.50');
    expect(formatNumber(1.25, 'en', 2)).toBe('1.25');
  });

  it('formats dates as dd/mm/aaaa without shifting the day, and times in Brasília time', () => {
    expect(formatDate('2026-11-26')).toBe('26/11/2026');
    expect(formatDateTime(new Date('2026-11-27T00:58:00Z'))).toBe('26/11/2026, 21:58');
  });

  it('formats reference months as mm/aaaa', () => {
    expect(formatMonth('2026-03')).toBe('03/2026');
    expect(formatMonth('2025-12', 'en')).toBe('12/2025');
    expect(formatMonth(' 2026-10 ')).toBe('10/2026');
    expect(formatMonth('2026-13')).toBe('—');
    expect(formatMonth('2026-03-15')).toBe('—');
    expect(formatMonth('março')).toBe('—');
    expect(formatMonth(null)).toBe('—');
  });

  it('formats Brazilian phone numbers, with the country code when it was given', () => {
    expect(formatPhone('5511912345678')).toBe('+55 (11) 91234-5678');
    expect(formatPhone('+5511912345678')).toBe('+55 (11) 91234-5678');
    expect(formatPhone('551133334444')).toBe('+55 (11) 3333-4444');
    expect(formatPhone('11912345678')).toBe('(11) 91234-5678');
    expect(formatPhone('1133334444')).toBe('(11) 3333-4444');
    expect(formatPhone('011912345678')).toBe('(11) 91234-5678');
    expect(formatPhone('+55 (21) 98765-4321')).toBe('+55 (21) 98765-4321');
    // DDD 55 (interior of Rio Grande do Sul) is a national number, not the country code.
    expect(formatPhone('55991234567')).toBe('(55) 99123-4567');
  });

  it('shows masked, foreign or malformed phone numbers as stored', () => {
    expect(formatPhone('•••••5678')).toBe('•••••5678');
    expect(formatPhone('12345')).toBe('12345');
    expect(formatPhone('+1 415 555 0100')).toBe('+1 415 555 0100');
    expect(formatPhone('<b>11912345678</b>')).toBe('<b>11912345678</b>');
    expect(formatPhone(null)).toBe('—');
    expect(formatPhone('')).toBe('—');
  });

  it('formats a feature value by its unit: ratios as percent, money in R$, counts as integers', () => {
    expect(formatFeatureValue(0.497737, 'ratio')).toBe('49,8%');
    expect(formatFeatureValue(-0.05, 'ratio')).toBe('-5,0%');
    expect(plain(formatFeatureValue(2869.703333, 'BRL'))).toBe('R$ 2.869,70');
    expect(formatFeatureValue(3, 'count')).toBe('3');
    expect(formatFeatureValue(12, 'months')).toBe('12');
    expect(formatFeatureValue(0.497737, 'ratio', 'en')).toBe('49.8%');
  });

  it('summarises feature statistics without cents and with a decimal for fractional counts', () => {
    expect(plain(formatFeatureValue(2869.703333, 'BRL', 'pt-BR', 'summary'))).toBe('R$ 2.870');
    expect(formatFeatureValue(1.37, 'count', 'pt-BR', 'summary')).toBe('1,4');
    expect(formatFeatureValue(2, 'months', 'pt-BR', 'summary')).toBe('2');
    expect(formatFeatureValue(0.5, undefined)).toBe('0,500');
  });

  it('shows a dash for missing or invalid values', () => {
    expect(formatMoney(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
    expect(formatDate('not a date')).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatFeatureValue(Number.NaN, 'ratio')).toBe('—');
    expect(formatFeatureValue(null, 'BRL')).toBe('—');
  });
});

describe('file sizes and tiny magnitudes', () => {
  it('shows sizes in binary multiples with a decimal comma in pt-BR and a point in English', () => {
    expect(plain(formatBytes(512))).toBe('512 B');
    expect(plain(formatBytes(2_831_199))).toBe('2,7 MB');
    expect(plain(formatBytes(2_831_199, 'en'))).toBe('2.7 MB');
    expect(plain(formatBytes(2 * 1024 ** 3))).toBe('2 GB');
    expect(plain(formatBytes(1536))).toBe('1,5 KB');
  });

  it('moves to the next unit instead of showing 1.024 of the previous one', () => {
    expect(plain(formatBytes(1024 * 1024 - 1))).toBe('1 MB');
  });

  it('shows a parity difference in scientific notation with the locale decimal separator', () => {
    expect(formatScientific(1.234e-7)).toBe('1,23E-7');
    expect(formatScientific(1.234e-7, 'en')).toBe('1.23E-7');
    expect(formatScientific(1e-4, 'pt-BR', 0)).toBe('1E-4');
  });

  it('shows a dash for a missing, negative or invalid size or magnitude', () => {
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatScientific(Number.POSITIVE_INFINITY)).toBe('—');
  });
});
