import { describe, expect, it } from 'vitest';
import { lastCompleteMonth, monthIn } from '@/lib/jobs/score-schedule-month';

describe('the month the monthly scoring job scores', () => {
  it('is the previous month when the job fires on the 2nd at 06:00 in São Paulo', () => {
    // 06:00 in São Paulo (UTC-3, no daylight saving since 2019) is 09:00 UTC.
    expect(lastCompleteMonth(new Date('2026-07-02T09:00:00Z'))).toBe('2026-06');
  });

  it('crosses the year in January', () => {
    expect(lastCompleteMonth(new Date('2027-01-02T09:00:00Z'))).toBe('2026-12');
  });

  it('follows the São Paulo calendar, not UTC, around midnight', () => {
    // 1 August 01:30 UTC is still 31 July 22:30 in São Paulo: July is not over there yet.
    const at = new Date('2026-08-01T01:30:00Z');
    expect(monthIn(at, 'UTC')).toBe('2026-08');
    expect(monthIn(at)).toBe('2026-07');
    expect(lastCompleteMonth(at)).toBe('2026-06');
    expect(lastCompleteMonth(at, 'UTC')).toBe('2026-07');
  });

  it('names the same month for a retry hours later on the same day', () => {
    expect(lastCompleteMonth(new Date('2026-03-02T23:59:00-03:00'))).toBe('2026-02');
  });

  it('refuses an invalid date rather than guessing', () => {
    expect(() => lastCompleteMonth(new Date('not a date'))).toThrow(RangeError);
  });
});
