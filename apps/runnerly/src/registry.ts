import type { Env, ServiceEntry, ServiceModule } from '@runnerly/service-kit';

/**
 * The system's table of contents: every service, in start order (the token dealer first: the
 * others fetch its keys). `offset` places each one on RUNNERLY_BASE_PORT + offset. A service's
 * code is loaded only when it is asked for, so that a process running one service (`runnerly
 * start <service>`, each process of `runnerly up`, a container) holds that one alone in memory.
 */
export interface RegistryEntry {
  name: string;
  offset: number;
  /** Run it only when this holds (default: always). */
  when?: (env: Env) => boolean;
  load(): Promise<ServiceModule>;
}

/** A registry entry with its code loaded. */
export interface LoadedEntry extends ServiceEntry {
  when?: (env: Env) => boolean;
}

export const services: RegistryEntry[] = [
  { name: 'tokendealer', offset: 1, load: async () => (await import('@runnerly/tokendealer')).tokendealer },
  { name: 'accounts', offset: 2, load: async () => (await import('@runnerly/accounts')).accounts },
  { name: 'data', offset: 3, load: async () => (await import('@runnerly/data')).data },
  // The simulator stands in for Strava until real credentials are configured.
  {
    name: 'strava-sim',
    offset: 10,
    when: (env) => !env.STRAVA_CLIENT_ID,
    load: async () => (await import('@runnerly/strava-sim')).stravaSimService,
  },
  { name: 'strava', offset: 4, load: async () => (await import('@runnerly/strava')).strava },
  { name: 'imports', offset: 5, load: async () => (await import('@runnerly/imports')).imports },
  { name: 'training', offset: 6, load: async () => (await import('@runnerly/training')).training },
  { name: 'races', offset: 9, load: async () => (await import('@runnerly/races')).races },
  { name: 'reports', offset: 7, load: async () => (await import('@runnerly/reports')).reports },
  { name: 'gateway', offset: 0, load: async () => (await import('@runnerly/gateway')).gateway },
];

export const serviceNames = services.map((s) => s.name);

/** Loads these entries' code (all of them by default). */
export async function loadServices(entries: readonly RegistryEntry[] = services): Promise<LoadedEntry[]> {
  return Promise.all(
    entries.map(async (e) => ({ module: await e.load(), offset: e.offset, ...(e.when ? { when: e.when } : {}) })),
  );
}

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

/** The services to run with this environment, loaded. */
export function activeServices(env: Env): Promise<LoadedEntry[]> {
  return loadServices(services.filter((s) => s.when?.(env) ?? true));
}

/** One service's code, loaded alone. */
export async function findService(name: string): Promise<ServiceModule | undefined> {
  return services.find((s) => s.name === name)?.load();
}

/** The service that holds the clients of the others. */
export const clientHolder = (): Promise<ServiceModule> => services[0]!.load();
