// The slices of Strava's models (swagger: SummaryActivity, DetailedActivity, StreamSet, Lap) this code reads.

export interface SummaryAthlete {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  city?: string | null;
  profile?: string | null;
  [key: string]: unknown;
}

export interface SummaryActivity {
  id: number;
  name: string;
  /** Deprecated: read `sport_type`. */
  type?: string;
  sport_type: string;
  start_date: string;
  /** Local wall time written with a trailing Z. */
  start_date_local: string;
  /** "(GMT-08:00) America/Los_Angeles" */
  timezone: string;
  /** Seconds the local clock is ahead of UTC at the start (3600 in Paris in winter). */
  utc_offset?: number;
  distance: number;
  moving_time: number;
  elapsed_time: number;
  total_elevation_gain?: number | null;
  average_heartrate?: number | null;
  max_heartrate?: number | null;
  /** Per leg for runs. */
  average_cadence?: number | null;
  has_heartrate?: boolean;
  trainer?: boolean;
  /** Entered by hand on Strava (no device, no GPS). */
  manual?: boolean;
  /** 0 default, 1 race, 2 long run, 3 workout (runs). */
  workout_type?: number | null;
  gear_id?: string | null;
  private?: boolean;
  visibility?: string;
  external_id?: string | null;
  device_name?: string | null;
  map?: { id?: string; summary_polyline?: string | null; polyline?: string | null } | null;
  athlete?: { id: number };
  [key: string]: unknown;
}

export interface DetailedActivity extends SummaryActivity {
  description?: string | null;
  splits_metric?: Array<{
    split: number;
    distance: number;
    elapsed_time: number;
    moving_time: number;
    elevation_difference?: number | null;
    average_heartrate?: number | null;
  }>;
  splits_standard?: Array<{
    split: number;
    distance: number;
    elapsed_time: number;
    moving_time: number;
    elevation_difference?: number | null;
    average_heartrate?: number | null;
  }>;
  best_efforts?: Array<{ name: string; distance: number; elapsed_time: number }>;
}

export interface Stream<T = number> {
  data: T[];
  series_type?: string;
  original_size?: number;
  resolution?: string;
}

export interface StreamSet {
  time?: Stream;
  distance?: Stream;
  latlng?: Stream<[number, number]>;
  altitude?: Stream;
  heartrate?: Stream;
  cadence?: Stream;
  [key: string]: Stream<unknown> | undefined;
}

export interface Lap {
  id: number;
  lap_index: number;
  distance: number;
  elapsed_time: number;
  moving_time: number;
  start_date: string;
  [key: string]: unknown;
}

export interface TokenResponse {
  token_type: string;
  access_token: string;
  refresh_token: string;
  /** Epoch seconds. */
  expires_at: number;
  expires_in: number;
  /** Only on the authorization_code grant. */
  athlete?: SummaryAthlete;
}

export const RUN_SPORT_TYPES = ['Run', 'TrailRun', 'VirtualRun'] as const;
export const isRun = (a: Pick<SummaryActivity, 'sport_type' | 'type'>): boolean =>
  (RUN_SPORT_TYPES as readonly string[]).includes(a.sport_type ?? a.type ?? '');
