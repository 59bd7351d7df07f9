import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import { topics } from '@runnerly/contracts';
import { clientCredentialsProvider, compressedForms, ConfigError, defineService } from '@runnerly/service-kit';
import { gatewayApp } from './app.ts';
import { gatewaySettings, trustProxyOption } from './config.ts';
import type { GatewayDeps } from './deps.ts';
import { loadSessionKey } from './session.ts';
import { databaseSessions, redisSessions, Sessions } from './session-store.ts';
import { sessionCopies } from './session-copies.ts';
import { migrations } from './migrations.ts';
import { gatewayListeners, gatewaySubscriptions } from './events.ts';
import { keptAnswers } from './kept-answers.ts';
import { isLoopback } from './routes/mailbox.ts';
import type { GatewayTables } from './tables.ts';
import { tokenExchange } from './user-tokens.ts';

const userScopes = [
  'runs:read',
  'runs:write',
  'accounts:read',
  'accounts:write',
  'strava:read',
  'strava:write',
  'imports:read',
  'imports:write',
  'plans:read',
  'plans:write',
  'races:read',
  'races:write',
  'reports:read',
  'reports:write',
];
export const defaultDashboardDir = resolve(import.meta.dirname, '../../../apps/dashboard/dist');

export const gateway = defineService<typeof gatewaySettings, GatewayTables>({
  name: 'gateway',
  description:
    'The only public port: the dashboard, /api routed to the services, sessions, rate limits, security headers',
  defaultPort: 8080,
  config: gatewaySettings,
  scopes: { client: ['token:exchange', 'accounts:login', 'mailbox:read'], user: userScopes },
  migrations,
  bus: true,
  async setup({ name, config, client, database, bus, logger, onClose }) {
    const https = (config.PUBLIC_URL ?? '').startsWith('https://');
    if (https && !config.TRUST_PROXY)
      throw new ConfigError(name, [
        'TRUST_PROXY: required when PUBLIC_URL is https (the TLS proxy in front; the Secure session cookie is set only on https requests)',
      ]);
    if (!config.SMTP_URL && !isLoopback(config.HOST))
      throw new ConfigError(name, [
        `SMTP_URL: required when the gateway listens on ${config.HOST} (not loopback): without it, the development mailbox (activation and reset links) would be served to the network`,
      ]);
    let backend = databaseSessions(database.db);
    let redis: Redis | undefined;
    if (config.REDIS_URL) {
      // Loaded only when sessions and rate limits live in Redis.
      const { Redis: RedisClient } = await import('ioredis');
      redis = new RedisClient(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false });
      redis.on('error', (err) => logger.warn({ err: err.message }, 'redis: sessions and rate limits unreachable'));
      const connection = redis;
      onClose(() => connection.quit());
      backend = redisSessions(redis);
    }
    // Every gateway process hears the sessions another one ended or changed (gatewayListeners).
    const copies = sessionCopies({
      publish: (change) => bus.publish(topics.sessionsChanged, change),
      onPublishError: (err) =>
        logger.warn({ err }, 'sessions.changed not published: the other gateway processes keep their copies ≤ 10 s'),
    });
    const policy = {
      idleMs: config.SESSION_IDLE_HOURS * 3600_000,
      absoluteMs: config.SESSION_TTL_HOURS * 3600_000,
      anonymousIdleMs: Math.min(config.SESSION_IDLE_HOURS, 2) * 3600_000,
    };
    const sessions = new Sessions(backend, policy, Date.now, copies);
    const tokenUrl = `${config.TOKENDEALER_URL}/oauth/token`;
    const creds = { clientId: config.CLIENT_ID ?? 'gateway', clientSecret: config.CLIENT_SECRET ?? '' };
    // Upstream calls of its own (sign-up, login…) carry only accounts:login.
    const tokens = clientCredentialsProvider({ tokenUrl, ...creds, scope: 'accounts:login mailbox:read' });
    const upstream = (service: string, url: string | undefined, timeoutMs = config.UPSTREAM_TIMEOUT_MS, retries = 1) =>
      url ? client(service, url, { tokens, timeoutMs, retries }) : undefined;
    // Server-wide, the longest request is an upload; app.ts holds every other one to REQUEST_TIMEOUT_MS.
    const serverTimeoutMs = config.UPLOAD_TIMEOUT_MS + 60_000;
    const compressedSent = new Counter({
      name: 'gateway_compressed_forms_sent_total',
      help: 'Routed answers sent as they were compressed for an earlier identical answer (same runner, URL, ETag, Accept-Encoding)',
      registers: [],
    });
    const answers = keptAnswers();
    const deps: GatewayDeps = {
      settings: {
        https,
        rateLimitAuth: config.RATE_LIMIT_AUTH,
        rateLimitApi: config.RATE_LIMIT_API,
        devMailbox: !config.SMTP_URL,
        dashboardDir: config.DASHBOARD_DIR ? resolve(config.DASHBOARD_DIR) : defaultDashboardDir,
        mapTiles:
          config.MAP_TILES_URL === 'off'
            ? null
            : { url: config.MAP_TILES_URL, attribution: config.MAP_TILES_ATTRIBUTION },
        uploadLimitBytes: config.UPLOAD_LIMIT_BYTES,
        uploadTimeoutMs: config.UPLOAD_TIMEOUT_MS,
        uploadMinBytesPerSecond: config.UPLOAD_MIN_BYTES_PER_SECOND,
        uploadRateWindowMs: config.UPLOAD_RATE_WINDOW_MS,
        requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
      },
      streamUrls: { imports: config.IMPORTS_URL },
      redis,
      sessionKey: loadSessionKey(config.SESSION_KEY, resolve(config.DATA_DIR)),
      sessions,
      upstreams: {
        data: upstream('data', config.DATA_URL),
        accounts: upstream('accounts', config.ACCOUNTS_URL),
        strava: upstream('strava', config.STRAVA_URL),
        imports: upstream('imports', config.IMPORTS_URL),
        training: upstream('training', config.TRAINING_URL),
        races: upstream('races', config.RACES_URL),
        reports: upstream('reports', config.REPORTS_URL),
        // Strava's webhook calls must be answered within 2 s: no retry, a short timeout.
        stravaWebhook: upstream('strava', config.STRAVA_URL, Math.min(1800, config.UPSTREAM_TIMEOUT_MS), 0),
      },
      userTokens: tokenExchange({ tokenUrl, ...creds, scopes: userScopes, timeoutMs: config.UPSTREAM_TIMEOUT_MS }),
      compressed: compressedForms({ sent: compressedSent }),
      answers,
    };
    return {
      docs: "Runnerly's public API for the dashboard: log in with `/api/auth/login` (session cookie), then send `x-csrf-token` (the `runnerly_csrf` cookie) with every change.",
      routes: gatewayApp(deps),
      subscriptions: gatewaySubscriptions(deps),
      listeners: gatewayListeners(deps),
      workers: [sessionPurge(sessions, logger)],
      metrics: [compressedSent, answers.outcomes, copies.outcomes],
      http: {
        bodyLimit: config.BODY_LIMIT_BYTES,
        trustProxy: trustProxyOption(config.TRUST_PROXY),
        requestTimeoutMs: serverTimeoutMs,
        metricsToken: config.METRICS_TOKEN ?? null,
      },
    };
  },
});

/** Drops idle and expired sessions every 10 minutes (Redis expires its own). */
function sessionPurge(sessions: Sessions, logger: { warn(o: object, m: string): void }) {
  return {
    name: 'session-purge',
    start() {
      const timer = setInterval(() => {
        sessions.purge().catch((err: unknown) => logger.warn({ err }, 'session purge failed'));
      }, 10 * 60_000);
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
  };
}
