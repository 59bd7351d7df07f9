import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { SecretBox, Spanner } from '@runnerly/service-kit';
import type { Bus } from '@runnerly/bus';
import type { Dialect } from '@runnerly/storage';
import type { ServiceClient } from '@runnerly/service-kit';
import type { StravaClient } from '@runnerly/strava-client';
import type { StravaTables } from './tables.ts';
import type { SyncClock } from './domain/clock.ts';
import type { RateScheduler } from './worker/scheduler.ts';
import type { SubscriptionState } from './subscription.ts';

export interface StravaSettings {
  /** Where Strava sends the browser back: the gateway's /api/strava/oauth/callback. */
  callbackUrl: string;
  dashboardUrl: string;
  /** Scopes asked for at Strava. */
  scope: string;
  pollIntervalMs: number;
  webhookVerifyToken: string | null;
  /** The secret part of the webhook's callback path (`/webhook/{secret}`). */
  webhookPathSecret: string;
  /** Webhook events accepted per minute (more answer 429; Strava retries). */
  webhookRatePerMinute: number;
  /** With a live webhook subscription, each runner is only swept this often. */
  sweepIntervalMs: number;
  /** How far back each poll looks for activities uploaded after they started. */
  lateUploadSeconds: number;
  /** Streams are fetched (with spare budget only) for this many of each runner's newest runs; null: all, 0: never. */
  streamsRecent: number | null;
  /** Detailed activities likewise (calories, laps, splits, best efforts); null: all, 0: never. */
  detailsRecent?: number | null;
  /** A worker's claim on a runner (STRAVA_SYNC_LEASE_SECONDS; default LEASE_MS). */
  leaseMs?: number;
}

export interface StravaDeps {
  db: Kysely<StravaTables>;
  dialect: Dialect;
  /** Seals the Strava tokens at rest. */
  box: SecretBox;
  /** The instance's application. */
  strava: StravaClient;
  /** A client for a runner's own application (same Strava URLs, its credentials). */
  appClient(credentials: { clientId: string; clientSecret: string }): StravaClient;
  /** The data service, with this service's own token (runs:write, runs:read). */
  data: ServiceClient;
  /** The runner's profile zone (accounts service), for an activity Strava gives no zone for; UTC when absent. */
  profileZone?: (userId: string) => Promise<string>;
  scheduler: RateScheduler;
  clock: SyncClock;
  bus: Bus;
  logger: Logger;
  settings: StravaSettings;
  /** The push subscription whose events are accepted. */
  subscription: SubscriptionState;
  /** Wakes the import worker of this process (new link, webhook event). */
  wake(): void;
  /** Runs a worker's turn as a trace of its own (when tracing is on). */
  span?: Spanner;
}
