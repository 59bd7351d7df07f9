import { envPrefix, type Env } from '@runnerly/service-kit';
import { loadServices, type LoadedEntry } from '../registry.ts';

/**
 * What the deployment files (compose.yaml, deploy/k8s) say about each service, derived from the
 * registry so that a service added there appears in them (`npm run deploy-files` rewrites them;
 * a test fails when they drift): its port, whether it has a database and a client at the token
 * dealer, which of the others it calls, and the variables it reads.
 */
export interface DeployedService {
  name: string;
  port: number;
  /** Its own PostgreSQL database (runnerly_<name>). */
  database: boolean;
  /** A client at the token dealer (CLIENT_ID, CLIENT_SECRET). */
  client: boolean;
  /** Answers /metrics (services made with defineService). */
  metrics: boolean;
  /** Several replicas share its work: the gateway and the workers. */
  scalable: boolean;
  /** Only while no real Strava is configured. */
  optional: boolean;
  /** Every variable it reads (its settings), empty for a service that declares none. */
  settings: string[];
}

export const basePort = 8080;
export const imageName = 'runnerly';
/** Several replicas of these share the work (HPA in Kubernetes, `--scale` in compose). */
export const scalableServices = ['gateway', 'strava', 'imports'];

/** Settings that hold keys or credentials: from a Secret (Kubernetes), never in the files. */
export const secretSettings = [
  'CLIENT_SECRET',
  'SESSION_KEY',
  'STRAVA_TOKEN_KEY',
  'STRAVA_CLIENT_SECRET',
  'SIGNING_KEYS_SEAL_KEY',
];

/** Every service's code (the deployment files describe them all). */
const loaded = await loadServices();

export function deployedServices(entries: LoadedEntry[] = loaded): DeployedService[] {
  return entries.map(({ module, offset, when }) => {
    const settings = Object.keys(module.settings ?? {});
    return {
      name: module.name,
      port: basePort + offset,
      database: typeof module.migrate === 'function',
      client: module.clientScopes.length > 0,
      metrics: settings.length > 0,
      scalable: scalableServices.includes(module.name),
      optional: when !== undefined,
      settings,
    };
  });
}

export interface Infrastructure {
  /** Where a service is reached by the others. */
  serviceUrl(service: DeployedService): string;
  databaseUrl(service: DeployedService): string;
  amqpUrl: string;
  redisUrl?: string;
  smtpUrl?: string;
  /** Where browsers reach the gateway. */
  publicUrl: string;
  host: string;
  dataDir: string;
}

/**
 * A service's environment in a deployment: only variables it reads (or, for a service that
 * declares no settings, PORT and HOST), like `runnerly up` gives it (serviceEnv): every other
 * service's `<SERVICE>_URL`, its database, the bus, the mail server. Credentials and keys are
 * not here (runnerly setup, Secrets).
 */
export function deployedEnv(service: DeployedService, all: DeployedService[], infra: Infrastructure): Env {
  const env: Env = { PORT: String(service.port), HOST: infra.host };
  if (!service.settings.length) return env;
  const reads = (key: string) => service.settings.includes(key);
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined && reads(key)) env[key] = value;
  };
  set('LOG_LEVEL', 'info');
  set('DATA_DIR', infra.dataDir);
  if (service.database) set('DATABASE_URL', infra.databaseUrl(service));
  set('AMQP_URL', infra.amqpUrl);
  set('REDIS_URL', infra.redisUrl);
  set('SMTP_URL', infra.smtpUrl);
  set('PUBLIC_URL', infra.publicUrl);
  set('DASHBOARD_URL', infra.publicUrl);
  // Replicas may run on other machines: uploaded bytes wait in the database, not on one disk.
  if (service.scalable) set('UPLOAD_STORE', 'database');
  for (const other of all) if (other.name !== service.name) set(`${envPrefix(other.name)}URL`, infra.serviceUrl(other));
  return env;
}
