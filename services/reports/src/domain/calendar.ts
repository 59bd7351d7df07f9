/**
 * What a report needs of the calendar beyond `@runnerly/calendar`: months as `YYYY-MM`, the
 * weeks of a month cut to its days, and English labels for the mail.
 */
import { addDays, addMonths, weekStart, type FirstDay } from '@runnerly/calendar';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for a calendar month written `YYYY-MM`. */
export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

function utcDate(ymd: string): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d ?? 1));
}

export function firstDay(month: string): string {
  return `${month}-01`;
}

export function lastDay(month: string): string {
  return addDays(firstDay(addMonths(month, 1)), -1);
}

/**
 * The weeks that hold a day of the month, oldest first, each cut to the days inside the month:
 * March 2026 (the 1st is a Sunday) starts with a one-day week for a Monday-first runner.
 */
export function weeksOfMonth(month: string, first: FirstDay): Array<{ start: string; end: string }> {
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
