/**
 * Calendar days, weeks and months in a time zone, as plain `YYYY-MM-DD` / `YYYY-MM` strings
 * (civil dates: no Date arithmetic across DST changes). Pure: no DOM.
 */
export type FirstDay = 'monday' | 'saturday' | 'sunday';
const firstDayIndex: Record<FirstDay, number> = { sunday: 0, monday: 1, saturday: 6 };

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
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

/** The calendar date of an instant in a zone: "2026-03-09". Unknown zones fall back to UTC. */
export function localDate(instant: string | Date, timeZone: string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  let f: Intl.DateTimeFormat;
  try {
    f = partsFormatter(timeZone);
  } catch {
    f = partsFormatter('UTC');
  }
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

function toUtc(ymd: string): Date {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d ?? 1));
}
function fromUtc(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(ymd: string, days: number): string {
  const d = toUtc(ymd);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(ymd: string): number {
  return toUtc(ymd).getUTCDay();
}

/** The first day of the week that holds `ymd`. */
export function weekStart(ymd: string, firstDay: FirstDay): string {
  const back = (weekday(ymd) - firstDayIndex[firstDay] + 7) % 7;
  return addDays(ymd, -back);
}

/** The starts of the `count` weeks ending with the one holding `todayYmd`, oldest first. */
export function lastWeeks(todayYmd: string, firstDay: FirstDay, count: number): string[] {
  const current = weekStart(todayYmd, firstDay);
  return Array.from({ length: count }, (_, i) => addDays(current, -7 * (count - 1 - i)));
}

export function monthOf(ymd: string): string {
  return ymd.slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const total = y! * 12 + (m! - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The `count` months ending with the one holding `todayYmd`, oldest first: ["2025-04", …, "2026-03"]. */
export function lastMonths(todayYmd: string, count: number): string[] {
  const current = monthOf(todayYmd);
  return Array.from({ length: count }, (_, i) => addMonths(current, -(count - 1 - i)));
}

/** Months that hold any day from `fromYmd` to `toYmd` (inclusive), oldest first. */
export function monthsBetween(fromYmd: string, toYmd: string): string[] {
  const out: string[] = [];
  for (let m = monthOf(fromYmd); m <= monthOf(toYmd); m = addMonths(m, 1)) out.push(m);
  return out;
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

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** How far a zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function zoneOffset(ms: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    offsetFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of a wall-clock date and time ("2026-03-08", "08:15") in a zone, not the
 * browser's. A time skipped by a DST change counts as the one an hour later; a repeated one
 * as the first. Null when the date or time cannot be read; unknown zones count as UTC.
 */
export function zonedTimeToUtc(ymd: string, hm: string, timeZone: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(hm);
  if (!d || !t) return null;
  const [y, mo, da, h, mi, s] = [d[1], d[2], d[3], t[1], t[2], t[3] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, da, h, mi, s);
  if (new Date(wall).getUTCDate() !== da) return null; // 31 February and the like
  let zone = timeZone;
  try {
    zoneOffset(wall, zone);
  } catch {
    zone = 'UTC';
  }
  // The offset just before and after the guess: the first that maps back to the wall time wins.
  const before = zoneOffset(wall - 86_400_000, zone);
  const after = zoneOffset(wall + 86_400_000, zone);
  for (const off of before === after ? [before] : [before, after]) {
    if (zoneOffset(wall - off, zone) === off) return new Date(wall - off);
  }
  // In a gap (the clocks jumped over it): the same time on the old offset, i.e. an hour later.
  return new Date(wall - before);
}
