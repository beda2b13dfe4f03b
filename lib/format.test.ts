import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from '@/lib/format';

// Intl puts a no-break space between the currency sign and the amount.
const plain = (s: string) => s.replace(/\u00a0|\u202f/g, ' ');

describe('formatting (pt-BR by default)', () => {
  it('formats money in BRL, percentages and numbers the Brazilian way', () => {
    expect(plain(formatMoney(1234.5))).toBe('R$ 1.234,50');
    expect(formatPercent(0.1234)).toBe('12,3%');
    expect(formatNumber(20000)).toBe('20.000');
    expect(plain(formatMoney(1234.5, 'en'))).toBe('R$1,234.50');
  });

  it('formats dates as dd/mm/aaaa without shifting the day, and times in Brasília time', () => {
    expect(formatDate('2026-11-26')).toBe('26/11/2026');
    expect(formatDateTime(new Date('2026-11-27T00:58:00Z'))).toBe('26/11/2026, 21:58');
  });

  it('shows a dash for missing or invalid values', () => {
    expect(formatMoney(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
    expect(formatDate('not a date')).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
  });
});
