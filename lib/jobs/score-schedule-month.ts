// Which month the monthly scoring job scores (pure): the last complete calendar month where the business runs.
// The job fires on the 2nd at 06:00 Brasília time, so the 1st gives the previous month's statements a day to
// land; a retry or a late delivery hours later still names the same month.
import { addMonths, type YearMonth } from '@/lib/domain/raw';
import { TIME_ZONE } from '@/lib/i18n/locales';

const cache = new Map<string, Intl.DateTimeFormat>();

/** The calendar month 'YYYY-MM' that `at` falls in, in the given time zone. */
export function monthIn(at: Date, timeZone: string = TIME_ZONE): YearMonth {
  if (Number.isNaN(+at)) throw new RangeError(`not a date: ${String(at)}`);
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    cache.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const year = parts.find((p) => p.type === 'year')?.value;
  const month = parts.find((p) => p.type === 'month')?.value;
  if (!year || !month) throw new RangeError(`not a date: ${String(at)}`);
  return `${year}-${month}`;
}

/** The last month that is over at `at` in the time zone: the month before the current one there. */
export function lastCompleteMonth(at: Date, timeZone: string = TIME_ZONE): YearMonth {
  return addMonths(monthIn(at, timeZone), -1);
}
