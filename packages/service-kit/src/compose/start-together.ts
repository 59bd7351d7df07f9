import type { Bus } from '@runnerly/bus';
import type { Env } from '../config.ts';
import { serviceLogger } from '../create-service.ts';
import type { ClientSpec, Credentials, RunningService, ServiceModule } from '../run-service.ts';
import { planUrls } from './ports.ts';
import { serviceEnv } from './service-env.ts';

/** A service of a composed system, and where it listens: base port + offset. */
export interface ServiceEntry {
  module: ServiceModule;
  offset: number;
}

export interface TogetherOptions {
  /** The system's environment: shared keys and `<SERVICE>_KEY` settings. */
  env: Env;
  /** 0 gives every service a free port (tests). */
  basePort: number;
  host: string;
  dataDir: string;
  logLevel: string;
  bus: Bus;
  credentials: Map<string, Credentials>;
  /** Settings every service reads under their own names. */
  shared?: readonly string[];
}

export interface RunningSystem {
  urls: Record<string, string>;
  services: RunningService[];
  bus: Bus;
  close(): Promise<void>;
}

/** The clients the services of a system need at the token dealer. */
export function clientSpecs(modules: ServiceModule[]): ClientSpec[] {
  return modules
    .filter((m) => m.clientScopes.length > 0)
    .map((m) => ({
      clientId: m.name,
      name: `${m.name} service`,
      scopes: m.clientScopes,
      userScopes: m.userScopes ?? [],
    }));
}

/** The module that holds the clients (the token dealer), among these. */
export function clientRegistry(modules: ServiceModule[]): ServiceModule {
  const holder = modules.find((m) => m.registerClients);
  if (!holder) throw new Error('no service of this system registers clients (the token dealer is missing)');
  return holder;
}

/**
 * Starts the services in this process, in order, each on its own port with its own
 * environment, all on one bus. With free ports chosen for us (base 0), another process may take
 * one first: the whole start is tried again on a new block.
 */
export async function startTogether(entries: ServiceEntry[], options: TogetherOptions): Promise<RunningSystem> {
  let running: RunningService[] = [];
  let urls: Record<string, string> = {};
  for (let attempt = 1; ; attempt++) {
    running = [];
    urls = await planUrls(
      entries.map((e) => ({ name: e.module.name, offset: e.offset })),
      options.basePort,
      options.host,
    );
    try {
      for (const { module } of entries) {
        const env = serviceEnv(
          module,
          options.env,
          urls,
          options.credentials.get(module.name),
          { LOG_LEVEL: options.logLevel, HOST: options.host, DATA_DIR: options.dataDir },
          options.shared,
        );
        running.push(
          await module.start({ env, bus: options.bus, logger: serviceLogger(module.name, options.logLevel) }),
        );
      }
      break;
    } catch (err) {
      for (const s of running.reverse()) await s.close().catch(() => {});
      if (options.basePort === 0 && (err as { code?: string }).code === 'EADDRINUSE' && attempt < 5) continue;
      throw err;
    }
  }
  return {
    urls,
    services: running,
    bus: options.bus,
    async close() {
      for (const s of [...running].reverse()) await s.close();
    },
  };
}
