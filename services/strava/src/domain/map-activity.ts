// A Strava activity summary → the data service's RunInput (pure).
import type { RunInput } from '@runnerly/contracts';
import { isRun, type SummaryActivity } from '@runnerly/strava-client';

const validZones = new Map<string, boolean>();
function isZone(tz: string): boolean {
  let ok = validZones.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    validZones.set(tz, ok);
  }
  return ok;
}

/** "(GMT-08:00) America/Los_Angeles" → "America/Los_Angeles"; UTC when unknown. */
export function ianaZone(stravaZone: string | null | undefined): string {
  const name = (stravaZone ?? '').replace(/^\([^)]*\)\s*/, '').trim();
  return name && /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(name) && isZone(name) ? name : 'UTC';
}

const hr = (v: number | null | undefined) => (typeof v === 'number' && v >= 20 && v <= 260 ? v : null);
const nonNeg = (v: number | null | undefined, max: number) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(v, max) : null;

/** Only running sport types become runs. */
export function toRunInput(userId: string, a: SummaryActivity): RunInput | null {
  if (!isRun(a)) return null;
  const id = String(a.id);
  const cadence =
    typeof a.average_cadence === 'number' && a.average_cadence > 0 ? Math.min(400, a.average_cadence * 2) : null;
  const polyline = a.map?.summary_polyline;
  return {
    user_id: userId,
    source: 'strava',
    source_id: id,
    strava_activity_id: id,
    name: (a.name ?? '').slice(0, 200) || 'Run',
    sport_type: a.sport_type as RunInput['sport_type'],
    start_time: new Date(a.start_date).toISOString(),
    timezone: ianaZone(a.timezone),
    distance_m: nonNeg(a.distance, 1_000_000) ?? 0,
    moving_time_s: Math.round(nonNeg(a.moving_time, 30 * 86400) ?? 0),
    elapsed_time_s: Math.round(nonNeg(a.elapsed_time, 30 * 86400) ?? 0),
    elevation_gain_m: nonNeg(a.total_elevation_gain, 100_000),
    average_heartrate: hr(a.average_heartrate),
    max_heartrate: hr(a.max_heartrate),
    average_cadence: cadence,
    summary_polyline: polyline ? polyline : null,
    external_id: a.external_id ? String(a.external_id).slice(0, 200) : null,
    device: a.device_name ? String(a.device_name).slice(0, 200) : null,
  };
}

export const startEpoch = (a: SummaryActivity): number => Math.floor(Date.parse(a.start_date) / 1000);
