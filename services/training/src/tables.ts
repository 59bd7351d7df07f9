import type { OutboxTables } from '@runnerly/bus';

export interface PlanRow {
  id: string;
  user_id: string;
  race_id: string;
  race_name: string;
  race_date: string;
  race_distance_m: number;
  goal_s: number | null;
  status: 'active' | 'abandoned';
  time_zone: string;
  /** JSON: the fitness the plan was built from, with where the VDOT came from. */
  fitness: string;
  /** JSON: the generator's plan as it stands (after re-balancing). */
  current: string;
  /** Bumped on regeneration: session events are announced once per generation. */
  generation: number;
  /** The runner's date the plan was last matched and re-balanced on. */
  checked_on: string;
  /** Set when runs came in or went since the last check. */
  dirty: number;
  /** The iCal feed's secret, sealed; null when revoked or never made. */
  feed_secret: string | null;
  /** SHA-256 of the feed secret (hex), to find the plan from the URL. */
  feed_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface RunCopyRow {
  run_id: string;
  user_id: string;
  start_time: string;
  distance_m: number;
  moving_time_s: number;
  elapsed_time_s: number;
  average_heartrate: number | null;
  /** JSON array of best efforts, or null. */
  best_efforts: string | null;
}

export interface TrainingTables extends OutboxTables {
  plans: PlanRow;
  /** What the plans read of each run (a copy from the data service, kept fresh by its events). */
  plan_runs: RunCopyRow;
  plan_changes: { id: number; plan_id: string; on_date: string; message: string; created_at: string };
  plan_predictions: { plan_id: string; week_start: string; seconds: number; vdot: number; estimated: number };
  /** Session events already announced (session.completed, session.missed), once each. */
  plan_session_events: { plan_id: string; generation: number; session_id: string; status: string; created_at: string };
}
