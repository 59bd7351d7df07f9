/**
 * Calendar days, weeks and months as plain `YYYY-MM-DD` / `YYYY-MM` strings (civil dates: no
 * instant arithmetic, so no DST surprises).
 */
export type FirstDay = 'monday' | 'saturday' | 'sunday';
const firstDayIndex: Record<FirstDay, number> = { sunday: 0, monday: 1, saturday: 6 };

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

/** Whole days from `fromYmd` to `toYmd` (negative when earlier). */
export function daysBetween(fromYmd: string, toYmd: string): number {
  return Math.round((toUtc(toYmd).getTime() - toUtc(fromYmd).getTime()) / 86_400_000);
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

/** Days in a calendar month `YYYY-MM`. */
export function daysInMonth(month: string): number {
  return daysBetween(`${month}-01`, `${addMonths(month, 1)}-01`);
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
