import type { OutboxTables } from '@runnerly/bus';

export interface RunRow {
  id: string;
  user_id: string;
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
  created_at: string;
}

export interface DataTables extends OutboxTables {
  runs: RunRow;
}
