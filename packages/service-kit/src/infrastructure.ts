import { InProcessBus, OutboxRelay, RabbitBus, type Bus } from '@runnerly/bus';
import { migrate, openDatabase, type Database, type Migration } from '@runnerly/storage';
import type { Logger } from 'pino';

/** The service's bus: the process's shared one, RabbitMQ when AMQP_URL is set, else in-process. */
export function connectBus(
  name: string,
  amqpUrl: string | undefined,
  shared: Bus | undefined,
  logger: Logger,
  rabbit: { namespace?: string | undefined; queueExpiresSeconds?: number | undefined } = {},
): { bus: Bus; owned: boolean } {
  if (shared) return { bus: shared, owned: false };
  if (amqpUrl)
    return {
      bus: new RabbitBus({
        url: amqpUrl,
        name,
        ...(rabbit.namespace ? { namespace: rabbit.namespace } : {}),
        ...(rabbit.queueExpiresSeconds ? { queueExpiresMs: Math.round(rabbit.queueExpiresSeconds * 1000) } : {}),
        onError: (err, where) => logger.warn({ err, where }, 'bus error'),
      }),
      owned: true,
    };
  logger.warn('no AMQP_URL: events stay inside this process');
  return { bus: new InProcessBus((err, queue) => logger.warn({ err, queue }, 'handler failed')), owned: true };
}

/** Opens the service's own database and applies its migrations. */
export async function openServiceDatabase<DB>(
  name: string,
  opts: { databaseUrl?: string | undefined; dataDir: string },
  migrations: Record<string, Migration>,
): Promise<Database<DB>> {
  const database = openDatabase<DB>({ service: name, databaseUrl: opts.databaseUrl, dataDir: opts.dataDir });
  await migrate(database.db, database.dialect, migrations);
  return database;
}

export function startRelay(
  name: string,
  database: Database<any>,
  bus: Bus,
  logger: Logger,
  retentionHours: number,
): OutboxRelay {
  const relay = new OutboxRelay({
    db: database.db,
    dialect: database.dialect,
    bus,
    service: name,
    retentionMs: retentionHours * 3_600_000,
    onError: (err) => logger.warn({ err }, 'outbox relay: publish failed, will retry'),
  });
  relay.start();
  return relay;
}
