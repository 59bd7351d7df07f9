import { resolve } from 'node:path';
import { InProcessBus, type Bus } from '@runnerly/bus';
import { serviceLogger, startTogether, type Env, type RunningService } from '@runnerly/service-kit';
import { activeServices, sharedSettings } from './registry.ts';
import { ensureCredentials } from './credentials.ts';

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
  const dataDir = resolve(options.dataDir ?? env.DATA_DIR ?? './data');
  const logLevel = options.quiet ? 'warn' : (env.LOG_LEVEL ?? 'info');
  const busLogger = serviceLogger('bus', logLevel);
  const bus =
    options.bus ?? new InProcessBus((err, queue) => busLogger.warn({ err, queue }, 'handler failed; will retry'));
  const services = await activeServices(env);
  const credentials = await ensureCredentials(
    services.map((s) => s.module),
    dataDir,
    { DATABASE_URL: env.TOKENDEALER_DATABASE_URL },
  );
  try {
    const system = await startTogether(services, {
      env,
      basePort: options.basePort ?? Number(env.RUNNERLY_BASE_PORT ?? 8080),
      host: env.HOST ?? '127.0.0.1',
      dataDir,
      logLevel,
      bus,
      credentials,
      shared: sharedSettings,
    });
    return {
      ...system,
      async close() {
        await system.close();
        await bus.close();
      },
    };
  } catch (err) {
    await bus.close();
    throw err;
  }
}
