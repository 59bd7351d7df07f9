import { Type } from '@sinclair/typebox';
import type { Env } from '@runnerly/service-kit';

/** The strava service's own settings. */
export const stravaSettings = {
  DATA_URL: Type.String({ pattern: '^https?://', description: 'Data service base URL' }),
  ACCOUNTS_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        "Accounts service (the runner's profile zone, for activities Strava gives no zone or offset for; UTC when unset)",
    }),
  ),
  DASHBOARD_URL: Type.String({
    pattern: '^https?://',
    default: 'http://127.0.0.1:8080',
    description: 'Public URL of the dashboard (and gateway)',
  }),
  STRAVA_CLIENT_ID: Type.Optional(
    Type.String({ minLength: 1, description: "Strava application id; the simulator's when unset" }),
  ),
  STRAVA_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  STRAVA_SIM_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: 'The simulator; the default Strava when STRAVA_OAUTH_URL/STRAVA_API_URL are unset',
    }),
  ),
  STRAVA_OAUTH_URL: Type.Optional(
    Type.String({ pattern: '^https?://', description: "Default https://www.strava.com/oauth (or the simulator's)" }),
  ),
  STRAVA_API_URL: Type.Optional(
    Type.String({ pattern: '^https?://', description: "Default https://www.strava.com/api/v3 (or the simulator's)" }),
  ),
  STRAVA_REVOKE_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: 'The newer revoke endpoint (Basic client auth); POST {oauth}/deauthorize when unset',
    }),
  ),
  STRAVA_TOKEN_KEY: Type.Optional(
    Type.String({
      minLength: 40,
      description:
        'AES-256-GCM key for tokens at rest, 32 bytes base64; generated into DATA_DIR/strava/token.key when unset',
    }),
  ),
  STRAVA_CALLBACK_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: 'OAuth redirect URI; default {DASHBOARD_URL}/api/strava/oauth/callback',
    }),
  ),
  STRAVA_SCOPE: Type.String({
    default: 'read,activity:read_all,profile:read_all',
    description: 'profile:read_all lets GET /athlete list the shoes (their names); the runner may untick it',
  }),
  STRAVA_POLL_MINUTES: Type.Number({
    minimum: 0.1,
    default: 30,
    description: 'Poll each runner for new activities this often',
  }),
  STRAVA_SYNC_WORKER: Type.Boolean({ default: true, description: 'Run the import worker in this process' }),
  STRAVA_SYNC_LANES: Type.Integer({
    minimum: 1,
    maximum: 64,
    default: 4,
    description: "Concurrent Strava calls of this process's worker",
  }),
  STRAVA_SYNC_SHARE: Type.Number({
    minimum: 0.05,
    maximum: 1,
    default: 0.9,
    description: 'Fraction of each rate-limit window to use',
  }),
  STRAVA_SYNC_LEASE_SECONDS: Type.Number({
    minimum: 0.5,
    maximum: 3600,
    default: 10,
    description:
      "How long a worker's claim on a runner lasts without renewal (renewed every third of it while it works): after a crash (kill -9), another worker takes the runner over once it lapses",
  }),
  STRAVA_STREAMS_RECENT: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 1_000_000,
      description:
        "Cap: fetch streams (charts) for only this many of each runner's newest runs (0: never); unset: the whole history, newest first, only with spare rate-limit budget",
    }),
  ),
  STRAVA_DETAILS_RECENT: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 1_000_000,
      description:
        "Cap: fetch the detailed activity (description, calories, laps, splits, best efforts) for only this many of each runner's newest runs (0: never); unset: every run, with spare budget",
    }),
  ),
  STRAVA_SYNC_CLOCK: Type.Union([Type.Literal('system'), Type.Literal('simulator')], {
    default: 'system',
    description: "simulator: follow and drive the simulator's clock (tests, bench)",
  }),
  STRAVA_WEBHOOK_CALLBACK_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        'Public URL of the webhook (through the gateway: …/api/strava/webhook); the secret path segment is appended; subscribes at start when set',
    }),
  ),
  STRAVA_WEBHOOK_VERIFY_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  STRAVA_WEBHOOK_SUBSCRIPTION_ID: Type.Optional(
    Type.String({
      minLength: 1,
      description: "Events of other subscriptions are refused; default: the application's subscription at Strava",
    }),
  ),
  STRAVA_WEBHOOK_PATH_SECRET: Type.Optional(
    Type.String({
      minLength: 16,
      maxLength: 200,
      pattern: '^[A-Za-z0-9_-]+$',
      description:
        'Secret last segment of the webhook callback path (/webhook/{secret}); derived from STRAVA_TOKEN_KEY when unset',
    }),
  ),
  STRAVA_WEBHOOK_RATE_PER_MINUTE: Type.Integer({
    minimum: 1,
    default: 600,
    description: 'Webhook events accepted per minute; more answer 429 (Strava retries)',
  }),
  STRAVA_LATE_UPLOAD_DAYS: Type.Number({
    minimum: 0,
    maximum: 365,
    default: 30,
    description: 'Each poll looks this far back for activities uploaded long after they started',
  }),
  STRAVA_SWEEP_HOURS: Type.Number({
    minimum: 0.01,
    default: 24,
    description: 'With a live webhook subscription, each runner is swept this often instead of polled',
  }),
};

/** Strava settings may come as STRAVA_X or, in the all-in-one mode, with the service prefix stripped (X). */
export function normaliseStravaEnv(env: Env): Env {
  const out: Env = { ...env };
  for (const key of Object.keys(stravaSettings)) {
    if (
      !key.startsWith('STRAVA_') ||
      key === 'STRAVA_CLIENT_ID' ||
      key === 'STRAVA_CLIENT_SECRET' ||
      key === 'STRAVA_SIM_URL'
    )
      continue;
    const short = key.slice('STRAVA_'.length);
    if (!out[key] && env[short]) out[key] = env[short];
  }
  return out;
}
