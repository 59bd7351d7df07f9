// The simulator's settings, read once from the environment.
import type { StravaSimOptions } from './options.ts';

import { ConfigError } from '@runnerly/service-kit';

type Env = Record<string, string | undefined>;

function fail(message: string): never {
  throw new ConfigError('strava-sim', [message]);
}

function intEnv(env: Env, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) fail(`${name} must be a non-negative integer`);
  return n;
}

export function readSimConfig(env: Env): { port: number; host: string; logLevel: string; options: StravaSimOptions } {
  const counts = (env.STRAVA_SIM_ACTIVITIES ?? '300').split(',').map((s) => Number(s.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 0))
    fail('STRAVA_SIM_ACTIVITIES must be a number or a comma-separated list');
  const limits = env.STRAVA_SIM_RATE_LIMITS?.split(',').map(Number);
  if (limits && (limits.length !== 4 || limits.some((n) => !Number.isInteger(n) || n < 0))) {
    fail('STRAVA_SIM_RATE_LIMITS must be "overall15,overallDaily,read15,readDaily"');
  }
  const auto = env.STRAVA_SIM_AUTO_APPROVE;
  const port = intEnv(env, 'PORT', 8090);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    logLevel: env.LOG_LEVEL ?? 'info',
    options: {
      clientId: env.STRAVA_SIM_CLIENT_ID ?? '1000',
      clientSecret: env.STRAVA_SIM_CLIENT_SECRET ?? 'strava-sim-secret',
      seed: env.STRAVA_SIM_SEED ?? 'runnerly',
      athletes: intEnv(env, 'STRAVA_SIM_ATHLETES', 5),
      activitiesPerAthlete: counts.length === 1 ? counts[0]! : counts,
      ...(limits
        ? { limits: { overall15: limits[0]!, overallDaily: limits[1]!, read15: limits[2]!, readDaily: limits[3]! } }
        : {}),
      ...(auto ? { autoApprove: /^\d+$/.test(auto) ? Number(auto) : auto === 'true' } : {}),
      ...(env.STRAVA_SIM_PUBLIC_URL || port
        ? { publicUrl: env.STRAVA_SIM_PUBLIC_URL ?? `http://127.0.0.1:${port}` }
        : {}),
      shortPages: env.STRAVA_SIM_SHORT_PAGES === 'true',
    },
  };
}
