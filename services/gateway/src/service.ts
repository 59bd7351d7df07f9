import { join, resolve } from 'node:path';
import { clientCredentialsProvider, defineService } from '@runnerly/service-kit';
import { gatewayApp } from './app.ts';
import { gatewaySettings, trustProxyOption } from './config.ts';
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
  'reports:read',
  'reports:write',
];
export const defaultDashboardDir = resolve(import.meta.dirname, '../../../apps/dashboard/dist');

export const gateway = defineService({
  name: 'gateway',
  description:
    'The only public port: the dashboard, /api routed to the services, sessions, rate limits, security headers',
  defaultPort: 8080,
  config: gatewaySettings,
  scopes: { client: ['token:exchange', 'accounts:login'], user: userScopes },
  setup({ config, client }) {
    const tokenUrl = `${config.TOKENDEALER_URL}/oauth/token`;
    const creds = { clientId: config.CLIENT_ID ?? 'gateway', clientSecret: config.CLIENT_SECRET ?? '' };
    // Upstream calls of its own (sign-up, login…) carry only accounts:login.
    const tokens = clientCredentialsProvider({ tokenUrl, ...creds, scope: 'accounts:login' });
    const upstream = (service: string, url: string | undefined, timeoutMs = config.UPSTREAM_TIMEOUT_MS, retries = 1) =>
      url ? client(service, url, { tokens, timeoutMs, retries }) : undefined;
    // Server-wide, the longest request is an upload; app.ts holds every other one to UPSTREAM_TIMEOUT_MS × 3.
    const requestTimeoutMs = Math.max(config.UPSTREAM_TIMEOUT_MS * 3, config.UPLOAD_TIMEOUT_MS + 60_000);
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
        requestTimeoutMs,
      },
      streamUrls: { imports: config.IMPORTS_URL },
      sessionKey: loadSessionKey(config.SESSION_KEY, resolve(config.DATA_DIR)),
      upstreams: {
        data: upstream('data', config.DATA_URL),
        accounts: upstream('accounts', config.ACCOUNTS_URL),
        strava: upstream('strava', config.STRAVA_URL),
        imports: upstream('imports', config.IMPORTS_URL),
        reports: upstream('reports', config.REPORTS_URL),
        // Strava's webhook calls must be answered within 2 s: no retry, a short timeout.
        stravaWebhook: upstream('strava', config.STRAVA_URL, Math.min(1800, config.UPSTREAM_TIMEOUT_MS), 0),
      },
      userTokens: tokenExchange({ tokenUrl, ...creds, scopes: userScopes, timeoutMs: config.UPSTREAM_TIMEOUT_MS }),
    };
    return {
      docs: "Runnerly's public API for the dashboard: log in with `/api/auth/login` (session cookie), then send `x-csrf-token` (the `runnerly_csrf` cookie) with every change.",
      routes: gatewayApp(deps),
      http: {
        bodyLimit: config.BODY_LIMIT_BYTES,
        trustProxy: trustProxyOption(config.TRUST_PROXY),
        requestTimeoutMs,
      },
    };
  },
});
