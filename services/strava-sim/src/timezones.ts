// Strava's time zone fields, from the shared calendar helpers: Strava reports `timezone` as
// "(GMT+01:00) Europe/Paris" (the zone's standard offset) and `utc_offset` as the offset in
// effect at the activity's start (DST included), in seconds.
import { utcOffsetMinutes } from '@runnerly/calendar';

const offsetCache = new Map<string, number>();

/** Offset of `timeZone` from UTC at the instant `epochMs`, in seconds. */
export function utcOffsetSeconds(timeZone: string, epochMs: number): number {
  return utcOffsetMinutes(timeZone, epochMs) * 60;
}

/** Offset at noon UTC of the day containing `epochMs` (cached): good for daytime activities. */
export function dayOffsetSeconds(timeZone: string, epochMs: number): number {
  const day = Math.floor(epochMs / 86_400_000);
  const key = `${timeZone}|${day}`;
  let v = offsetCache.get(key);
  if (v === undefined) {
    v = utcOffsetSeconds(timeZone, day * 86_400_000 + 43_200_000);
    if (offsetCache.size > 200_000) offsetCache.clear();
    offsetCache.set(key, v);
  }
  return v;
}

/** The zone's standard (winter) offset, as Strava prints it in `timezone`. */
export function stravaTimezoneLabel(timeZone: string, year = 2024): string {
  const jan = utcOffsetSeconds(timeZone, Date.UTC(year, 0, 15));
  const jul = utcOffsetSeconds(timeZone, Date.UTC(year, 6, 15));
  const standard = Math.min(jan, jul);
  const sign = standard < 0 ? '-' : '+';
  const abs = Math.abs(standard);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  return `(GMT${sign}${hh}:${mm}) ${timeZone}`;
}

/** ISO 8601 without milliseconds, with a trailing Z (Strava's format for both dates). */
export function isoSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
