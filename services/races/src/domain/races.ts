import { isValidTimeZone, wallClock, zonedTimeToUtc } from '@runnerly/calendar';
import { raceDistanceMetres, type Race, type RaceDistance, type RaceInput, type RacePatch } from '@runnerly/contracts';

/** What is stored of a race besides its id, creator, status and timestamps. */
export interface RaceFields {
  name: string;
  name_key: string;
  start_local: string;
  start_date: string;
  timezone: string;
  start_time: string;
  distance: RaceDistance;
  distance_m: number;
  place: string;
  url: string | null;
  elevation_note: string | null;
}

/** Why a race was refused, for the error catalogue. */
export type RaceProblem =
  | { kind: 'timezone'; timezone: string }
  | { kind: 'date'; message: string }
  | { kind: 'past'; start_local: string; timezone: string }
  | { kind: 'distance'; message: string }
  | { kind: 'text'; message: string };

export const MIN_RACE_M = 100;
/** The longest foot races held (multi-day ultras) are a few hundred km. */
export const MAX_RACE_M = 500_000;
/** How far ahead a race may be added. */
export const MAX_YEARS_AHEAD = 5;

/** Trimmed, single spaces. */
export const tidy = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ');
/** The name as duplicates are found: "  Paris   MARATHON " and "Paris Marathon" are one race. */
export const nameKey = (name: string) => tidy(name).toLowerCase();

const hasControl = (text: string) => /[\u0000-\u001f\u007f]/.test(text);

/** Metres of a race: the standard distance's, or the custom one given. */
export function distanceOf(distance: RaceDistance, given: number | undefined): number | RaceProblem {
  if (distance !== 'custom') {
    const standard = raceDistanceMetres[distance];
    if (given !== undefined && Math.abs(given - standard) > standard * 0.005)
      return {
        kind: 'distance',
        message: `A ${label(distance)} is ${standard} m, not ${given} m: leave distance_m out, or choose a custom distance.`,
      };
    return standard;
  }
  if (given === undefined || !Number.isFinite(given))
    return { kind: 'distance', message: 'A custom distance needs distance_m, in metres.' };
  if (given <= 0) return { kind: 'distance', message: `The distance must be more than 0 m (got ${given}).` };
  if (given < MIN_RACE_M) return { kind: 'distance', message: `A race is at least ${MIN_RACE_M} m (got ${given}).` };
  if (given > MAX_RACE_M)
    return {
      kind: 'distance',
      message: `${given} m is more than the longest races (${MAX_RACE_M / 1000} km): check the unit (metres).`,
    };
  return Math.round(given * 10) / 10;
}

export function label(distance: RaceDistance): string {
  return { '5k': '5K', '10k': '10K', half: 'half marathon', marathon: 'marathon', custom: 'custom distance' }[distance];
}

/**
 * The start of a race given as a wall clock in its zone: the instant, and the wall clock as
 * it really is (a time skipped by a DST change moves an hour later). Refused in the past or
 * more than five years ahead (`now` null: not checked).
 */
export function startOf(
  startLocal: string,
  timezone: string,
  now: Date | null,
): { start_local: string; start_date: string; start_time: string } | RaceProblem {
  if (!isValidTimeZone(timezone)) return { kind: 'timezone', timezone };
  const [ymd, hm] = startLocal.split('T') as [string, string];
  const instant = zonedTimeToUtc(ymd, hm, timezone);
  if (!instant) return { kind: 'date', message: `${startLocal} is not a date and time (YYYY-MM-DDTHH:mm).` };
  if (now) {
    if (instant.getTime() <= now.getTime()) return { kind: 'past', start_local: startLocal, timezone };
    const latest = new Date(now);
    latest.setUTCFullYear(latest.getUTCFullYear() + MAX_YEARS_AHEAD);
    if (instant.getTime() > latest.getTime())
      return { kind: 'date', message: `${ymd} is more than ${MAX_YEARS_AHEAD} years ahead.` };
  }
  const wall = wallClock(instant, timezone);
  const start_local = `${wall.ymd}T${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}`;
  return { start_local, start_date: wall.ymd, start_time: instant.toISOString() };
}

/** "2026-04-12" yes; "2026-02-30" or "2026-13-01" no. */
export function isCalendarDay(ymd: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === ymd;
}

const isProblem = (x: unknown): x is RaceProblem => typeof x === 'object' && x !== null && 'kind' in x;

function text(value: string, what: string): string | RaceProblem {
  const t = tidy(value);
  if (!t) return { kind: 'text', message: `The ${what} must not be empty.` };
  if (hasControl(value)) return { kind: 'text', message: `The ${what} must not contain control characters.` };
  return t;
}

function note(value: string | null | undefined): string | null | RaceProblem {
  if (value === null || value === undefined) return null;
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value))
    return { kind: 'text', message: 'The elevation note must not contain control characters.' };
  return value.trim() || null;
}

/** A new race checked and normalised, or why not (`now` null: the start may be any time). */
export function checkRaceInput(input: RaceInput, now: Date | null): RaceFields | RaceProblem {
  const name = text(input.name, 'name');
  if (isProblem(name)) return name;
  const place = text(input.place, 'place');
  if (isProblem(place)) return place;
  const start = startOf(input.start_local, input.timezone, now);
  if (isProblem(start)) return start;
  const distance_m = distanceOf(input.distance, input.distance_m);
  if (isProblem(distance_m)) return distance_m;
  const elevation_note = note(input.elevation_note);
  if (isProblem(elevation_note)) return elevation_note;
  return {
    name,
    name_key: nameKey(name),
    ...start,
    timezone: input.timezone,
    distance: input.distance,
    distance_m,
    place,
    url: input.url ?? null,
    elevation_note,
  };
}

/**
 * A race with the creator's changes, checked like a new one. The start is checked against
 * `now` only when it changes (a race that took place can still get its place corrected).
 */
export function applyPatch(race: Race, patch: RacePatch, now: Date): RaceFields | RaceProblem {
  const { status: _status, ...changes } = patch;
  const merged = {
    name: race.name,
    start_local: race.start_local,
    timezone: race.timezone,
    distance: race.distance,
    distance_m: race.distance_m,
    place: race.place,
    url: race.url,
    elevation_note: race.elevation_note,
    ...changes,
  };
  // A standard distance chosen without metres takes its own.
  if (changes.distance && changes.distance !== 'custom' && changes.distance_m === undefined)
    merged.distance_m = raceDistanceMetres[changes.distance];
  const moved = merged.start_local !== race.start_local || merged.timezone !== race.timezone;
  return checkRaceInput(merged, moved ? now : null);
}

export { isProblem };
