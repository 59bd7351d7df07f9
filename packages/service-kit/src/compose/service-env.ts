import type { Env } from '../config.ts';
import type { Credentials, ServiceModule } from '../run-service.ts';

export const envPrefix = (name: string) => `${name.toUpperCase().replace(/-/g, '_')}_`;

/**
 * One service's environment in a multi-service run: where every service is, its own
 * credentials, the shared settings (`shared`: keys every service reads under their own name),
 * and every `<SERVICE>_KEY` of the parent environment as `KEY` (so `DATA_DATABASE_URL`
 * becomes the data service's `DATABASE_URL`).
 */
export function serviceEnv(
  module: Pick<ServiceModule, 'name'>,
  parent: Env,
  urls: Record<string, string>,
  creds: Credentials | undefined,
  base: Env,
  shared: readonly string[] = [],
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
