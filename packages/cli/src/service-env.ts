import { createServer } from 'node:net';
import type { Env, ServiceModule } from '@runnerly/service-kit';
import type { Credentials } from './credentials.ts';

/** Settings every service of the system may read, passed through as they are. */
const shared = [
  'SMTP_URL',
  'MAIL_FROM',
  'AMQP_URL',
  'TOKEN_ISSUER',
  'STRAVA_CLIENT_ID',
  'STRAVA_CLIENT_SECRET',
  'STRAVA_OAUTH_URL',
  'STRAVA_API_URL',
  'STRAVA_REVOKE_URL',
  'STRAVA_TOKEN_KEY',
  'STRAVA_WEBHOOK_CALLBACK_URL',
  'STRAVA_WEBHOOK_VERIFY_TOKEN',
];

export const envPrefix = (name: string) => `${name.toUpperCase().replace(/-/g, '_')}_`;

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Where each service listens: base + offset. A base of 0 (tests) picks a random block below
 * the ephemeral range whose every port is free now; a caller that still loses a port to
 * another process starts again with a new block.
 */
export async function planUrls(
  list: Array<{ module: ServiceModule; offset: number }>,
  basePort: number,
  host: string,
): Promise<Record<string, string>> {
  let base = basePort;
  if (basePort === 0) {
    const span = Math.max(...list.map((s) => s.offset)) + 1;
    for (let attempt = 0; attempt < 50; attempt++) {
      const candidate = 20_000 + Math.floor(Math.random() * ((32_000 - 20_000) / span)) * span;
      const free = await Promise.all(list.map((s) => portFree(candidate + s.offset, host)));
      if (free.every(Boolean)) {
        base = candidate;
        break;
      }
    }
    if (base === 0) throw new Error('no free block of ports found');
  }
  return Object.fromEntries(list.map(({ module, offset }) => [module.name, `http://${host}:${base + offset}`]));
}

/**
 * One service's environment in a multi-service run: where every service is, its own
 * credentials, the shared settings, and every `<SERVICE>_KEY` of the parent environment as
 * `KEY` (so `DATA_DATABASE_URL` becomes the data service's `DATABASE_URL`).
 */
export function serviceEnv(
  module: ServiceModule,
  parent: Env,
  urls: Record<string, string>,
  creds: Credentials | undefined,
  base: Env,
): Env {
  const env: Env = { ...base };
  for (const key of shared) if (parent[key]) env[key] = parent[key];
  for (const [name, url] of Object.entries(urls)) env[`${envPrefix(name)}URL`] = url;
  if (urls.gateway) env.DASHBOARD_URL = parent.PUBLIC_URL ?? urls.gateway;
  env.PORT = new URL(urls[module.name]!).port;
  const prefix = envPrefix(module.name);
  for (const [key, value] of Object.entries(parent)) {
    // Shared keys keep their names (STRAVA_CLIENT_ID is not the strava service's CLIENT_ID).
    if (key.startsWith(prefix) && value !== undefined && key !== `${prefix}URL` && !shared.includes(key)) {
      env[key.slice(prefix.length)] = value;
      env[key] = value; // also as written, for a service whose own settings carry its name (STRAVA_SIM_SEED)
    }
  }
  if (creds) {
    env.CLIENT_ID = creds.clientId;
    env.CLIENT_SECRET = creds.clientSecret;
  }
  return env;
}
