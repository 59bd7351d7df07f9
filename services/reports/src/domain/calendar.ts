/**
 * Calendar dates, months and weeks as lived in a time zone, as plain `YYYY-MM-DD` / `YYYY-MM`
 * strings: civil-date arithmetic only, so a DST change never moves a day.
 */
export type FirstDayOfWeek = 'monday' | 'saturday' | 'sunday';
const firstDayIndex: Record<FirstDayOfWeek, number> = { sunday: 0, monday: 1, saturday: 6 };

const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar date of an instant in a zone: "2026-03-31". An unknown zone throws (the profile's zone is checked on save). */
export function localDate(instant: string | number | Date, timeZone: string): string {
  const f = dateFormatter(timeZone);
  const date = new Date(instant);
  // format() is three times faster than formatToParts(); en-US numeric dates read "03/31/2026".
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(f.format(date));
  if (m) return `${m[3]}-${m[1]}-${m[2]}`;
  const parts = f.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for a calendar month written `YYYY-MM`. */
export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

function utcDate(ymd: string): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d ?? 1));
}

export function addDays(ymd: string, days: number): string {
  const d = utcDate(ymd);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcDate(b).getTime() - utcDate(a).getTime()) / 86_400_000);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const total = y! * 12 + (m! - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

export function firstDay(month: string): string {
  return `${month}-01`;
}

export function lastDay(month: string): string {
  return addDays(firstDay(addMonths(month, 1)), -1);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(ymd: string): number {
  return utcDate(ymd).getUTCDay();
}

/** The first day of the week holding `ymd`. */
export function weekStart(ymd: string, first: FirstDayOfWeek): string {
  return addDays(ymd, -((weekday(ymd) - firstDayIndex[first] + 7) % 7));
}

/**
 * The weeks that hold a day of the month, oldest first, each cut to the days inside the month:
 * March 2026 (the 1st is a Sunday) starts with a one-day week for a Monday-first runner.
 */
export function weeksOfMonth(month: string, first: FirstDayOfWeek): Array<{ start: string; end: string }> {
  const monthStart = firstDay(month);
  const monthEnd = lastDay(month);
  const weeks: Array<{ start: string; end: string }> = [];
  for (let start = weekStart(monthStart, first); start <= monthEnd; start = addDays(start, 7)) {
    const end = addDays(start, 6);
    weeks.push({ start: start < monthStart ? monthStart : start, end: end > monthEnd ? monthEnd : end });
  }
  return weeks;
}

const monthNames = new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' });
const shortMonthNames = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' });
const dayNames = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: 'UTC' });

/** "March 2026", or "March" with `withYear: false`. */
export function monthName(month: string, withYear = true): string {
  const name = monthNames.format(utcDate(firstDay(month)));
  return withYear ? `${name} ${month.slice(0, 4)}` : name;
}

/** "Tue, Mar 31". */
export function dayLabel(ymd: string): string {
  const d = utcDate(ymd);
  return `${dayNames.format(d)}, ${shortMonthNames.format(d)} ${d.getUTCDate()}`;
}

/** "Mar 2–8", "Mar 1", "Mar 30–31" (a week cut to one month never spans two). */
export function dayRangeLabel(start: string, end: string): string {
  const s = utcDate(start);
  const head = `${shortMonthNames.format(s)} ${s.getUTCDate()}`;
  return start === end ? head : `${head}–${utcDate(end).getUTCDate()}`;
}

/** "Sat, Jun 6, 2026". */
export function longDayLabel(ymd: string): string {
  return `${dayLabel(ymd)}, ${ymd.slice(0, 4)}`;
}
