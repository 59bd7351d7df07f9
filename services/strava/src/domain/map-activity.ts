// A Strava activity summary → the data service's RunInput (pure).
import { isValidTimeZone, offsetZone } from '@runnerly/calendar';
import type { RunInput } from '@runnerly/contracts';
import { isRun, type SummaryActivity } from '@runnerly/strava-client';

/** "(GMT-08:00) America/Los_Angeles" → "America/Los_Angeles"; null when missing or unknown here. */
export function ianaZone(stravaZone: string | null | undefined): string | null {
  const name = (stravaZone ?? '').replace(/^\([^)]*\)\s*/, '').trim();
  // eslint-disable-next-line security/detect-unsafe-regex -- each repeated segment starts with a slash that the segment itself cannot contain: linear time
  return name && /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name) && isValidTimeZone(name) ? name : null;
}

/** Minutes the activity's local clock was ahead of UTC: `utc_offset` (seconds), else `start_date_local` − `start_date`. */
function offsetMinutes(a: SummaryActivity): number | null {
  if (typeof a.utc_offset === 'number' && Number.isFinite(a.utc_offset)) return Math.round(a.utc_offset / 60);
  const local = typeof a.start_date_local === 'string' ? Date.parse(a.start_date_local) : NaN;
  const utc = typeof a.start_date === 'string' ? Date.parse(a.start_date) : NaN;
  return Number.isFinite(local) && Number.isFinite(utc) ? Math.round((local - utc) / 60_000) : null;
}

/**
 * Where the activity was run: Strava's `timezone` name; when it is missing or unknown, the fixed
 * zone of its offset (`utc_offset`, or the local start minus the UTC start: `Etc/GMT-1` for +1 h);
 * null when Strava says neither (the caller takes the runner's profile zone).
 */
export function activityZone(a: SummaryActivity): string | null {
  return ianaZone(typeof a.timezone === 'string' ? a.timezone : null) ?? offsetZone(offsetMinutes(a));
}

const hr = (v: number | null | undefined) => (typeof v === 'number' && v >= 20 && v <= 260 ? v : null);
const nonNeg = (v: number | null | undefined, max: number) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(v, max) : null;

/** What one Strava activity becomes: a run, nothing (not a run), or a rejection with its reason. */
export type Mapped = { run: RunInput } | { skip: true } | { reject: string };

const SPORTS: readonly string[] = ['Run', 'TrailRun', 'VirtualRun'];

/**
 * Strava's activity, read defensively: `sport_type` or the deprecated `type`; numbers that are
 * missing, negative or not numbers are left out; a moving time above the elapsed time (Strava
 * sends it) is capped to the elapsed time; only a start that is not a date rejects the activity.
 * The zone is the activity's (`activityZone`), else `profileZone` (the runner's).
 */
export function mapActivity(userId: string, a: SummaryActivity, profileZone = 'UTC'): Mapped {
  if (!isRun(a)) return { skip: true };
  const id = String(a.id);
  const sport = SPORTS.includes(a.sport_type ?? '') ? a.sport_type! : SPORTS.includes(a.type ?? '') ? a.type! : 'Run';
  const startMs = typeof a.start_date === 'string' ? Date.parse(a.start_date) : NaN;
  if (!Number.isFinite(startMs) || startMs < Date.UTC(1990, 0, 1) || startMs > Date.UTC(2200, 0, 1))
    return { reject: `Strava gave no valid start time (${JSON.stringify(a.start_date ?? null).slice(0, 40)}).` };
  const cadence =
    typeof a.average_cadence === 'number' && a.average_cadence > 0 ? Math.min(400, a.average_cadence * 2) : null;
  const polyline = a.map?.summary_polyline;
  const elapsed = Math.round(nonNeg(a.elapsed_time, 30 * 86400) ?? 0);
  const movingRaw = Math.round(nonNeg(a.moving_time, 30 * 86400) ?? 0);
  const moving = elapsed > 0 ? Math.min(movingRaw, elapsed) : movingRaw;
  return {
    run: {
      user_id: userId,
      source: 'strava',
      source_id: id,
      strava_activity_id: id,
      name: (typeof a.name === 'string' ? a.name : '').slice(0, 200) || 'Run',
      sport_type: sport as RunInput['sport_type'],
      start_time: new Date(startMs).toISOString(),
      timezone: activityZone(a) ?? profileZone,
      distance_m: nonNeg(a.distance, 1_000_000) ?? 0,
      moving_time_s: moving,
      elapsed_time_s: elapsed > 0 ? elapsed : moving,
      elevation_gain_m: nonNeg(a.total_elevation_gain, 100_000),
      average_heartrate: hr(a.average_heartrate),
      max_heartrate: hr(a.max_heartrate),
      average_cadence: cadence,
      summary_polyline: typeof polyline === 'string' && polyline ? polyline : null,
      external_id: a.external_id ? String(a.external_id).slice(0, 200) : null,
      device: a.device_name ? String(a.device_name).slice(0, 200) : null,
      ...(a.trainer === true ? { trainer: true } : {}),
      // Entered by hand: there was no GPS (and no device).
      ...(a.manual === true ? { has_gps: false } : {}),
      ...(workoutTypes[Number(a.workout_type)] ? { workout_type: workoutTypes[Number(a.workout_type)] } : {}),
      ...(gearOf(a) ? { gear: gearOf(a) } : {}),
    },
  };
}

/** Strava's workout_type for runs: 1 race, 2 long run, 3 workout (0 and anything else: an ordinary run). */
const workoutTypes: Record<number, RunInput['workout_type']> = { 1: 'race', 2: 'long_run', 3: 'workout' };

/**
 * The shoes of the activity: its `gear_id`, named as the detailed activity names it (a summary
 * carries the id only; the runner renames the pair on the Account page).
 */
function gearOf(a: SummaryActivity): RunInput['gear'] {
  const id = typeof a.gear_id === 'string' ? a.gear_id : '';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(id)) return undefined;
  const detail = a.gear as { id?: unknown; name?: unknown } | null | undefined;
  const named = detail && detail.id === id && typeof detail.name === 'string' ? detail.name.trim().slice(0, 100) : '';
  return { strava_gear_id: id, name: named || `Strava shoes ${id}` };
}

/** Only running sport types become runs (null otherwise, or when the activity cannot be read). */
export function toRunInput(userId: string, a: SummaryActivity, profileZone = 'UTC'): RunInput | null {
  const m = mapActivity(userId, a, profileZone);
  return 'run' in m ? m.run : null;
}

export const startEpoch = (a: SummaryActivity): number => Math.floor(Date.parse(a.start_date) / 1000);

/** What of a stored run follows later edits on Strava (title, sport). */
export const changeKey = (r: Pick<RunInput, 'name' | 'sport_type'>): string => JSON.stringify([r.name, r.sport_type]);
