import type { RunTotals, Totals, TotalsBucket, TotalsPeriod } from '@runnerly/contracts';
import { addDays, addMonths, daysInMonth, localDate, weekStart, type FirstDay } from '@runnerly/calendar';

/** The most buckets one answer holds (a decade of weeks, a year of days). */
export const MAX_BUCKETS = { day: 400, week: 530, month: 240, year: 100 } as const;

interface RunLike {
  start_time: string;
  distance_m: number;
  moving_time_s: number;
  elevation_gain_m: number | null;
}

/** The bucket a calendar day falls in: itself, its week's first day, its month, its year. */
export function bucketKey(period: TotalsPeriod, ymd: string, firstDay: FirstDay): string {
  if (period === 'day') return ymd;
  if (period === 'week') return weekStart(ymd, firstDay);
  return period === 'month' ? ymd.slice(0, 7) : ymd.slice(0, 4);
}

/** First and last calendar day of a bucket. */
function bucketDays(period: TotalsPeriod, key: string): { from: string; to: string } {
  if (period === 'day') return { from: key, to: key };
  if (period === 'week') return { from: key, to: addDays(key, 6) };
  if (period === 'month') return { from: `${key}-01`, to: `${key}-${String(daysInMonth(key)).padStart(2, '0')}` };
  return { from: `${key}-01-01`, to: `${key}-12-31` };
}

function nextKey(period: TotalsPeriod, key: string): string {
  if (period === 'day') return addDays(key, 1);
  if (period === 'week') return addDays(key, 7);
  return period === 'month' ? addMonths(key, 1) : String(Number(key) + 1);
}

/**
 * Every bucket from the one holding `from` to the one holding `to` (calendar days), oldest
 * first; null when that is more than MAX_BUCKETS[period].
 */
export function bucketsBetween(
  period: TotalsPeriod,
  from: string,
  to: string,
  firstDay: FirstDay,
): Array<{ key: string; from: string; to: string }> | null {
  const last = bucketKey(period, to, firstDay);
  const out: Array<{ key: string; from: string; to: string }> = [];
  for (let key = bucketKey(period, from, firstDay); key <= last; key = nextKey(period, key)) {
    if (out.length === MAX_BUCKETS[period]) return null;
    out.push({ key, ...bucketDays(period, key) });
  }
  return out;
}

const zero = (): Totals => ({ count: 0, distance_m: 0, moving_time_s: 0, elevation_gain_m: 0 });
function add(t: Totals, r: RunLike): void {
  t.count += 1;
  t.distance_m += r.distance_m;
  t.moving_time_s += r.moving_time_s;
  t.elevation_gain_m += r.elevation_gain_m ?? 0;
}

/** Sums runs into the buckets by their calendar day in `timeZone`; runs outside the buckets are left out. */
export function totalsPer(
  runs: readonly RunLike[],
  buckets: ReadonlyArray<{ key: string; from: string; to: string }>,
  period: TotalsPeriod,
  timeZone: string,
  firstDay: FirstDay,
): Pick<RunTotals, 'buckets' | 'all'> {
  const byKey = new Map<string, TotalsBucket>(buckets.map((b) => [b.key, { ...b, ...zero() }]));
  const all = zero();
  for (const run of runs) {
    const b = byKey.get(bucketKey(period, localDate(run.start_time, timeZone), firstDay));
    if (!b) continue;
    add(b, run);
    add(all, run);
  }
  const round = <T extends Totals>(t: T): T => ({ ...t, distance_m: Math.round(t.distance_m * 10) / 10 });
  return { buckets: [...byKey.values()].map(round), all: round(all) };
}
