import { TZDate, tzOffset } from '@date-fns/tz';

const known = new Map<string, boolean>();

/** True for names the runtime's time zone database knows (IANA names, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  let ok = known.get(timeZone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      ok = true;
    } catch {
      ok = false;
    }
    if (known.size > 1000) known.clear();
    known.set(timeZone, ok);
  }
  return ok;
}

/** The zone itself when known, else UTC (what every helper here falls back to). */
export function knownZone(timeZone: string): string {
  return isValidTimeZone(timeZone) ? timeZone : 'UTC';
}

/** How far the zone's wall clock is ahead of UTC at an instant, in minutes (Paris in winter: 60). */
export function utcOffsetMinutes(timeZone: string, instant: number | Date): number {
  return tzOffset(knownZone(timeZone), typeof instant === 'number' ? new Date(instant) : instant);
}

/** The wall-clock parts of an instant in a zone. */
export function wallClock(
  instant: string | number | Date,
  timeZone: string,
): { ymd: string; hour: number; minute: number; second: number } {
  const d = new TZDate(new Date(instant).getTime(), knownZone(timeZone));
  const ymd = `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return { ymd, hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds() };
}

/** The calendar date of an instant in a zone: "2026-03-09". Unknown zones count as UTC. */
export function localDate(instant: string | number | Date, timeZone: string): string {
  return wallClock(instant, timeZone).ymd;
}

/**
 * The instant of a wall-clock date and time ("2026-03-08", "08:15") in a zone. A time skipped
 * by a DST change counts as the one an hour later; a repeated one as the first. Null when the
 * date or time cannot be read; unknown zones count as UTC.
 */
export function zonedTimeToUtc(ymd: string, hm: string, timeZone: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  // eslint-disable-next-line security/detect-unsafe-regex -- anchored, bounded repetitions only: linear time
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
  if (new Date(Date.UTC(y, mo - 1, da)).getUTCDate() !== da) return null; // 31 February and the like
  return new Date(new TZDate(y, mo - 1, da, h, mi, s, knownZone(timeZone)).getTime());
}

/** The instant a calendar day starts in a zone. */
export function startOfDay(ymd: string, timeZone: string): Date {
  const start = zonedTimeToUtc(ymd, '00:00', timeZone);
  if (!start) throw new RangeError(`not a calendar date: ${ymd}`);
  return start;
}

/** [from, to) instants covering a calendar month `YYYY-MM` as lived in the zone. */
export function monthRange(month: string, timeZone: string): { from: string; to: string } {
  return {
    from: startOfDay(`${month}-01`, timeZone).toISOString(),
    to: startOfDay(`${addMonths(month, 1)}-01`, timeZone).toISOString(),
  };
}

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const total = y! * 12 + (m! - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/**
 * The fixed zone of a whole-hour UTC offset in minutes (60 → `Etc/GMT-1`: the Etc names count
 * the other way round), for a run whose file or source gives its clock's offset but no place;
 * null for an offset that is not a whole hour or beyond the Etc zones (−12 h … +14 h).
 */
export function offsetZone(offsetMinutes: number | null | undefined): string | null {
  if (typeof offsetMinutes !== 'number' || !Number.isFinite(offsetMinutes)) return null;
  const hours = offsetMinutes / 60;
  if (!Number.isInteger(hours) || hours < -12 || hours > 14) return null;
  return hours === 0 ? 'Etc/GMT' : `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
}
