import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { Metric } from 'prom-client';
import {
  outboxHeadersMigration,
  type Bus,
  type BusMessage,
  type ConsumeOptions,
  type Handler,
  type OutboxRelay,
  type OutboxTables,
  type StepHandler,
} from '@runnerly/bus';
import { meterBus, outboxMetrics } from './bus-metrics.ts';
import type { Database, Migration } from '@runnerly/storage';
import { baseConfig, clientConfig, ConfigError, loadConfig, type Env } from './config.ts';
import { createService, serviceLogger, type ServiceOptions } from './create-service.ts';
import { createVerifier, type Verifier } from './auth.ts';
import { clientCredentialsProvider, type TokenProvider } from './token-provider.ts';
import { ServiceClient, type ServiceClientOptions } from './http-client.ts';
import { connectBus, openServiceDatabase, startRelay } from './infrastructure.ts';
import { listen, type RunningService, type ServiceModule } from './run-service.ts';
import type { ReadinessCheck } from './health.ts';
import { spanner, startTracing, traceBus, type Spanner } from './tracing.ts';

type BaseConfig = Static<TObject<typeof baseConfig>>;
type ClientConfig = Static<TObject<typeof clientConfig>>;

/** What a service's `setup` receives: its settings and the parts the kit opened for it. */
export interface ServiceContext<P extends TProperties, DB> {
  name: string;
  config: BaseConfig & ClientConfig & Static<TObject<P>>;
  /** The environment the settings were read from (for settings named by another service). */
  env: Env;
  logger: Logger;
  /** The service's own database, migrated (services that declare `migrations`). */
  database: Database<DB>;
  /** The process's bus (services that declare `bus`). */
  bus: Bus;
  /** The outbox relay (services that declare `outbox`). */
  relay: OutboxRelay;
  /** Checks callers' tokens against the token dealer's keys. */
  verifier: Verifier;
  /** Tokens of this service's own client (client credentials), when it has credentials. */
  tokens: TokenProvider | undefined;
  /** A pooled client for another service, with this service's tokens; closed with the service. */
  client(service: string, baseUrl: string, options?: Partial<ServiceClientOptions>): ServiceClient;
  /** Runs background work as a trace of its own when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT). */
  span: Spanner;
  /** Something to close with the service (after the routes and workers stop, before the stores). */
  onClose(close: () => Promise<unknown> | unknown): void;
}

export interface Subscription {
  /** Consumer group: every group gets its own copy of each event (`<service>.<what>`). */
  group: string;
  topics: string[];
  handle: Handler;
  options?: ConsumeOptions;
}

/** A copy of events for this process alone (`Bus.listen`): local state kept in step, a cache. */
export interface Listening {
  topics: string[];
  handle(message: BusMessage): void;
  /** False while events may be missed; true when in step again (see `StepHandler`). */
  onStep?: StepHandler;
}

export interface JobConsumer {
  queue: string;
  handle: Handler;
  options?: ConsumeOptions;
}

/** Background work: started once the service is wired, stopped before its stores close. */
export interface Worker {
  name: string;
  start(): Promise<{ stop(): Promise<void> | void }> | { stop(): Promise<void> | void };
}

/** What `setup` returns: the routes and everything that runs beside them. */
export interface ServiceParts {
  routes: FastifyPluginAsync;
  /** The OpenAPI document's description. */
  docs?: string;
  /** Readiness checks beyond the database and bus (which the kit adds). */
  checks?: Record<string, ReadinessCheck>;
  subscriptions?: Subscription[];
  listeners?: Listening[];
  jobs?: JobConsumer[];
  workers?: Worker[];
  /** The service's own metrics for /metrics. */
  metrics?: Metric[];
  http?: Pick<ServiceOptions, 'bodyLimit' | 'requestTimeoutMs' | 'trustProxy' | 'metricsToken' | 'headersTimeoutMs'>;
  /** Runs once the service listens. */
  started?(url: string): void;
}

export interface ServiceDefinition<P extends TProperties, DB> {
  name: string;
  /** One line for the CLI and the docs. */
  description: string;
  defaultPort: number;
  /** The service's own settings (the kit adds the common ones: port, host, database, bus, token dealer). */
  config?: P;
  /** Rewrites the environment before the settings are read (settings known under other names). */
  normaliseEnv?(env: Env): Env;
  /** Its own database, with these migrations. */
  migrations?: Record<string, Migration>;
  /** Connects to the bus (events, jobs). */
  bus?: boolean;
  /** Relays its outbox table to the bus (needs `bus` and an outbox in its migrations). */
  outbox?: boolean;
  /** Scopes its own client holds at the token dealer, and those it may ask for in user tokens. */
  scopes?: { client?: string[]; user?: string[] };
  /** Needs its client credentials to run (CLIENT_ID, CLIENT_SECRET). */
  requiresCredentials?: boolean;
  /**
   * Callers' tokens are checked against the token dealer's JWKS (the service needs
   * TOKENDEALER_URL), unless the service holds the keys itself (the token dealer: its setup
   * makes its own verifier).
   */
  ownKeys?: boolean;
  /** Extra hooks for the composition (the token dealer registers the others' clients). */
  extend?: Partial<Pick<ServiceModule, 'registerClients'>>;
  setup(context: ServiceContext<P, DB>): Promise<ServiceParts> | ServiceParts;
}

/**
 * One declarative way to define a service. The kit reads and checks the settings, opens and
 * migrates the database, connects the bus and the outbox relay, checks tokens, builds the app
 * with health and metrics, subscribes to events, starts the workers, listens, and closes all
 * of it in the reverse order.
 */
export function defineService<P extends TProperties = {}, DB = unknown>(
  definition: ServiceDefinition<P, DB>,
): ServiceModule {
  const { name } = definition;
  if (definition.outbox && !Object.values(definition.migrations ?? {}).includes(outboxHeadersMigration))
    throw new Error(`${name}: an outbox needs outboxMigration and outboxHeadersMigration in its migrations`);
  const settings = {
    ...baseConfig,
    ...(definition.ownKeys ? {} : clientConfig),
    PORT: Type.Integer({ minimum: 0, maximum: 65535, default: definition.defaultPort }),
    ...(definition.config ?? ({} as P)),
  };
  return {
    name,
    description: definition.description,
    defaultPort: definition.defaultPort,
    clientScopes: definition.scopes?.client ?? [],
    userScopes: definition.scopes?.user ?? [],
    settings,
    ...definition.extend,
    ...(definition.migrations
      ? {
          async migrate(env: Env) {
            const database = await openServiceDatabase<DB>(
              name,
              { databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? './data' },
              definition.migrations!,
            );
            await database.close();
          },
        }
      : {}),
    async start({ env: given, bus: sharedBus, logger: givenLogger }): Promise<RunningService> {
      const env = definition.normaliseEnv ? definition.normaliseEnv(given) : given;
      const config = loadConfig(name, settings, env) as unknown as ServiceContext<P, DB>['config'];
      if (definition.requiresCredentials && (!config.CLIENT_ID || !config.CLIENT_SECRET)) {
        throw new ConfigError(name, [
          `CLIENT_ID and CLIENT_SECRET: required (its client at the token dealer, with ${(definition.scopes?.client ?? []).join(', ')})`,
        ]);
      }
      const logger = givenLogger ?? serviceLogger(name, config.LOG_LEVEL);
      const closers: Array<() => Promise<unknown> | unknown> = [];
      const stoppers: Array<() => Promise<void> | void> = [];
      let app: Awaited<ReturnType<typeof createService>> | undefined;
      const closeAll = async () => {
        await app?.close();
        for (const stop of stoppers.reverse()) await stop();
        for (const close of closers.reverse()) await close();
      };
      try {
        // Traces over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (closed last: it sends what is buffered).
        const tracing = await startTracing(name, env);
        if (tracing) closers.push(() => tracing.shutdown());
        const tracer = tracing?.tracer;
        const database = definition.migrations
          ? await openServiceDatabase<DB>(
              name,
              { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR },
              definition.migrations,
            )
          : undefined;
        if (database) closers.push(() => database.close());
        const plain = definition.bus
          ? connectBus(name, config.AMQP_URL, sharedBus, logger, {
              namespace: config.AMQP_NAMESPACE,
              queueExpiresSeconds: config.AMQP_QUEUE_EXPIRES_SECONDS,
            })
          : undefined;
        if (plain?.owned) closers.push(() => plain.bus.close());
        // Everything this service sends and handles, counted for /metrics (bus-metrics.ts).
        const metered = plain ? meterBus(plain.bus) : undefined;
        const connected = plain && metered ? { ...plain, bus: metered.bus } : undefined;
        // The service's own publishes, jobs and handlers are traced. The outbox relay sends on the
        // untraced bus: each row already carries the trace of the change that wrote it.
        const serviceBus = connected && tracer ? traceBus(connected.bus, tracer) : connected?.bus;
        const metrics = [
          ...(metered?.metrics ?? []),
          ...(definition.outbox && database ? outboxMetrics(database as unknown as Database<OutboxTables>) : []),
        ];
        const relay =
          definition.outbox && database && connected
            ? startRelay(name, database, connected.bus, logger, config.OUTBOX_RETENTION_HOURS)
            : undefined;
        if (relay) closers.push(() => relay.stop());
        const tokens =
          !definition.ownKeys && config.CLIENT_ID && config.CLIENT_SECRET
            ? clientCredentialsProvider({
                tokenUrl: `${config.TOKENDEALER_URL}/oauth/token`,
                clientId: config.CLIENT_ID,
                clientSecret: config.CLIENT_SECRET,
                ...(definition.scopes?.client?.length ? { scope: definition.scopes.client.join(' ') } : {}),
              })
            : undefined;
        const verifier = definition.ownKeys
          ? missing<Verifier>(name, 'token dealer verifier', 'a verifier in its setup')
          : createVerifier({
              jwksUrl: `${config.TOKENDEALER_URL}/.well-known/jwks.json`,
              issuer: config.TOKEN_ISSUER,
              maxLifetimeSeconds: config.TOKEN_MAX_LIFETIME_SECONDS,
            });
        const context: ServiceContext<P, DB> = {
          name,
          config,
          env,
          logger,
          database: database ?? missing<Database<DB>>(name, 'database', 'migrations'),
          bus: serviceBus ?? missing<Bus>(name, 'bus', 'bus: true'),
          relay: relay ?? missing<OutboxRelay>(name, 'relay', 'outbox: true'),
          verifier,
          tokens,
          client(service, baseUrl, options = {}) {
            const client = new ServiceClient({
              service,
              baseUrl,
              ...(tokens ? { tokens } : {}),
              ...(tracer ? { tracer } : {}),
              ...options,
            });
            closers.push(() => client.close());
            return client;
          },
          span: spanner(tracer),
          onClose(close) {
            closers.push(close);
          },
        };
        const parts = await definition.setup(context);
        const checks: Record<string, ReadinessCheck> = {
          ...(database ? { database: () => database.ping() } : {}),
          ...(connected ? { bus: () => connected.bus.ping() } : {}),
          ...parts.checks,
        };
        app = await createService({
          name,
          logger,
          metrics: [...metrics, ...(parts.metrics ?? [])],
          logLevel: config.LOG_LEVEL,
          ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
          ...(parts.docs ? { description: parts.docs } : {}),
          routes: parts.routes,
          checks,
          ...(tracer ? { tracer } : {}),
          ...parts.http,
        });
        for (const s of parts.subscriptions ?? []) await context.bus.subscribe(s.group, s.topics, s.handle, s.options);
        for (const l of parts.listeners ?? []) await context.bus.listen(l.topics, l.handle, l.onStep);
        for (const j of parts.jobs ?? []) await context.bus.work(j.queue, j.handle, j.options);
        for (const worker of parts.workers ?? []) {
          const running = await worker.start();
          stoppers.push(() => running.stop());
        }
        const url = await listen(app, config.PORT, config.HOST);
        parts.started?.(url);
        return { name, url, app, close: closeAll };
      } catch (err) {
        await closeAll().catch(() => {});
        throw err;
      }
    },
  };
}

/** A part the service did not declare: using it is a programming error, said at once. */
function missing<T>(service: string, part: string, declare: string): T {
  return new Proxy(
    {},
    {
      get() {
        throw new Error(`${service}: no ${part} (declare ${declare} in its service definition)`);
      },
    },
  ) as T;
}
