import { resolve } from 'node:path';
import { InProcessBus, type Bus } from '@runnerly/bus';
import { serviceLogger, type Env, type RunningService } from '@runnerly/service-kit';
import { activeServices } from './registry.ts';
import { ensureCredentials } from './credentials.ts';
import { planUrls, serviceEnv } from './service-env.ts';

export interface EmbeddedOptions {
  env?: Env;
  /** Overrides RUNNERLY_BASE_PORT; 0 gives every service a free port (tests). */
  basePort?: number;
  dataDir?: string;
  quiet?: boolean;
  /** A bus to use instead of a new in-process one (the distributed test suite passes RabbitMQ). */
  bus?: Bus;
}

export interface EmbeddedSystem {
  urls: Record<string, string>;
  services: RunningService[];
  bus: Bus;
  close(): Promise<void>;
}

/**
 * The all-in-one mode: every service in this process on its own port, each with its own
 * SQLite file under the data folder, one in-process bus between them.
 */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedSystem> {
  const env = options.env ?? process.env;
  const basePort = options.basePort ?? Number(env.RUNNERLY_BASE_PORT ?? 8080);
  const dataDir = resolve(options.dataDir ?? env.DATA_DIR ?? './data');
  const host = env.HOST ?? '127.0.0.1';
  const logLevel = options.quiet ? 'warn' : (env.LOG_LEVEL ?? 'info');
  const busLogger = serviceLogger('bus', logLevel);
  const bus =
    options.bus ?? new InProcessBus((err, queue) => busLogger.warn({ err, queue }, 'handler failed; will retry'));
  const services = activeServices(env);
  const credentials = await ensureCredentials(
    services.map((s) => s.module),
    dataDir,
    { DATABASE_URL: env.TOKENDEALER_DATABASE_URL },
  );
  let running: RunningService[] = [];
  let urls: Record<string, string> = {};
  for (let attempt = 1; ; attempt++) {
    running = [];
    urls = await planUrls(services, basePort, host);
    try {
      for (const { module } of services) {
        const moduleEnv = serviceEnv(module, env, urls, credentials.get(module.name), {
          LOG_LEVEL: logLevel,
          HOST: host,
          DATA_DIR: dataDir,
        });
        const service = await module.start({ env: moduleEnv, bus, logger: serviceLogger(module.name, logLevel) });
        running.push(service);
      }
      break;
    } catch (err) {
      for (const s of running.reverse()) await s.close().catch(() => {});
      // With free ports chosen for us (base 0), another process may take one first: choose again.
      if (basePort === 0 && (err as { code?: string }).code === 'EADDRINUSE' && attempt < 5) continue;
      await bus.close();
      throw err;
    }
  }
  return {
    urls,
    services: running,
    bus,
    async close() {
      for (const s of [...running].reverse()) await s.close();
      await bus.close();
    },
  };
}
