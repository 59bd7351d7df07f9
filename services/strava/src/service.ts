import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { scopes, stravaQueues, stravaScopes } from '@runnerly/contracts';
import {
  baseConfig,
  clientConfig,
  clientCredentialsProvider,
  connectBus,
  createService,
  createVerifier,
  listen,
  loadConfig,
  openServiceDatabase,
  ServiceClient,
  startRelay,
  type Env,
  type ServiceModule,
} from '@runnerly/service-kit';
import { StravaClient, STRAVA_API_URL, STRAVA_OAUTH_URL } from '@runnerly/strava-client';
import type { Logger } from 'pino';
import { stravaApp } from './app.ts';
import type { StravaDeps, StravaSettings } from './deps.ts';
import { migrations } from './migrations.ts';
import type { StravaTables } from './tables.ts';
import { loadTokenKey, tokenBox } from './domain/token-box.ts';
import { simulatorClock, systemClock } from './domain/clock.ts';
import { RateScheduler } from './worker/scheduler.ts';
import { handle, startEngine, type Engine } from './worker/engine.ts';
import { subscribeStravaEvents } from './events.ts';

export const stravaConfig = {
  ...baseConfig,
  ...clientConfig,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8084 }),
  DATA_URL: Type.String({ pattern: '^https?://', description: 'Data service base URL' }),
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
  STRAVA_SCOPE: Type.String({ default: 'read,activity:read_all' }),
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
    default: 60,
    description:
      "How long a worker's claim on a runner lasts without renewal (renewed while it works): after a crash, another worker takes the runner over once it lapses",
  }),
  STRAVA_STREAMS_RECENT: Type.Integer({
    minimum: 0,
    maximum: 10_000,
    default: 20,
    description:
      "Fetch streams for this many of each runner's newest runs, only with spare rate-limit budget (0: never)",
  }),
  STRAVA_SYNC_CLOCK: Type.Union([Type.Literal('system'), Type.Literal('simulator')], {
    default: 'system',
    description: "simulator: follow and drive the simulator's clock (tests, bench)",
  }),
  STRAVA_WEBHOOK_CALLBACK_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: 'Public URL of /webhook (through the gateway); subscribes at start when set',
    }),
  ),
  STRAVA_WEBHOOK_VERIFY_TOKEN: Type.Optional(Type.String({ minLength: 8 })),
  STRAVA_WEBHOOK_SUBSCRIPTION_ID: Type.Optional(
    Type.String({ minLength: 1, description: 'Events of other subscriptions are refused' }),
  ),
};

/** Strava settings may come as STRAVA_X or, in the all-in-one mode, with the service prefix stripped (X). */
function normalise(env: Env): Env {
  const out: Env = { ...env };
  for (const key of Object.keys(stravaConfig)) {
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

export const strava: ServiceModule = {
  name: 'strava',
  description:
    'Strava links (encrypted tokens), OAuth link/unlink, webhooks, and the import worker sharing the app-wide rate limit',
  defaultPort: 8084,
  clientScopes: [scopes.runsWrite, scopes.runsRead],
  async start({ env, bus: sharedBus, logger: given }) {
    const config = loadConfig('strava', stravaConfig, normalise(env));
    const logger = given as Logger;
    const database = await openServiceDatabase<StravaTables>(
      'strava',
      { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR },
      migrations,
    );
    const { bus, owned } = connectBus('strava', config.AMQP_URL, sharedBus, logger);
    const relay = startRelay('strava', database, bus, logger);
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
    };
    const tokens =
      config.CLIENT_ID && config.CLIENT_SECRET
        ? clientCredentialsProvider({
            tokenUrl: `${config.TOKENDEALER_URL}/oauth/token`,
            clientId: config.CLIENT_ID,
            clientSecret: config.CLIENT_SECRET,
            scope: `${scopes.runsWrite} ${scopes.runsRead}`,
          })
        : undefined;
    const data = new ServiceClient({
      service: 'data',
      baseUrl: config.DATA_URL,
      ...(tokens ? { tokens } : {}),
      timeoutMs: 15_000,
      retries: 2,
    });
    const clock = config.STRAVA_SYNC_CLOCK === 'simulator' && sim ? simulatorClock(sim) : systemClock;
    const scheduler = new RateScheduler({
      db: database.db,
      dialect: database.dialect,
      share: config.STRAVA_SYNC_SHARE,
    });
    let engine: Engine | undefined;
    const base = {
      db: database.db,
      dialect: database.dialect,
      box: tokenBox(loadTokenKey(config.STRAVA_TOKEN_KEY, config.DATA_DIR)),
      strava: stravaClient,
      data,
      scheduler,
      clock,
      bus,
      logger,
      settings,
    };
    const deps: StravaDeps = { ...base, wake: () => engine?.wake() };
    await subscribeStravaEvents(bus, deps);
    if (config.STRAVA_SYNC_WORKER) {
      engine = startEngine(base, {
        lanes: config.STRAVA_SYNC_LANES,
        leaseMs: Math.round(config.STRAVA_SYNC_LEASE_SECONDS * 1000),
      });
      await bus.work(stravaQueues.sync, (m) => handle(m.payload as { user_id?: string }, deps), { concurrency: 4 });
    }
    const verifier = createVerifier({
      jwksUrl: `${config.TOKENDEALER_URL}/.well-known/jwks.json`,
      issuer: config.TOKEN_ISSUER,
    });
    const app = await createService({
      name: 'strava',
      logger,
      logLevel: config.LOG_LEVEL,
      publicUrl: config.PUBLIC_URL,
      description: `Strava link and sync. Scopes: \`${stravaScopes.stravaRead}\` (status), \`${stravaScopes.stravaWrite}\` (link, unlink). The OAuth callback and the webhook are public.`,
      routes: stravaApp(deps, verifier),
      checks: { database: () => database.ping(), bus: () => bus.ping() },
    });
    const url = await listen(app, config.PORT, config.HOST);
    if (config.STRAVA_WEBHOOK_CALLBACK_URL && clientId && clientSecret) {
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
    }
    return {
      name: 'strava',
      url,
      app,
      async close() {
        await app.close();
        await engine?.stop();
        await relay.stop();
        await data.close();
        if (owned) await bus.close();
        await database.close();
      },
    };
  },
};

/** Creates the application's push subscription, or finds the existing one. */
async function subscribe(
  apiUrl: string,
  clientId: string,
  clientSecret: string,
  callbackUrl: string,
  verifyToken: string,
): Promise<string> {
  const form = new URLSearchParams({
    client_id: clientId,
    client_secret: clientSecret,
    callback_url: callbackUrl,
    verify_token: verifyToken,
  });
  const res = await fetch(`${apiUrl}/push_subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  const body = (await res.json().catch(() => ({}))) as { id?: number };
  if (res.ok && body.id !== undefined) return String(body.id);
  const list = await fetch(
    `${apiUrl}/push_subscriptions?client_id=${encodeURIComponent(clientId)}&client_secret=${encodeURIComponent(clientSecret)}`,
  );
  const existing = (await list.json().catch(() => [])) as Array<{ id: number; callback_url: string }>;
  const hit = Array.isArray(existing) ? existing[0] : undefined;
  if (!hit) throw new Error(`push subscription refused: ${res.status} ${JSON.stringify(body)}`);
  return String(hit.id);
}
