import { Counter, Gauge, Histogram, type Metric, type Registry } from 'prom-client';
import type { Bus, ConsumeOptions, Handler, OutboxTables } from '@runnerly/bus';
import type { Database } from '@runnerly/storage';

/** Deliveries before a message is dead-lettered when the consumer does not say (both buses' default). */
const defaultMaxAttempts = 5;

/**
 * The service's bus, counted for /metrics: published events and enqueued jobs per topic or
 * queue, handled messages per queue (a subscribing group or a job queue) by outcome — ok,
 * retried (the handler threw, another attempt follows) or dead_lettered (its last attempt
 * failed) — handler durations, and the dead-letter queues' sizes when scraped.
 */
export function meterBus(bus: Bus): { bus: Bus; metrics: Metric[] } {
  const published = new Counter({
    name: 'bus_messages_published_total',
    help: 'Events published and jobs enqueued by this service, by topic or queue',
    labelNames: ['topic', 'kind'],
    registers: [],
  });
  const consumed = new Counter({
    name: 'bus_messages_consumed_total',
    help: 'Messages handled, by queue and outcome (ok, retried, dead_lettered)',
    labelNames: ['queue', 'outcome'],
    registers: [],
  });
  const duration = new Histogram({
    name: 'bus_handler_duration_seconds',
    help: 'Time a handler took, by queue',
    labelNames: ['queue'],
    buckets: [0.005, 0.025, 0.1, 0.25, 1, 2.5, 10, 30],
    registers: [],
  });
  const queues = new Set<string>();
  const deadLetters = new Gauge({
    name: 'bus_dead_letters',
    help: 'Messages put aside after their last attempt, by queue',
    labelNames: ['queue'],
    registers: [],
    async collect() {
      for (const queue of queues) {
        const count = await bus.deadLetterCount(queue).catch(() => undefined);
        if (count !== undefined) this.set({ queue }, count);
      }
    },
  });
  const wrap = (queue: string, handler: Handler, options?: ConsumeOptions): Handler => {
    queues.add(queue);
    const max = options?.maxAttempts ?? defaultMaxAttempts;
    return async (message) => {
      const end = duration.startTimer({ queue });
      try {
        await handler(message);
        consumed.inc({ queue, outcome: 'ok' });
      } catch (err) {
        consumed.inc({ queue, outcome: message.attempt >= max ? 'dead_lettered' : 'retried' });
        throw err;
      } finally {
        end();
      }
    };
  };
  const metered: Bus = {
    get kind() {
      return bus.kind;
    },
    async publish(topic, payload, options) {
      await bus.publish(topic, payload, options);
      published.inc({ topic, kind: 'event' });
    },
    async enqueue(queue, payload, options) {
      await bus.enqueue(queue, payload, options);
      published.inc({ topic: queue, kind: 'job' });
    },
    subscribe: (group, patterns, handler, options) =>
      bus.subscribe(group, patterns, wrap(group, handler, options), options),
    // A listener keeps local state in step (a cache): neither counted nor traced as handling.
    listen: (patterns, handler, onStep) => bus.listen(patterns, handler, onStep),
    work: (queue, handler, options) => bus.work(queue, wrap(queue, handler, options), options),
    deadLetterCount: (queue) => bus.deadLetterCount(queue),
    ping: () => bus.ping(),
    close: () => bus.close(),
  };
  return { bus: metered, metrics: [published, consumed, duration, deadLetters] };
}

/** The outbox's lag when scraped: events written but not yet on the bus, and the age of the oldest. */
export function outboxMetrics(database: Database<OutboxTables>, now: () => number = Date.now): Metric[] {
  let last: { at: number; read: Promise<{ n: number; oldest: string | null } | undefined> } | undefined;
  // One query per scrape for both gauges.
  const read = () => {
    if (!last || now() - last.at > 500) {
      last = {
        at: now(),
        read: database.db
          .selectFrom('outbox')
          .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<string>('created_at').as('oldest')])
          .where('published_at', 'is', null)
          .executeTakeFirst()
          .catch(() => undefined),
      };
    }
    return last.read;
  };
  const pending = new Gauge({
    name: 'outbox_pending_events',
    help: 'Events in the outbox not yet published',
    registers: [],
    async collect() {
      const row = await read();
      if (row) this.set(Number(row.n));
    },
  });
  const lag = new Gauge({
    name: 'outbox_lag_seconds',
    help: 'Age of the oldest event in the outbox not yet published (0 when none)',
    registers: [],
    async collect() {
      const row = await read();
      if (row) this.set(row.oldest ? Math.max(0, (now() - Date.parse(String(row.oldest))) / 1000) : 0);
    },
  });
  return [pending, lag];
}

export function registerAll(registry: Registry, metrics: Metric[]): void {
  for (const metric of metrics) registry.registerMetric(metric);
}
