import type { Run, RunInput, RunSummary } from '@runnerly/contracts';
import type { RunRow } from '../tables.ts';
import { isValidTimeZone } from '@runnerly/calendar';

export const runKey = (r: { user_id: string; source: string; source_id: string }) =>
  `${r.user_id}|${r.source}|${r.source_id}`;

/**
 * How far ahead of now a run may start: a day covers a device clock set wrong by a time zone
 * (start times are instants, so a real run never starts after now); a run dated later is a
 * typing or device error and would sit at the top of every list.
 */
export const MAX_START_AHEAD_MS = 24 * 3600_000;

/** Problems the schema cannot see; empty when the batch may be stored. */
export function checkBatch(runs: RunInput[], tokenUserId: string | null, now: Date): string[] {
  const problems: string[] = [];
  const latest = now.getTime() + MAX_START_AHEAD_MS;
  runs.forEach((run, i) => {
    if (tokenUserId !== null && run.user_id !== tokenUserId) problems.push(`runs/${i}: belongs to another user`);
    if (!isValidTimeZone(run.timezone)) problems.push(`runs/${i}/timezone: unknown time zone "${run.timezone}"`);
    const start = Date.parse(run.start_time);
    if (Number.isNaN(start)) problems.push(`runs/${i}/start_time: not a date`);
    else if (start > latest)
      problems.push(
        `runs/${i}/start_time: ${run.start_time} is in the future (a run may start at most a day after now)`,
      );
    if (run.moving_time_s > run.elapsed_time_s) problems.push(`runs/${i}: moving_time_s is longer than elapsed_time_s`);
    for (const [field, id] of [
      ['source_id', run.source === 'strava' ? run.source_id : undefined],
      ['strava_activity_id', run.strava_activity_id ?? undefined],
    ] as const) {
      if (id === undefined) continue;
      if (!/^[0-9]{1,20}$/.test(id)) problems.push(`runs/${i}/${field}: a Strava activity id is a decimal number`);
      else if (BigInt(id) > 0xffff_ffff_ffff_ffffn) problems.push(`runs/${i}/${field}: larger than 64 bits`);
    }
    if (run.source === 'strava' && run.strava_activity_id && run.strava_activity_id !== run.source_id)
      problems.push(`runs/${i}/strava_activity_id: differs from source_id`);
    const s = run.streams;
    if (s) {
      for (const key of ['distance', 'latlng', 'altitude', 'heartrate', 'cadence'] as const) {
        if (s[key] && s[key]!.length !== s.time.length)
          problems.push(`runs/${i}/streams/${key}: ${s[key]!.length} samples, time has ${s.time.length}`);
      }
    }
  });
  return problems;
}

/** One row per distinct source key: a run sent twice in one batch is stored once. */
export function uniqueByKey(runs: RunInput[]): RunInput[] {
  const seen = new Map<string, RunInput>();
  for (const r of runs) if (!seen.has(runKey(r))) seen.set(runKey(r), r);
  return [...seen.values()];
}

/** How much a run tells: streams first, then heart rate, route, splits, then the rest. */
export function richness(run: {
  has_streams?: number | boolean;
  streams?: unknown;
  average_heartrate?: number | null;
  summary_polyline?: string | null;
  splits_km?: unknown;
  elevation_gain_m?: number | null;
  average_cadence?: number | null;
  source: string;
}): number {
  return (
    (run.has_streams || run.streams ? 16 : 0) +
    (run.average_heartrate != null ? 8 : 0) +
    (run.summary_polyline ? 4 : 0) +
    (run.splits_km ? 2 : 0) +
    (run.elevation_gain_m != null ? 1 : 0) +
    (run.average_cadence != null ? 1 : 0) +
    (run.source === 'manual' ? -32 : 0)
  );
}

/** The same run seen from two sources: start within 2 minutes and distance within 3%. */
export const OVERLAP_START_MS = 120_000;
export const OVERLAP_DISTANCE = 0.03;

export function sameActivity(
  a: { start_time: string; distance_m: number },
  b: { start_time: string; distance_m: number },
): boolean {
  const dt = Math.abs(Date.parse(a.start_time) - Date.parse(b.start_time));
  const big = Math.max(a.distance_m, b.distance_m);
  const dd = Math.abs(a.distance_m - b.distance_m);
  return dt <= OVERLAP_START_MS && (big < 50 ? dd <= 50 : dd / big <= OVERLAP_DISTANCE);
}

/**
 * A re-export keeps the clock: the same start (within 5 s) and the same end (within a minute)
 * is the same run even when the two sources measure the distance differently (device odometer
 * against GPS geometry).
 */
export function sameClock(
  a: { start_time: string; elapsed_time_s: number },
  b: { start_time: string; elapsed_time_s: number },
): boolean {
  const sa = Date.parse(a.start_time),
    sb = Date.parse(b.start_time);
  return Math.abs(sa - sb) <= 5000 && Math.abs(sa + a.elapsed_time_s * 1000 - (sb + b.elapsed_time_s * 1000)) <= 60_000;
}

/** A recording device and the moment it started the activity, read from a file's external id. */
export interface DeviceKey {
  serial: string;
  start: number;
}

const fitEpochMs = Date.UTC(1989, 11, 31);

/**
 * The device serial and start an external id names, whatever its form: `fit:<serial>:<FIT
 * seconds>` (file_id serial and time created, or a session's start) and `tcx:<UnitId>:<Activity
 * Id>` (the same serial, and the start as an ISO time). Ids without a serial (a phone app's FIT,
 * Strava's upload names, a TCX with UnitId 0) name no device.
 */
export function deviceKey(externalId: string | null | undefined): DeviceKey | null {
  if (!externalId) return null;
  const fit = /^fit:([1-9][0-9]{0,19}):([0-9]{1,12})$/.exec(externalId);
  if (fit) return { serial: fit[1]!, start: fitEpochMs + Number(fit[2]) * 1000 };
  const tcx = /^tcx:([1-9][0-9]{0,19}):(.+)$/.exec(externalId);
  if (tcx) {
    const start = Date.parse(tcx[2]!);
    if (Number.isFinite(start)) return { serial: tcx[1]!, start };
  }
  return null;
}

/** Same device and a start within 2 minutes: the same activity, from any file of it. */
export function sameDevice(a: DeviceKey | null, b: DeviceKey | null): boolean {
  return a !== null && b !== null && a.serial === b.serial && Math.abs(a.start - b.start) <= OVERLAP_START_MS;
}

/** Ids of the form a device file gives (FIT, TCX): equal ids are the same activity. */
const fileIdForm = /^(fit|tcx):/;

/**
 * The stored run an incoming one duplicates, if any: the same Strava activity; the same device
 * serial and start (a FIT and a TCX of one race); the same external id of a device file; else
 * the closest in start time that overlaps (start within 2 min and distance within 3%, or the
 * same start and end). Two different Strava activities, or two different devices, are never
 * merged; ids of different forms (a Strava upload name and a FIT id) do not keep runs apart.
 */
export function findDuplicate(run: RunInput, pool: RunRow[]): RunRow | undefined {
  const stravaId = run.strava_activity_id ?? (run.source === 'strava' ? run.source_id : null);
  if (stravaId) {
    const hit = pool.find((p) => p.strava_activity_id === stravaId);
    if (hit) return hit;
  }
  const key = deviceKey(run.external_id);
  if (key) {
    const hit = pool.find((p) => sameDevice(key, deviceKey(p.external_id)));
    if (hit) return hit;
  }
  if (run.external_id && fileIdForm.test(run.external_id)) {
    const hit = pool.find((p) => p.external_id === run.external_id);
    if (hit) return hit;
  }
  const candidates = pool.filter((p) => {
    if (!sameActivity(p, run) && !sameClock(p, run)) return false;
    if (stravaId && p.strava_activity_id && p.strava_activity_id !== stravaId) return false;
    const other = deviceKey(p.external_id);
    return !(key && other && key.serial !== other.serial);
  });
  candidates.sort(
    (a, b) =>
      Math.abs(Date.parse(a.start_time) - Date.parse(run.start_time)) -
      Math.abs(Date.parse(b.start_time) - Date.parse(run.start_time)),
  );
  return candidates[0];
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export function toRow(run: RunInput, id: string, now: string): RunRow {
  return {
    id,
    user_id: run.user_id,
    source: run.source,
    source_id: run.source_id,
    name: run.name,
    sport_type: run.sport_type,
    start_time: new Date(run.start_time).toISOString(),
    timezone: run.timezone,
    distance_m: run.distance_m,
    moving_time_s: run.moving_time_s,
    elapsed_time_s: run.elapsed_time_s,
    elevation_gain_m: run.elevation_gain_m ?? null,
    average_heartrate: run.average_heartrate ?? null,
    max_heartrate: run.max_heartrate ?? null,
    average_cadence: run.average_cadence ?? null,
    summary_polyline: run.summary_polyline ?? null,
    strava_activity_id: run.strava_activity_id ?? (run.source === 'strava' ? run.source_id : null),
    external_id: run.external_id ?? null,
    description: run.description ?? null,
    device: run.device ?? null,
    trainer: run.trainer ? 1 : 0,
    has_gps: run.has_gps === undefined || run.has_gps === null ? null : run.has_gps ? 1 : 0,
    sport_inferred: run.sport_inferred ? 1 : 0,
    splits_km: json(run.splits_km),
    splits_mi: json(run.splits_mi),
    best_efforts: json(run.best_efforts),
    calories: run.calories ?? null,
    laps: json(run.laps),
    has_streams: run.streams ? 1 : 0,
    workout_type: run.workout_type ?? null,
    // Set by the store from `run.gear` (the runner's pair with that Strava id).
    gear_id: null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * A stored run meets the same run from another source: the richer one's data wins, ids
 * known by either are kept, and a name or description the runner had is not lost.
 */
export function mergeRows(stored: RunRow, incoming: RunRow): RunRow {
  const keepIncoming = richness(incoming) > richness(stored);
  const base = keepIncoming
    ? {
        ...incoming,
        id: stored.id,
        created_at: stored.created_at,
        has_streams: Math.max(stored.has_streams, incoming.has_streams),
      }
    : { ...stored };
  const other = keepIncoming ? stored : incoming;
  return {
    ...base,
    strava_activity_id: base.strava_activity_id ?? other.strava_activity_id,
    external_id: base.external_id ?? other.external_id,
    description: base.description ?? other.description,
    device: base.device ?? other.device,
    calories: base.calories ?? other.calories,
    laps: base.laps ?? other.laps,
    // What the runner set (shoes, kind of session) stays whichever source is richer.
    workout_type: stored.workout_type ?? incoming.workout_type,
    gear_id: stored.gear_id ?? incoming.gear_id,
    trainer: Math.max(base.trainer, other.trainer),
    has_gps:
      base.has_gps === null
        ? other.has_gps
        : other.has_gps === null
          ? base.has_gps
          : Math.max(base.has_gps, other.has_gps),
    // A sport the other source says beats a guess.
    ...(base.sport_inferred && !other.sport_inferred ? { sport_type: other.sport_type, sport_inferred: 0 } : {}),
    // A Strava name ("Lunch Run") is what the runner sees elsewhere: prefer it to a file's.
    name: stored.source === 'strava' || (incoming.source !== 'strava' && !keepIncoming) ? stored.name : incoming.name,
    updated_at: incoming.updated_at,
  };
}

const parse = <T>(v: string | null): T | null => (v === null ? null : (JSON.parse(v) as T));

/** A run with its details, as `GET /runs/{id}` shows it. */
export function fromRow(row: RunRow, sources: Array<{ source: string; source_id: string }>): Run {
  return {
    ...summaryFromRow(row),
    description: row.description,
    splits_km: parse(row.splits_km),
    splits_mi: parse(row.splits_mi),
    best_efforts: parse(row.best_efforts),
    laps: parse(row.laps),
    sources: sources.map((s) => ({ source: s.source as Run['source'], source_id: s.source_id })),
  };
}

const num = (v: number | null) => (v === null ? null : Number(v));

/** A list row as the API shows it (lists carry no splits, best efforts, description or sources). */
export function summaryFromRow(
  row: Omit<RunRow, 'splits_km' | 'splits_mi' | 'best_efforts' | 'laps' | 'description'>,
): RunSummary {
  return {
    id: row.id,
    user_id: row.user_id,
    source: row.source as Run['source'],
    source_id: row.source_id,
    name: row.name,
    sport_type: row.sport_type as Run['sport_type'],
    start_time: row.start_time,
    timezone: row.timezone,
    distance_m: Number(row.distance_m),
    moving_time_s: Number(row.moving_time_s),
    elapsed_time_s: Number(row.elapsed_time_s),
    elevation_gain_m: num(row.elevation_gain_m),
    average_heartrate: num(row.average_heartrate),
    max_heartrate: num(row.max_heartrate),
    average_cadence: num(row.average_cadence),
    summary_polyline: row.summary_polyline,
    strava_activity_id: row.strava_activity_id,
    external_id: row.external_id,
    device: row.device,
    calories: num(row.calories),
    trainer: Number(row.trainer) === 1,
    has_gps: row.has_gps === null ? null : Number(row.has_gps) === 1,
    sport_inferred: Number(row.sport_inferred) === 1,
    has_streams: Number(row.has_streams) === 1,
    workout_type: (row.workout_type ?? null) as Run['workout_type'],
    gear_id: row.gear_id ?? null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function totalsOf(runs: RunSummary[]) {
  return {
    count: runs.length,
    distance_m: runs.reduce((s, r) => s + r.distance_m, 0),
    moving_time_s: runs.reduce((s, r) => s + r.moving_time_s, 0),
    elevation_gain_m: runs.reduce((s, r) => s + (r.elevation_gain_m ?? 0), 0),
  };
}
