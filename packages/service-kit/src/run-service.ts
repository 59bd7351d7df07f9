import type { TProperties } from '@sinclair/typebox';
import type { Bus } from '@runnerly/bus';
import type { Logger } from 'pino';
import { ConfigError, type Env } from './config.ts';
import type { ServiceApp } from './create-service.ts';
import { serviceLogger } from './create-service.ts';

export interface StartOptions {
  env: Env;
  /** A bus shared by every service of the process (embedded mode); otherwise made from AMQP_URL. */
  bus?: Bus;
  logger?: Logger;
}

export interface RunningService {
  name: string;
  url: string;
  /** The Fastify app, for services built with the kit. */
  app?: ServiceApp;
  close(): Promise<void>;
}

/** A client to register at the token dealer, and the credentials it was given. */
export interface ClientSpec {
  clientId: string;
  name?: string;
  scopes: string[];
  userScopes?: string[];
}

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

/** What the composition (all-in-one start, supervisor, tests) needs to know of a service to run it. */
export interface ServiceModule {
  name: string;
  description: string;
  defaultPort: number;
  /** Scopes of the service's own client at the token dealer (none: it needs no client). */
  clientScopes: string[];
  /** Scopes it may request in user tokens (token exchange). */
  userScopes?: string[];
  /** The settings it reads (TypeBox properties), for docs and deployment checks. */
  settings?: TProperties;
  /**
   * The service that holds the clients (the token dealer) registers the others' clients in its
   * own store: `known` secrets are kept while they still match, the rest are created.
   */
  registerClients?(
    env: Env,
    clients: ClientSpec[],
    known?: Map<string, Credentials>,
  ): Promise<Map<string, Credentials>>;
  /** Brings its own database up to date and closes it (`runnerly setup`, the migrations Job). */
  migrate?(env: Env): Promise<void>;
  start(options: StartOptions): Promise<RunningService>;
}

/**
 * Entry point of a service run as its own process: reads the environment once, starts,
 * and shuts down gracefully on SIGTERM/SIGINT (stops taking requests, finishes the ones in
 * flight, closes its database and bus). A bad setting prints what is wrong and exits 1.
 */
export async function runMain(module: ServiceModule, env: Env = process.env): Promise<RunningService> {
  const logger = serviceLogger(module.name, env.LOG_LEVEL ?? 'info');
  let running: RunningService;
  try {
    running = await module.start({ env, logger });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    logger.fatal({ err }, 'failed to start');
    process.exit(1);
  }
  logger.info({ url: running.url }, `${module.name} listening`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // `runnerly up` forwards the signal its process group already delivered: one shutdown.
      logger.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await running.close();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  // `on`, not `once`: a second signal must not fall back to Node's default (exit at once, mid-request).
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return running;
}

/** Listens and returns the URL (port 0 picks a free one). */
export async function listen(app: ServiceApp, port: number, host: string): Promise<string> {
  await app.listen({ port, host });
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${actual}`;
}
