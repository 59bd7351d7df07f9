import type { Env, ServiceEntry, ServiceModule } from '@runnerly/service-kit';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from '@runnerly/data';
import { stravaSimService } from '@runnerly/strava-sim';
import { accounts } from '@runnerly/accounts';
import { strava } from '@runnerly/strava';
import { imports } from '@runnerly/imports';
import { gateway } from '@runnerly/gateway';
import { training } from '@runnerly/training';
import { races } from '@runnerly/races';
import { reports } from '@runnerly/reports';

/**
 * The system's table of contents: every service, in start order (the token dealer first: the
 * others fetch its keys). `offset` places each one on RUNNERLY_BASE_PORT + offset.
 */
export interface RegistryEntry extends ServiceEntry {
  /** Run it only when this holds (default: always). */
  when?: (env: Env) => boolean;
}

export const services: RegistryEntry[] = [
  { module: tokendealer, offset: 1 },
  { module: accounts, offset: 2 },
  { module: data, offset: 3 },
  // The simulator stands in for Strava until real credentials are configured.
  { module: stravaSimService, offset: 10, when: (env) => !env.STRAVA_CLIENT_ID },
  { module: strava, offset: 4 },
  { module: imports, offset: 5 },
  { module: training, offset: 6 },
  { module: races, offset: 9 },
  { module: reports, offset: 7 },
  { module: gateway, offset: 0 },
];

/** Settings every service of the system may read, passed through under their own names. */
export const sharedSettings = [
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_BSP_SCHEDULE_DELAY',
  'SMTP_URL',
  'MAIL_FROM',
  'AMQP_URL',
  'TOKEN_ISSUER',
  'TOKEN_MAX_LIFETIME_SECONDS',
  'STRAVA_CLIENT_ID',
  'STRAVA_CLIENT_SECRET',
  'STRAVA_OAUTH_URL',
  'STRAVA_API_URL',
  'STRAVA_REVOKE_URL',
  'STRAVA_TOKEN_KEY',
  'STRAVA_WEBHOOK_CALLBACK_URL',
  'STRAVA_WEBHOOK_VERIFY_TOKEN',
  'AMQP_NAMESPACE',
  'AMQP_QUEUE_EXPIRES_SECONDS',
  'STRAVA_WEBHOOK_PATH_SECRET',
] as const;

/** The services to run with this environment. */
export function activeServices(env: Env): RegistryEntry[] {
  return services.filter((s) => s.when?.(env) ?? true);
}

export function findService(name: string): ServiceModule | undefined {
  return services.find((s) => s.module.name === name)?.module;
}

/** The service that holds the clients of the others. */
export const clientHolder: ServiceModule = tokendealer;
