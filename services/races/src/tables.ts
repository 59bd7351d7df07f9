import type { OutboxTables } from '@runnerly/bus';

export interface RaceRow {
  id: string;
  name: string;
  /** The name as duplicates are found: trimmed, single spaces, lower case. */
  name_key: string;
  /** Wall clock in the race's zone, YYYY-MM-DDTHH:mm. */
  start_local: string;
  /** The race day in its zone, YYYY-MM-DD (what date filters and duplicates look at). */
  start_date: string;
  timezone: string;
  /** The start as an instant, ISO UTC. */
  start_time: string;
  distance: string;
  distance_m: number;
  place: string;
  url: string | null;
  elevation_note: string | null;
  status: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface EntryRow {
  race_id: string;
  user_id: string;
  goal_kind: string;
  goal_target_s: number | null;
  result_time_s: number | null;
  /** The imported run the result was taken from; null when typed in. */
  result_run_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface RacesTables extends OutboxTables {
  races: RaceRow;
  race_entries: EntryRow;
}
