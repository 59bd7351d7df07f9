import { createHash } from 'node:crypto';
import { scopes, stravaQueues, stravaScopes } from '@runnerly/contracts';
import { defineService, loadKey, secretBox } from '@runnerly/service-kit';
import { StravaClient, STRAVA_API_URL, STRAVA_OAUTH_URL } from '@runnerly/strava-client';
import { stravaApp } from './app.ts';
import { normaliseStravaEnv, stravaSettings } from './config.ts';
import type { StravaDeps, StravaSettings } from './deps.ts';
import { migrations } from './migrations.ts';
import type { StravaTables } from './tables.ts';
import { simulatorClock, systemClock } from './domain/clock.ts';
import { RateScheduler } from './worker/scheduler.ts';
import { handle, startEngine, type Engine } from './worker/engine.ts';
import { stravaSubscriptions } from './events.ts';
import { subscribe } from './subscription.ts';

export const strava = defineService<typeof stravaSettings, StravaTables>({
  name: 'strava',
  description:
    'Strava links (encrypted tokens), OAuth link/unlink, webhooks, and the import worker sharing the app-wide rate limit',
  defaultPort: 8084,
  config: stravaSettings,
  normaliseEnv: normaliseStravaEnv,
  migrations,
  bus: true,
  outbox: true,
  scopes: { client: [scopes.runsWrite, scopes.runsRead] },
  setup({ config, env, database, bus, verifier, logger, client }) {
    const sim = config.STRAVA_SIM_URL?.replace(/\/+$/, '');
    const useSim = !!sim && !config.STRAVA_CLIENT_ID;
    const clientId =
      config.STRAVA_CLIENT_ID ?? (sim ? (env.STRAVA_SIM_CLIENT_ID ?? env.SIM_CLIENT_ID ?? '1000') : undefined);
    const clientSecret =
      config.STRAVA_CLIENT_SECRET ??
      (sim ? (env.STRAVA_SIM_CLIENT_SECRET ?? env.SIM_CLIENT_SECRET ?? 'strava-sim-secret') : undefined);
    if (!clientId || !clientSecret)
      logger.warn('no STRAVA_CLIENT_ID/STRAVA_CLIENT_SECRET and no simulator: linking will fail');
    const stravaClient = new StravaClient({
      clientId: clientId ?? 'unset',
      clientSecret: clientSecret ?? 'unset',
      oauthUrl:
        config.STRAVA_OAUTH_URL ?? (useSim || (sim && !config.STRAVA_API_URL) ? `${sim}/oauth` : STRAVA_OAUTH_URL),
      apiUrl: config.STRAVA_API_URL ?? (useSim || (sim && !config.STRAVA_OAUTH_URL) ? `${sim}/api/v3` : STRAVA_API_URL),
      ...(config.STRAVA_REVOKE_URL ? { revokeUrl: config.STRAVA_REVOKE_URL } : {}),
    });
    const dashboardUrl = config.DASHBOARD_URL.replace(/\/+$/, '');
    const settings: StravaSettings = {
      callbackUrl: config.STRAVA_CALLBACK_URL ?? `${dashboardUrl}/api/strava/oauth/callback`,
      dashboardUrl,
      scope: config.STRAVA_SCOPE,
      pollIntervalMs: config.STRAVA_POLL_MINUTES * 60_000,
      webhookVerifyToken:
        config.STRAVA_WEBHOOK_VERIFY_TOKEN ??
        createHash('sha256')
          .update(`runnerly-webhook:${clientSecret ?? ''}`)
          .digest('hex')
          .slice(0, 32),
      webhookSubscriptionId: config.STRAVA_WEBHOOK_SUBSCRIPTION_ID ?? null,
      streamsRecent: config.STRAVA_STREAMS_RECENT,
      leaseMs: Math.round(config.STRAVA_SYNC_LEASE_SECONDS * 1000),
    };
    let engine: Engine | undefined;
    const base = {
      db: database.db,
      dialect: database.dialect,
      box: secretBox(
        loadKey({
          configured: config.STRAVA_TOKEN_KEY,
          setting: 'STRAVA_TOKEN_KEY',
          dataDir: config.DATA_DIR,
          service: 'strava',
          file: 'token.key',
        }),
      ),
      strava: stravaClient,
      data: client('data', config.DATA_URL, { timeoutMs: 15_000, retries: 2 }),
      scheduler: new RateScheduler({ db: database.db, dialect: database.dialect, share: config.STRAVA_SYNC_SHARE }),
      clock: config.STRAVA_SYNC_CLOCK === 'simulator' && sim ? simulatorClock(sim) : systemClock,
      bus,
      logger,
      settings,
    };
    const deps: StravaDeps = { ...base, wake: () => engine?.wake() };
    return {
      docs: `Strava link and sync. Scopes: \`${stravaScopes.stravaRead}\` (status), \`${stravaScopes.stravaWrite}\` (link, unlink). The OAuth callback and the webhook are public.`,
      routes: stravaApp(deps, verifier),
      subscriptions: stravaSubscriptions(deps),
      ...(config.STRAVA_SYNC_WORKER
        ? {
            jobs: [
              {
                queue: stravaQueues.sync,
                handle: (m) => handle(m.payload as { user_id?: string }, deps),
                options: { concurrency: 4 },
              },
            ],
            workers: [
              {
                name: 'sync',
                start() {
                  engine = startEngine(base, {
                    lanes: config.STRAVA_SYNC_LANES,
                    leaseMs: Math.round(config.STRAVA_SYNC_LEASE_SECONDS * 1000),
                  });
                  return engine;
                },
              },
            ],
          }
        : {}),
      started() {
        if (!config.STRAVA_WEBHOOK_CALLBACK_URL || !clientId || !clientSecret) return;
        void subscribe(
          stravaClient.apiUrl,
          clientId,
          clientSecret,
          config.STRAVA_WEBHOOK_CALLBACK_URL,
          settings.webhookVerifyToken!,
        )
          .then((id) => {
            if (!settings.webhookSubscriptionId) settings.webhookSubscriptionId = id;
            logger.info({ id }, 'strava webhook subscription active');
          })
          .catch((err: unknown) => logger.warn({ err }, 'strava webhook subscription failed; polling only'));
      },
    };
  },
});
