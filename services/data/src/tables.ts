import type { OutboxTables } from '@runnerly/bus';
import type { EffortRow } from './domain/records.ts';

export interface RunRow {
  id: string;
  user_id: string;
  /** The source whose data the row holds (the richest seen so far). */
  source: string;
  source_id: string;
  name: string;
  sport_type: string;
  start_time: string;
  timezone: string;
  distance_m: number;
  moving_time_s: number;
  elapsed_time_s: number;
  elevation_gain_m: number | null;
  average_heartrate: number | null;
  max_heartrate: number | null;
  average_cadence: number | null;
  summary_polyline: string | null;
  strava_activity_id: string | null;
  external_id: string | null;
  description: string | null;
  device: string | null;
  /** 1 for an indoor run (treadmill, indoor track). */
  trainer: number;
  /** 0 when recorded without positions, 1 with, null when the source does not say. */
  has_gps: number | null;
  /** 1 when the sport was guessed (name, speed), not said by the source. */
  sport_inferred: number;
  /** JSON arrays. */
  splits_km: string | null;
  splits_mi: string | null;
  best_efforts: string | null;
  /** Kilocalories, as the source says. */
  calories: number | null;
  /** JSON array of laps. */
  laps: string | null;
  has_streams: number;
  /** race, long_run, workout; null for an ordinary run. */
  workout_type: string | null;
  /** The shoes worn (gear.id of the same user). */
  gear_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface DataTables extends OutboxTables {
  runs: RunRow;
  /** Every (source, source id) a run arrived from: the same run is stored once. */
  run_sources: { user_id: string; source: string; source_id: string; run_id: string; created_at: string };
  run_streams: { run_id: string; streams: string; updated_at: string };
  deleted_users: { user_id: string; deleted_at: string };
  /** Each run's best effort per standard distance (see domain/records.ts), kept in step by the store. */
  run_efforts: EffortRow;
  gear: GearRow;
  /** Moved on by triggers at every change to a user's runs, sources or streams. */
  user_versions: { user_id: string; version: number };
}

export interface GearRow {
  id: string;
  user_id: string;
  name: string;
  brand: string | null;
  model: string | null;
  retired: number;
  source: string;
  strava_gear_id: string | null;
  created_at: string;
  updated_at: string;
}
