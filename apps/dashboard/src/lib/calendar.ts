/**
 * What the pages do with calendar dates beyond `@runnerly/calendar`: weekly buckets and short
 * labels in the browser's language. Pure: no DOM.
 */
import { localDate, weekStart, type FirstDay } from '@runnerly/calendar';

function toUtc(ymd: string): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d ?? 1));
}

export interface Bucket {
  key: string;
  distance_m: number;
  moving_time_s: number;
  count: number;
}
interface RunLike {
  start_time: string;
  distance_m: number;
  moving_time_s: number;
}

/**
 * Sums runs into the given weeks (keys = week starts) by their calendar date in `timeZone`.
 * Runs outside those weeks are left out; every week is present, empty ones with zeros.
 */
export function bucketByWeek(
  runs: readonly RunLike[],
  weekStarts: readonly string[],
  timeZone: string,
  firstDay: FirstDay,
): Bucket[] {
  const buckets = new Map(weekStarts.map((k) => [k, { key: k, distance_m: 0, moving_time_s: 0, count: 0 }]));
  const seen = new Set<RunLike>();
  for (const run of runs) {
    if (seen.has(run)) continue;
    seen.add(run);
    const b = buckets.get(weekStart(localDate(run.start_time, timeZone), firstDay));
    if (!b) continue;
    b.distance_m += run.distance_m;
    b.moving_time_s += run.moving_time_s;
    b.count += 1;
  }
  return [...buckets.values()];
}

/** "9 Mar" for a date string, in the browser's language (dates only, no zone shift). */
export function shortDay(ymd: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(toUtc(ymd));
}

/** "Mar" or "Mar 2026" for "2026-03". */
export function monthLabel(month: string, withYear = false, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(toUtc(`${month}-01`));
}
