import type { Run, RunInput } from '@runnerly/contracts';
import type { RunRow } from '../tables.ts';
import { isValidTimeZone } from './time-zones.ts';

export const runKey = (r: { user_id: string; source: string; source_id: string }) => `${r.user_id}|${r.source}|${r.source_id}`;

/** Problems the schema cannot see; empty when the batch may be stored. */
export function checkBatch(runs: RunInput[], tokenUserId: string | null): string[] {
  const problems: string[] = [];
  runs.forEach((run, i) => {
    if (tokenUserId !== null && run.user_id !== tokenUserId) problems.push(`runs/${i}: belongs to another user`);
    if (!isValidTimeZone(run.timezone)) problems.push(`runs/${i}/timezone: unknown time zone "${run.timezone}"`);
    if (Number.isNaN(Date.parse(run.start_time))) problems.push(`runs/${i}/start_time: not a date`);
    if (run.moving_time_s > run.elapsed_time_s) problems.push(`runs/${i}: moving_time_s is longer than elapsed_time_s`);
    if (run.source === 'strava' && !/^[0-9]{1,20}$/.test(run.source_id)) problems.push(`runs/${i}/source_id: a Strava activity id is a decimal number`);
    else if (run.source === 'strava' && BigInt(run.source_id) > 0xffff_ffff_ffff_ffffn) problems.push(`runs/${i}/source_id: larger than 64 bits`);
  });
  return problems;
}

/** One row per distinct source key: a run sent twice in one batch is stored once. */
export function uniqueByKey(runs: RunInput[]): RunInput[] {
  const seen = new Map<string, RunInput>();
  for (const r of runs) if (!seen.has(runKey(r))) seen.set(runKey(r), r);
  return [...seen.values()];
}

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
    created_at: now,
  };
}

export function fromRow(row: RunRow): Run {
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
    elevation_gain_m: row.elevation_gain_m === null ? null : Number(row.elevation_gain_m),
    average_heartrate: row.average_heartrate === null ? null : Number(row.average_heartrate),
    max_heartrate: row.max_heartrate === null ? null : Number(row.max_heartrate),
    average_cadence: row.average_cadence === null ? null : Number(row.average_cadence),
    summary_polyline: row.summary_polyline,
    created_at: row.created_at,
  };
}

export function totalsOf(runs: Run[]) {
  return {
    count: runs.length,
    distance_m: runs.reduce((s, r) => s + r.distance_m, 0),
    moving_time_s: runs.reduce((s, r) => s + r.moving_time_s, 0),
    elevation_gain_m: runs.reduce((s, r) => s + (r.elevation_gain_m ?? 0), 0),
  };
}
