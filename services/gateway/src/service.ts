import { join, resolve } from 'node:path';
import {
  clientCredentialsProvider,
  createService,
  listen,
  loadConfig,
  ServiceClient,
  type ServiceModule,
} from '@runnerly/service-kit';
import { gatewayApp } from './app.ts';
import { gatewayConfig, trustProxyOption } from './config.ts';
import type { GatewayDeps } from './deps.ts';
import { loadSessionKey } from './session.ts';
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
];
export const defaultDashboardDir = resolve(import.meta.dirname, '../../../apps/dashboard/dist');

export const gateway: ServiceModule = {
  name: 'gateway',
  description:
    'The only public port: the dashboard, /api routed to the services, sessions, rate limits, security headers',
  defaultPort: 8080,
  clientScopes: ['token:exchange', 'accounts:login'],
  userScopes,
  async start({ env, logger }) {
    const config = loadConfig('gateway', gatewayConfig, env);
    const tokenUrl = `${config.TOKENDEALER_URL}/oauth/token`;
    const creds = { clientId: config.CLIENT_ID ?? 'gateway', clientSecret: config.CLIENT_SECRET ?? '' };
    const serviceTokens = clientCredentialsProvider({ tokenUrl, ...creds, scope: 'accounts:login' });
    const client = (service: string, url: string | undefined, timeoutMs = config.UPSTREAM_TIMEOUT_MS, retries = 1) =>
      url ? new ServiceClient({ service, baseUrl: url, tokens: serviceTokens, timeoutMs, retries }) : undefined;
    const upstreams = {
      data: client('data', config.DATA_URL),
      accounts: client('accounts', config.ACCOUNTS_URL),
      strava: client('strava', config.STRAVA_URL),
      imports: client('imports', config.IMPORTS_URL),
      // Strava's webhook calls must be answered within 2 s: no retry, a short timeout.
      stravaWebhook: client('strava', config.STRAVA_URL, Math.min(1800, config.UPSTREAM_TIMEOUT_MS), 0),
    };
    const deps: GatewayDeps = {
      settings: {
        https: (config.PUBLIC_URL ?? '').startsWith('https://'),
        sessionTtlSeconds: config.SESSION_TTL_HOURS * 3600,
        rateLimitAuth: config.RATE_LIMIT_AUTH,
        rateLimitApi: config.RATE_LIMIT_API,
        mailboxDir: config.SMTP_URL ? null : join(resolve(config.DATA_DIR), 'mailbox'),
        dashboardDir: config.DASHBOARD_DIR ? resolve(config.DASHBOARD_DIR) : defaultDashboardDir,
        uploadLimitBytes: config.UPLOAD_LIMIT_BYTES,
        uploadTimeoutMs: config.UPLOAD_TIMEOUT_MS,
        // Server-wide, the longest request is an upload; app.ts holds every other one to UPSTREAM_TIMEOUT_MS × 3.
        requestTimeoutMs: Math.max(config.UPSTREAM_TIMEOUT_MS * 3, config.UPLOAD_TIMEOUT_MS + 60_000),
      },
      streamUrls: { imports: config.IMPORTS_URL },
      sessionKey: loadSessionKey(config.SESSION_KEY, resolve(config.DATA_DIR)),
      upstreams,
      userTokens: tokenExchange({ tokenUrl, ...creds, scopes: userScopes, timeoutMs: config.UPSTREAM_TIMEOUT_MS }),
    };
    const app = await createService({
      name: 'gateway',
      logger,
      logLevel: config.LOG_LEVEL,
      publicUrl: config.PUBLIC_URL,
      description:
        "Runnerly's public API for the dashboard: log in with `/api/auth/login` (session cookie), then send `x-csrf-token` (the `runnerly_csrf` cookie) with every change.",
      routes: gatewayApp(deps),
      bodyLimit: config.BODY_LIMIT_BYTES,
      trustProxy: trustProxyOption(config.TRUST_PROXY),
      // Server-wide, the longest request is an upload; app.ts holds every other one to UPSTREAM_TIMEOUT_MS × 3.
      requestTimeoutMs: Math.max(config.UPSTREAM_TIMEOUT_MS * 3, config.UPLOAD_TIMEOUT_MS + 60_000),
    });
    const url = await listen(app, config.PORT, config.HOST);
    return {
      name: 'gateway',
      url,
      app,
      async close() {
        await app.close();
        for (const c of Object.values(upstreams)) await c?.close();
      },
    };
  },
};
