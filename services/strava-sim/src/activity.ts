// Strava's JSON representations of an activity (SummaryActivity, DetailedActivity, Lap,
// StreamSet), built from a skeleton and its track. Field names and units follow swagger.json.
import type { Athlete } from './athletes.ts';
import type { Skeleton } from './schedule.ts';
import { hash32 } from './prng.ts';
import { isoSeconds, stravaTimezoneLabel } from './timezones.ts';
import { elevationGain, type Track, type TrackStats } from './track.ts';

export type Json = Record<string, unknown>;

const round = (v: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/** The deprecated `type` a sport_type maps to. */
function legacyType(sport: string): string {
  if (sport === 'TrailRun') return 'Run';
  if (sport === 'VirtualRun') return 'VirtualRun';
  return sport;
}

const STREAM_TYPES = [
  'time',
  'distance',
  'latlng',
  'altitude',
  'velocity_smooth',
  'heartrate',
  'cadence',
  'watts',
  'temp',
  'moving',
  'grade_smooth',
] as const;
export type StreamType = (typeof STREAM_TYPES)[number];
export function isStreamType(v: string): v is StreamType {
  return (STREAM_TYPES as readonly string[]).includes(v);
}

/** What Strava sends for a poisoned activity (see `Poison`). */
function poisoned(s: Skeleton, json: Json): Json {
  if (!s.poison?.length) return json;
  const out = { ...json };
  if (s.poison.includes('moving_over_elapsed')) out.moving_time = s.elapsedTime + 600;
  if (s.poison.includes('no_sport_type')) delete out.sport_type;
  if (s.poison.includes('bad_start_date')) {
    out.start_date = '0000-00-00T00:00:00Z';
    out.start_date_local = '0000-00-00T00:00:00Z';
  }
  if (s.poison.includes('no_timezone')) delete out.timezone;
  if (s.poison.includes('no_utc_offset')) delete out.utc_offset;
  return out;
}

export function summaryActivity(a: Athlete, s: Skeleton, st: TrackStats): Json {
  return poisoned(s, summaryJson(a, s, st));
}

function summaryJson(a: Athlete, s: Skeleton, st: TrackStats): Json {
  const localMs = s.startMs + s.utcOffset * 1000;
  const isRunLike = s.sportType === 'Run' || s.sportType === 'TrailRun' || s.sportType === 'VirtualRun';
  const h = hash32('social', s.id);
  return {
    resource_state: 2,
    athlete: { id: a.id, resource_state: 1 },
    name: s.name,
    distance: round(s.distance, 1),
    moving_time: s.movingTime,
    elapsed_time: s.elapsedTime,
    total_elevation_gain: st.totalElevationGain,
    type: legacyType(s.sportType),
    sport_type: s.sportType,
    workout_type: s.workoutType,
    id: s.id,
    external_id: s.custom || s.manual ? null : `garmin_ping_${s.id + 7_000_000_000}`,
    upload_id: s.custom ? null : s.id + 1_000_000_000_000,
    start_date: isoSeconds(s.startMs),
    start_date_local: isoSeconds(localMs),
    timezone: stravaTimezoneLabel(a.place.timeZone),
    utc_offset: s.utcOffset,
    location_city: null,
    location_state: null,
    location_country: a.place.country,
    achievement_count: isRunLike ? h % 4 : 0,
    kudos_count: s.visibility === 'only_me' ? 0 : h % 17,
    comment_count: s.visibility === 'only_me' ? 0 : (h >>> 5) % 3,
    athlete_count: 1,
    photo_count: 0,
    map: { id: `a${s.id}`, summary_polyline: st.summaryPolyline, resource_state: 2 },
    start_latlng: st.startLatlng ?? [],
    end_latlng: st.endLatlng ?? [],
    trainer: s.trainer,
    commute: s.commute,
    ...(s.manual ? {} : { device_name: deviceOf(a, s) }),
    manual: s.manual === true,
    private: s.visibility === 'only_me',
    visibility: s.visibility,
    flagged: false,
    gear_id: isRunLike ? a.shoeId : s.sportType === 'Ride' ? a.bikeId : null,
    from_accepted_tag: false,
    upload_id_str: s.custom ? null : String(s.id + 1_000_000_000_000),
    average_speed: s.movingTime > 0 ? round(s.distance / s.movingTime, 3) : 0,
    max_speed: st.maxSpeed,
    ...(st.averageCadence !== null ? { average_cadence: st.averageCadence } : {}),
    has_heartrate: st.averageHeartrate !== null,
    ...(st.averageHeartrate !== null ? { average_heartrate: st.averageHeartrate, max_heartrate: st.maxHeartrate } : {}),
    heartrate_opt_out: false,
    display_hide_heartrate_option: st.averageHeartrate !== null,
    ...(st.elevHigh !== null ? { elev_high: st.elevHigh, elev_low: st.elevLow } : {}),
    pr_count: isRunLike ? (h >>> 9) % 2 : 0,
    total_photo_count: 0,
    has_kudoed: false,
    ...(s.sportType === 'Swim' || s.sportType === 'WeightTraining'
      ? {}
      : {
          suffer_score:
            st.averageHeartrate !== null ? Math.round((s.movingTime / 60) * s.intensity * s.intensity * 1.2) : null,
        }),
  };
}

interface Span {
  start: number;
  end: number;
}

/** Sample index ranges of each auto-lap (1 km for runs and walks, one lap otherwise). */
function lapSpans(s: Skeleton, t: Track, every: number | null): Span[] {
  if (!t.distance || every === null || s.distance <= every) return [{ start: 0, end: t.n - 1 }];
  const spans: Span[] = [];
  let start = 0;
  let next = every;
  for (let i = 1; i < t.n; i++) {
    if (t.distance[i]! >= next - 1e-9 && i < t.n - 1) {
      spans.push({ start, end: i });
      start = i;
      next += every;
    }
  }
  if (start < t.n - 1) spans.push({ start, end: t.n - 1 });
  return spans;
}

function spanStats(
  t: Track,
  sp: Span,
): {
  moving: number;
  elapsed: number;
  distance: number;
  maxSpeed: number;
  hr: number | null;
  maxHr: number | null;
  cadence: number | null;
  gain: number;
  elevDiff: number;
} {
  let moving = 0,
    maxSpeed = 0,
    hrSum = 0,
    hrN = 0,
    maxHr = 0,
    cadSum = 0,
    cadN = 0;
  for (let i = sp.start + 1; i <= sp.end; i++) {
    if (t.moving[i]) {
      moving++;
      if (t.velocity && t.velocity[i]! > maxSpeed) maxSpeed = t.velocity[i]!;
      if (t.heartrate) {
        hrSum += t.heartrate[i]!;
        hrN++;
      }
      if (t.cadence && t.cadence[i]! > 0) {
        cadSum += t.cadence[i]!;
        cadN++;
      }
    }
    if (t.heartrate && t.heartrate[i]! > maxHr) maxHr = t.heartrate[i]!;
  }
  return {
    moving,
    elapsed: t.time[sp.end]! - t.time[sp.start]!,
    distance: t.distance ? t.distance[sp.end]! - t.distance[sp.start]! : 0,
    maxSpeed,
    hr: hrN ? round(hrSum / hrN, 1) : null,
    maxHr: t.heartrate ? maxHr : null,
    cadence: cadN ? round(cadSum / cadN, 1) : null,
    gain: t.altitude ? round(elevationGain(t.altitude, sp.start, sp.end), 1) : 0,
    elevDiff: t.altitude ? round(t.altitude[sp.end]! - t.altitude[sp.start]!, 1) : 0,
  };
}

export function laps(a: Athlete, s: Skeleton, t: Track): Json[] {
  const isFoot =
    s.sportType === 'Run' || s.sportType === 'TrailRun' || s.sportType === 'VirtualRun' || s.sportType === 'Walk';
  return lapSpans(s, t, isFoot ? 1000 : s.sportType === 'Ride' ? 5000 : null).map((sp, i) => {
    const x = spanStats(t, sp);
    const startMs = s.startMs + t.time[sp.start]! * 1000;
    return {
      id: s.id * 100 + i + 1, // laps have their own (safe) ids
      resource_state: 2,
      name: `Lap ${i + 1}`,
      activity: { id: s.id, resource_state: 1 },
      athlete: { id: a.id, resource_state: 1 },
      elapsed_time: x.elapsed,
      moving_time: x.moving,
      start_date: isoSeconds(startMs),
      start_date_local: isoSeconds(startMs + s.utcOffset * 1000),
      distance: round(x.distance, 1),
      start_index: sp.start,
      end_index: sp.end,
      total_elevation_gain: x.gain,
      average_speed: x.moving ? round(x.distance / x.moving, 2) : 0,
      max_speed: round(x.maxSpeed, 2),
      ...(x.cadence !== null ? { average_cadence: x.cadence } : {}),
      device_watts: false,
      ...(x.hr !== null ? { average_heartrate: x.hr, max_heartrate: x.maxHr } : {}),
      lap_index: i + 1,
      split: i + 1,
      pace_zone: 0,
    };
  });
}

function splits(s: Skeleton, t: Track, every: number): Json[] {
  if (!t.distance || s.distance <= 0) return [];
  const spans: Span[] = [];
  let start = 0;
  let next = every;
  for (let i = 1; i < t.n; i++) {
    if (t.distance[i]! >= next - 1e-9 && i < t.n - 1) {
      spans.push({ start, end: i });
      start = i;
      next += every;
    }
  }
  if (start < t.n - 1) spans.push({ start, end: t.n - 1 });
  return spans.map((sp, i) => {
    const x = spanStats(t, sp);
    return {
      distance: round(x.distance, 1),
      elapsed_time: x.elapsed,
      elevation_difference: x.elevDiff,
      moving_time: x.moving,
      split: i + 1,
      average_speed: x.moving ? round(x.distance / x.moving, 2) : 0,
      average_grade_adjusted_speed: x.moving ? round(x.distance / x.moving, 2) : 0,
      ...(x.hr !== null ? { average_heartrate: x.hr } : {}),
      pace_zone: 0,
    };
  });
}

function deviceOf(a: Athlete, s: Skeleton): string {
  const isRunLike = s.sportType === 'Run' || s.sportType === 'TrailRun' || s.sportType === 'VirtualRun';
  return (s.trainer && !isRunLike) || s.sportType === 'VirtualRun' ? 'Zwift' : a.device;
}

/** Strava's standard best-effort distances (metres) a run of that length gets. */
const BEST_EFFORTS: Array<[string, number]> = [
  ['400m', 400],
  ['1/2 mile', 804.67],
  ['1k', 1000],
  ['1 mile', 1609.34],
  ['2 mile', 3218.69],
  ['5k', 5000],
  ['10k', 10000],
  ['15k', 15000],
  ['10 mile', 16093.4],
  ['20k', 20000],
  ['Half-Marathon', 21097.5],
  ['Marathon', 42195],
];

/** The fastest stretch of the track for each standard distance (two pointers over time and distance). */
function bestEfforts(s: Skeleton, t: Track): Json[] {
  const d = t.distance;
  if (!d || t.n < 2) return [];
  const out: Json[] = [];
  for (const [name, metres] of BEST_EFFORTS) {
    if (d[t.n - 1]! < metres) break;
    let best = Infinity;
    let bestStart = 0;
    let j = 0;
    for (let i = 0; i < t.n; i++) {
      while (j < t.n && d[j]! - d[i]! < metres) j++;
      if (j >= t.n) break;
      const took = t.time[j]! - t.time[i]!;
      if (took < best) {
        best = took;
        bestStart = i;
      }
    }
    if (!Number.isFinite(best)) continue;
    out.push({
      id: hash32(`effort|${name}`, s.id),
      resource_state: 2,
      name,
      activity: { id: s.id, resource_state: 1 },
      elapsed_time: best,
      moving_time: best,
      start_date: isoSeconds(s.startMs + t.time[bestStart]! * 1000),
      start_date_local: isoSeconds(s.startMs + (t.time[bestStart]! + s.utcOffset) * 1000),
      distance: metres,
      start_index: bestStart,
      pr_rank: null,
      achievements: [],
    });
  }
  return out;
}

export function detailedActivity(a: Athlete, s: Skeleton, t: Track, st: TrackStats): Json {
  const summary = summaryActivity(a, s, st);
  const isFoot =
    s.sportType === 'Run' || s.sportType === 'TrailRun' || s.sportType === 'VirtualRun' || s.sportType === 'Walk';
  const isRunLike = isFoot && s.sportType !== 'Walk';
  return {
    ...summary,
    resource_state: 3,
    description: s.description ?? (s.kind === 'race' ? 'Race day!' : ''),
    calories: round(
      (s.distance / 1000) * a.weight * (isFoot ? 1.0 : 0.45) + (s.distance === 0 ? s.movingTime / 12 : 0),
      1,
    ),
    map: { id: `a${s.id}`, polyline: st.polyline, summary_polyline: st.summaryPolyline, resource_state: 3 },
    segment_efforts: [],
    ...(isFoot ? { splits_metric: splits(s, t, 1000), splits_standard: splits(s, t, 1609.34) } : {}),
    laps: laps(a, s, t),
    best_efforts: isRunLike ? bestEfforts(s, t) : [],
    gear: summary.gear_id
      ? {
          id: summary.gear_id,
          primary: true,
          name: isRunLike ? 'Daily trainers' : 'Road bike',
          resource_state: 2,
          distance: 1_234_567,
        }
      : null,
    photos: { primary: null, count: 0 },
    stats_visibility: [],
    hide_from_home: false,
    ...(s.manual ? {} : { device_name: deviceOf(a, s) }),
    embed_token: hash32('embed', s.id).toString(16).padStart(8, '0').repeat(5),
    available_zones: s.hasHeartrate ? ['heartrate'] : [],
  };
}

/** A stream set: keyed by type when key_by_type is true, else a list. Missing streams are left out. */
export function streams(t: Track, keys: readonly string[], keyByType: boolean): Json | Json[] {
  const wanted = new Set(keys.filter(isStreamType));
  // Strava always adds the distance stream (the series type) when the activity has one.
  if (t.distance) wanted.add('distance');
  const out: Array<[StreamType, unknown[]]> = [];
  const n = t.n;
  for (const key of STREAM_TYPES) {
    if (!wanted.has(key)) continue;
    let data: unknown[] | null = null;
    switch (key) {
      case 'time':
        data = Array.from(t.time);
        break;
      case 'distance':
        data = t.distance ? Array.from(t.distance, (v) => round(v, 1)) : null;
        break;
      case 'latlng':
        data = t.lat && t.lng ? Array.from({ length: n }, (_, i) => [t.lat![i], t.lng![i]]) : null;
        break;
      case 'altitude':
        data = t.altitude ? Array.from(t.altitude) : null;
        break;
      case 'velocity_smooth':
        data = t.velocity ? Array.from(t.velocity, (v) => round(v, 3)) : null;
        break;
      case 'heartrate':
        data = t.heartrate ? Array.from(t.heartrate) : null;
        break;
      case 'cadence':
        data = t.cadence ? Array.from(t.cadence) : null;
        break;
      case 'moving':
        data = Array.from(t.moving, (v) => v === 1);
        break;
      case 'grade_smooth':
        data = t.grade ? Array.from(t.grade) : null;
        break;
      default:
        data = null;
    }
    if (data) out.push([key, data]);
  }
  const body = (type: string, data: unknown[]): Json => ({
    data,
    series_type: t.distance ? 'distance' : 'time',
    original_size: data.length,
    resolution: 'high',
  });
  if (keyByType) return Object.fromEntries(out.map(([k, d]) => [k, body(k, d)]));
  return out.map(([k, d]) => ({ type: k, ...body(k, d) }));
}
