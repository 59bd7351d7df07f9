import { addMonths, localDate, startOfDay } from '@runnerly/calendar';

/** The calendar month (`YYYY-MM`) an instant falls in, in a zone. */
export function localMonth(instant: Date, timeZone: string): string {
  return localDate(instant, timeZone).slice(0, 7);
}

/** The instant a month ends in a zone: midnight starting the 1st of the next month. */
export function monthEnd(month: string, timeZone: string): Date {
  return startOfDay(`${addMonths(month, 1)}-01`, timeZone);
}

/** The month that ended last for a runner in this zone ("send me last month's report"). */
export function lastMonth(now: Date, timeZone: string): string {
  return addMonths(localMonth(now, timeZone), -1);
}

/**
 * The months whose report falls due in `(from, to]` for a runner in `timeZone`: a month is due
 * `delayMs` after it ends in the runner's zone. Months that ended before the runner signed up
 * are not due; at most `maxMonths` back (a long outage catches up the recent months only).
 */
export function dueMonths(input: {
  timeZone: string;
  createdAt: string;
  from: Date;
  to: Date;
  delayMs: number;
  maxMonths?: number;
}): string[] {
  const { timeZone, from, to, delayMs } = input;
  const created = Date.parse(input.createdAt);
  const current = localMonth(new Date(to.getTime() - delayMs), timeZone);
  const due: string[] = [];
  for (let i = 1; i <= (input.maxMonths ?? 3); i++) {
    const month = addMonths(current, -i);
    const end = monthEnd(month, timeZone).getTime();
    const at = end + delayMs;
    if (at <= from.getTime()) break;
    if (at <= to.getTime() && created < end) due.unshift(month);
  }
  return due;
}
