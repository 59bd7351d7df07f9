import { createHash, createHmac } from 'node:crypto';
import { accountScopes, scopes, stravaQueues, stravaScopes } from '@runnerly/contracts';
import { defineService, loadKey, profileZones, secretBox } from '@runnerly/service-kit';
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
import { subscribe, subscriptionState, type SubscriptionApp } from './subscription.ts';

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
  scopes: { client: [scopes.runsWrite, scopes.runsRead, accountScopes.accountsRead] },
  setup({ config, env, database, bus, verifier, logger, client, span }) {
    const sim = config.STRAVA_SIM_URL?.replace(/\/+$/, '');
    const useSim = !!sim && !config.STRAVA_CLIENT_ID;
    const clientId =
      config.STRAVA_CLIENT_ID ?? (sim ? (env.STRAVA_SIM_CLIENT_ID ?? env.SIM_CLIENT_ID ?? '1000') : undefined);
    const clientSecret =
      config.STRAVA_CLIENT_SECRET ??
      (sim ? (env.STRAVA_SIM_CLIENT_SECRET ?? env.SIM_CLIENT_SECRET ?? 'strava-sim-secret') : undefined);
    if (!clientId || !clientSecret)
      logger.warn('no STRAVA_CLIENT_ID/STRAVA_CLIENT_SECRET and no simulator: linking will fail');
    const urls = {
      oauthUrl:
        config.STRAVA_OAUTH_URL ?? (useSim || (sim && !config.STRAVA_API_URL) ? `${sim}/oauth` : STRAVA_OAUTH_URL),
      apiUrl: config.STRAVA_API_URL ?? (useSim || (sim && !config.STRAVA_OAUTH_URL) ? `${sim}/api/v3` : STRAVA_API_URL),
      ...(config.STRAVA_REVOKE_URL ? { revokeUrl: config.STRAVA_REVOKE_URL } : {}),
    };
    const stravaClient = new StravaClient({
      clientId: clientId ?? 'unset',
      clientSecret: clientSecret ?? 'unset',
      ...urls,
    });
    // A runner's own application: the same Strava, its own credentials.
    const appClient = (c: { clientId: string; clientSecret: string }) => new StravaClient({ ...c, ...urls });
    const tokenKey = loadKey({
      configured: config.STRAVA_TOKEN_KEY,
      setting: 'STRAVA_TOKEN_KEY',
      dataDir: config.DATA_DIR,
      service: 'strava',
      file: 'token.key',
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
      webhookPathSecret:
        config.STRAVA_WEBHOOK_PATH_SECRET ??
        createHmac('sha256', tokenKey).update('runnerly-strava-webhook-path').digest('base64url').slice(0, 32),
      webhookRatePerMinute: config.STRAVA_WEBHOOK_RATE_PER_MINUTE,
      sweepIntervalMs: config.STRAVA_SWEEP_HOURS * 3_600_000,
      lateUploadSeconds: Math.round(config.STRAVA_LATE_UPLOAD_DAYS * 86_400),
      streamsRecent: config.STRAVA_STREAMS_RECENT ?? null,
      detailsRecent: config.STRAVA_DETAILS_RECENT ?? null,
      leaseMs: Math.round(config.STRAVA_SYNC_LEASE_SECONDS * 1000),
    };
    const app: SubscriptionApp | null =
      clientId && clientSecret ? { apiUrl: stravaClient.apiUrl, clientId, clientSecret } : null;
    const subscription = subscriptionState(app, config.STRAVA_WEBHOOK_SUBSCRIPTION_ID ?? null);
    let engine: Engine | undefined;
    const base = {
      db: database.db,
      dialect: database.dialect,
      box: secretBox(tokenKey),
      strava: stravaClient,
      appClient,
      data: client('data', config.DATA_URL, { timeoutMs: 15_000, retries: 2 }),
      profileZone: profileZones(
        config.ACCOUNTS_URL ? client('accounts', config.ACCOUNTS_URL, { timeoutMs: 10_000, connections: 2 }) : null,
        'UTC',
      ),
      scheduler: new RateScheduler({
        db: database.db,
        dialect: database.dialect,
        share: config.STRAVA_SYNC_SHARE,
        instanceClientId: clientId,
      }),
      clock: config.STRAVA_SYNC_CLOCK === 'simulator' && sim ? simulatorClock(sim) : systemClock,
      bus,
      logger,
      settings,
      subscription,
      span,
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
          }
        : {}),
      workers: [
        ...(config.STRAVA_SYNC_WORKER
          ? [
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
            ]
          : []),
        {
          // Retried until Strava's challenge reaches us (the gateway may start after us).
          name: 'webhook-subscription',
          start() {
            const callback = config.STRAVA_WEBHOOK_CALLBACK_URL?.replace(/\/+$/, '');
            const stop = new AbortController();
            if (callback && app)
              void subscribe(
                app,
                `${callback}/${settings.webhookPathSecret}`,
                settings.webhookVerifyToken!,
                logger,
                stop.signal,
              ).then((id) => {
                if (!id) return;
                if (!config.STRAVA_WEBHOOK_SUBSCRIPTION_ID) subscription.set(id);
                logger.info({ id }, 'strava webhook subscription active: polling drops to a sweep');
              });
            return { stop: () => stop.abort() };
          },
        },
      ],
    };
  },
});
