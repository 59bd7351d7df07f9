import type { Generated } from 'kysely';
import type { OutboxTables } from '@runnerly/bus';

/** One runner's link to one Strava athlete, with its sync cursor. Tokens are AES-GCM boxes. */
export interface LinkRow {
  user_id: string;
  /** 64-bit, decimal. Unique: one Runnerly user per Strava athlete. */
  athlete_id: string;
  athlete_json: string;
  scope: string;
  access_token_enc: string;
  refresh_token_enc: string;
  /** Epoch seconds. */
  expires_at: number;
  state: 'syncing' | 'idle' | 'needs_reauth';
  /** Backfill cursor: epoch seconds of the oldest activity seen (next page: before=). Null before the first page. */
  backfill_before: number | null;
  backfill_done: number;
  /** Incremental cursor: epoch seconds of the newest activity seen (after=). */
  after_cursor: number | null;
  /** Epoch ms on the sync clock when the next poll is due. */
  next_poll_at: number | null;
  imported: number;
  seen: number;
  pages_done: number;
  newest_start: number | null;
  athlete_created: number | null;
  last_sync_at: string | null;
  last_turn_at: number | null;
  error_code: string | null;
  error_message: string | null;
  /** Consecutive transient failures (back-off). */
  failures: number;
  retry_at: number | null;
  lease_owner: string | null;
  /** Wall-clock epoch ms. */
  lease_until: number | null;
  /** Wall-clock epoch ms when the athlete's shoes are read next (GET /athlete); null: with the next spare budget. */
  shoes_next_at: number | null;
  created_at: string;
  updated_at: string;
  /** The runner's own Strava application the link was made with (its Client ID); null = the instance's. */
  app_client_id: string | null;
  /** Epoch ms on the sync clock: the link's application has no budget before then (set when a permit was refused). */
  budget_at: number | null;
}

/** A runner's own Strava API application: the secret sealed like the tokens, never returned. */
export interface AppRow {
  user_id: string;
  client_id: string;
  client_secret_enc: string;
  created_at: string;
  updated_at: string;
}

/** CSRF states of pending authorizations: hashed, single-use, 10 minutes. */
export interface OauthStateRow {
  state_hash: string;
  user_id: string;
  expires_at: string;
  used_at: string | null;
  /** The own application the authorization was started with (null: the instance's). */
  app_client_id: string | null;
}

/** A Strava application's rate-limit budget (one row each), shared by every worker and replica. */
export interface RateWindowRow {
  id: number;
  /** Null: the instance's application (id 1); else a runner's own application's Client ID. */
  client_id: string | null;
  /** Epoch ms of the current quarter-hour window's start and the current UTC day's start. */
  window_start: number;
  day_start: number;
  used15: number;
  used_day: number;
  limit15: number;
  limit_day: number;
  /** After a 429: no call before this epoch ms. */
  blocked_until: number;
  /** 429s seen (ever). */
  limited_count: number;
  /** Permits given in this window but not answered yet (carried into the next window when it starts). */
  in_flight: number;
  /** Permits of earlier windows, carried into this one, not answered yet: their answers settle these first. */
  carried: number;
  /** Permits given in the current quarter hour (usage never drops below them). */
  own15: number;
}

/** Webhook events received, deduplicated, processed by the worker before any backfill. */
export interface EventRow {
  id: Generated<number>;
  dedupe_key: string;
  athlete_id: string;
  object_type: string;
  object_id: string;
  aspect_type: string;
  updates: string;
  event_time: number;
  received_at: string;
  processed_at: string | null;
  attempts: number;
}

/** Strava activity → the data service's run (for deletes and unlink with delete). */
export interface ImportRow {
  activity_id: string;
  user_id: string;
  run_id: string;
  /** Epoch seconds of the run's start (newest first for streams); null for rows from before 0003. */
  start_epoch: number | null;
  /** Streams: null = not fetched yet, `done`, `none` (Strava has none / activity gone), `failed` (gave up). */
  streams_state: string | null;
  streams_attempts: number;
  /** Wall-clock epoch ms: a worker's claim on fetching the streams, or the back-off after a failure. */
  streams_until: number | null;
  /** Title and sport as last stored (a change seen on Strava is applied); null for rows from before 0004. */
  summary_hash: string | null;
  /** The detailed activity (calories, laps, splits, best efforts): as streams_state, with its own tries and claim. */
  details_state: string | null;
  details_attempts: number;
  details_until: number | null;
}

/** A Strava activity that could not be stored as a run, with the reason the runner is shown. */
export interface RejectionRow {
  activity_id: string;
  user_id: string;
  name: string;
  start_time: string | null;
  reason: string;
  rejected_at: string;
}

export interface StravaTables extends OutboxTables {
  strava_links: LinkRow;
  strava_apps: AppRow;
  strava_oauth_states: OauthStateRow;
  strava_rate_window: RateWindowRow;
  strava_events: EventRow;
  strava_imports: ImportRow;
  strava_rejections: RejectionRow;
}
