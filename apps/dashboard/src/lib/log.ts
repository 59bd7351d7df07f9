/**
 * The training log's arithmetic: distance added up day by day through a year (to compare
 * years), and runs laid out in calendar weeks. Pure: days are `YYYY-MM-DD` in the runner's zone.
 */
import { addDays, daysBetween, localDate, type FirstDay, weekStart } from '@runnerly/calendar';

/** Distance run by the end of each day of the year (metres), from the year's day totals. */
export function cumulativeByDay(days: ReadonlyArray<{ key: string; distance_m: number }>): number[] {
  let sum = 0;
  return days.map((d) => (sum += d.distance_m));
}

/**
 * How far the year had gone by the same calendar day as `today` (the 28th for a 29 February in a
 * year without one); the whole year when the series ends earlier.
 */
export function byThisDate(year: number, series: readonly number[], today: string): number {
  if (!series.length) return 0;
  const monthDay = today.slice(5);
  const leap = daysBetween(`${year}-01-01`, `${year + 1}-01-01`) === 366;
  const day = monthDay === '02-29' && !leap ? '02-28' : monthDay;
  const index = daysBetween(`${year}-01-01`, `${year}-${day}`);
  return series[Math.min(index, series.length - 1)] ?? 0;
}

export interface LogRun {
  id: string;
  name: string;
  start_time: string;
  distance_m: number;
  moving_time_s: number;
}

export interface LogWeek<R extends LogRun> {
  start: string;
  days: Array<{ date: string; runs: R[] }>;
  distance_m: number;
  moving_time_s: number;
  count: number;
}

/** The `count` weeks (first day `firstDay`) ending with the one holding `lastDay`, oldest first. */
export function weekStarts(lastDay: string, firstDay: FirstDay, count: number): string[] {
  const last = weekStart(lastDay, firstDay);
  return Array.from({ length: count }, (_, i) => addDays(last, -7 * (count - 1 - i)));
}

/** Runs placed on their calendar day in `zone`, in weeks starting on the given days, with each week's sums. */
export function layWeeks<R extends LogRun>(starts: readonly string[], runs: readonly R[], zone: string): LogWeek<R>[] {
  const byDay = new Map<string, R[]>();
  for (const r of runs) {
    const day = localDate(r.start_time, zone);
    byDay.set(day, [...(byDay.get(day) ?? []), r]);
  }
  return starts.map((start) => {
    const days = Array.from({ length: 7 }, (_, i) => {
      const date = addDays(start, i);
      const dayRuns = [...(byDay.get(date) ?? [])].sort((a, b) => a.start_time.localeCompare(b.start_time));
      return { date, runs: dayRuns };
    });
    const all = days.flatMap((d) => d.runs);
    return {
      start,
      days,
      distance_m: all.reduce((s, r) => s + r.distance_m, 0),
      moving_time_s: all.reduce((s, r) => s + r.moving_time_s, 0),
      count: all.length,
    };
  });
}
