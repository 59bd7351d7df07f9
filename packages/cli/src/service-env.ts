import { createServer } from 'node:net';
import type { Env, ServiceModule } from '@runnerly/service-kit';
import type { Credentials } from './credentials.ts';

/** Settings every service of the system may read, passed through as they are. */
const shared = ['SMTP_URL', 'MAIL_FROM', 'AMQP_URL', 'TOKEN_ISSUER', 'STRAVA_CLIENT_ID', 'STRAVA_CLIENT_SECRET', 'STRAVA_OAUTH_URL', 'STRAVA_API_URL', 'STRAVA_REVOKE_URL', 'STRAVA_TOKEN_KEY', 'STRAVA_WEBHOOK_CALLBACK_URL', 'STRAVA_WEBHOOK_VERIFY_TOKEN'];

export const envPrefix = (name: string) => `${name.toUpperCase().replace(/-/g, '_')}_`;

/** A free port on the host, for the all-in-one mode with RUNNERLY_BASE_PORT=0 (tests). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Where each service listens: base + offset, or free ports when the base is 0. */
export async function planUrls(list: Array<{ module: ServiceModule; offset: number }>, basePort: number, host: string): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  for (const { module, offset } of list) urls[module.name] = `http://${host}:${basePort === 0 ? await freePort(host) : basePort + offset}`;
  return urls;
}

/**
 * One service's environment in a multi-service run: where every service is, its own
 * credentials, the shared settings, and every `<SERVICE>_KEY` of the parent environment as
 * `KEY` (so `DATA_DATABASE_URL` becomes the data service's `DATABASE_URL`).
 */
export function serviceEnv(module: ServiceModule, parent: Env, urls: Record<string, string>, creds: Credentials | undefined, base: Env): Env {
  const env: Env = { ...base };
  for (const key of shared) if (parent[key]) env[key] = parent[key];
  for (const [name, url] of Object.entries(urls)) env[`${envPrefix(name)}URL`] = url;
  if (urls.gateway) env.DASHBOARD_URL = parent.PUBLIC_URL ?? urls.gateway;
  env.PORT = new URL(urls[module.name]!).port;
  const prefix = envPrefix(module.name);
  for (const [key, value] of Object.entries(parent)) {
    // Shared keys keep their names (STRAVA_CLIENT_ID is not the strava service's CLIENT_ID).
    if (key.startsWith(prefix) && value !== undefined && key !== `${prefix}URL` && !shared.includes(key)) env[key.slice(prefix.length)] = value;
  }
  if (creds) { env.CLIENT_ID = creds.clientId; env.CLIENT_SECRET = creds.clientSecret; }
  return env;
}
