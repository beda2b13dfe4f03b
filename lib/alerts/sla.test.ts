// The SLA calendar against hand-checked dates: the 2025 and 2026 national bank holidays (Easter-based ones
// included), weekends, the 2-business-day deadline and the due-soon window.
import { describe, expect, it } from 'vitest';
import { addBusinessDays, easter, holidays, isBusinessDay, slaDueAt, slaState } from '@/lib/alerts/sla';

const sp = (local: string) => new Date(`${local}-03:00`);

describe('holidays', () => {
  it('computes Easter', () => {
    expect(easter(2025)).toEqual([4, 20]);
    expect(easter(2026)).toEqual([4, 5]);
    expect(easter(2024)).toEqual([3, 31]);
  });

  it('lists the 2025 national bank holidays', () => {
    expect([...holidays(2025).keys()].sort()).toEqual([
      '2025-01-01',
      '2025-03-03', // Carnival Monday
      '2025-03-04', // Carnival Tuesday
      '2025-04-18', // Good Friday
      '2025-04-21',
      '2025-05-01',
      '2025-06-19', // Corpus Christi
      '2025-09-07',
      '2025-10-12',
      '2025-11-02',
      '2025-11-15',
      '2025-11-20',
      '2025-12-25',
    ]);
  });

  it('lists the 2026 national bank holidays', () => {
    expect([...holidays(2026).keys()].sort()).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-04-03',
      '2026-04-21',
      '2026-05-01',
      '2026-06-04',
      '2026-09-07',
      '2026-10-12',
      '2026-11-02',
      '2026-11-15',
      '2026-11-20',
      '2026-12-25',
    ]);
  });

  it('counts Nov 20 only from 2024', () => {
    expect(holidays(2023).has('2023-11-20')).toBe(false);
    expect(holidays(2024).has('2024-11-20')).toBe(true);
  });
});

describe('business days and the deadline', () => {
  it('skips weekends and holidays, in São Paulo time', () => {
    expect(isBusinessDay(sp('2026-12-01T10:00:00'))).toBe(true); // Tuesday
    expect(isBusinessDay(sp('2026-12-05T10:00:00'))).toBe(false); // Saturday
    expect(isBusinessDay(sp('2026-12-25T10:00:00'))).toBe(false); // Christmas, Friday
    expect(isBusinessDay(sp('2026-04-03T10:00:00'))).toBe(false); // Good Friday
    // 01:00 UTC on Saturday is still Friday evening in São Paulo.
    expect(isBusinessDay(new Date('2026-12-05T01:00:00Z'))).toBe(true);
  });

  it('is due at the end of the second business day after opening', () => {
    // Tuesday -> end of Thursday.
    expect(slaDueAt(sp('2026-12-01T10:00:00')).toISOString()).toBe(
      sp('2026-12-03T23:59:59.999').toISOString(),
    );
    // Friday -> end of Tuesday.
    expect(slaDueAt(sp('2026-12-04T16:00:00')).toISOString()).toBe(
      sp('2026-12-08T23:59:59.999').toISOString(),
    );
    // Saturday -> end of Tuesday.
    expect(slaDueAt(sp('2026-12-05T09:00:00')).toISOString()).toBe(
      sp('2026-12-08T23:59:59.999').toISOString(),
    );
    // Wednesday Dec 23 -> Thursday 24, (Christmas Friday, weekend) Monday 28.
    expect(slaDueAt(sp('2026-12-23T09:00:00')).toISOString()).toBe(
      sp('2026-12-28T23:59:59.999').toISOString(),
    );
    // Friday before Carnival 2026 -> Wednesday 18 (ash Wednesday is a business day), Thursday 19.
    expect(slaDueAt(sp('2026-02-13T09:00:00')).toISOString()).toBe(
      sp('2026-02-19T23:59:59.999').toISOString(),
    );
    // Thursday Nov 19 2026 -> (Nov 20 Friday, weekend) Monday 23, Tuesday 24.
    expect(addBusinessDays(sp('2026-11-19T09:00:00'), 2).toISOString()).toBe(
      sp('2026-11-24T23:59:59.999').toISOString(),
    );
  });
});

describe('slaState', () => {
  const due = sp('2026-12-03T23:59:59.999');
  it('is ok, then due soon in the last 24 hours, then breached; met once contacted', () => {
    expect(slaState({ slaDueAt: due, firstContactAt: null }, sp('2026-12-02T12:00:00'))).toBe('ok');
    expect(slaState({ slaDueAt: due, firstContactAt: null }, sp('2026-12-03T08:00:00'))).toBe('dueSoon');
    expect(slaState({ slaDueAt: due, firstContactAt: null }, sp('2026-12-04T00:00:01'))).toBe('breached');
    expect(
      slaState({ slaDueAt: due, firstContactAt: sp('2026-12-02T10:00:00') }, sp('2026-12-05T00:00:00')),
    ).toBe('met');
    expect(slaState({ slaDueAt: null, firstContactAt: null })).toBe('ok');
  });
});
