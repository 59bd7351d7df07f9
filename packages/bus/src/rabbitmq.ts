import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AsyncMessage, Connection, Consumer, Publisher } from 'rabbitmq-client';
import type { Bus, BusMessage, ConsumeOptions, Handler, SendOptions, StepHandler } from './types.ts';
import { retryDelay } from './retry.ts';
import { carried } from './carried-headers.ts';

export interface RabbitBusOptions {
  url: string;
  /** Topic exchange for events. */
  exchange?: string;
  /** Connection label shown in the RabbitMQ management UI. */
  name?: string;
  /** Prefix of every queue and exchange name (isolates test runs sharing a broker). */
  namespace?: string;
  /** Delete queues unused for this long (tests); durable forever when unset. */
  queueExpiresMs?: number;
  /** Delete, on close, the queues this bus declared and its exchange (a test's own namespace). */
  disposable?: boolean;
  onError?: (err: unknown, context: string) => void;
}

const ATTEMPT = 'x-runnerly-attempt';
const TOPIC = 'x-runnerly-topic';

// The AMQP client is loaded by the first RabbitMQ bus: a process on the in-process bus holds none of it.
const load = createRequire(import.meta.url);
const client = () => load('rabbitmq-client') as typeof import('rabbitmq-client');

/**
 * RabbitMQ: events on a durable topic exchange, one durable queue per subscribing group;
 * jobs on durable work queues. Publisher confirms; the client reconnects by itself.
 * A failed delivery is acknowledged and re-published to `<queue>.retry.<ms>`, a queue whose
 * message TTL is that delay and which dead-letters back to the queue (one queue per delay, so
 * a long wait never holds a shorter one behind it); after the last attempt it goes to
 * `<queue>.dead`.
 */
export class RabbitBus implements Bus {
  readonly kind = 'rabbitmq' as const;
  private readonly connection: Connection;
  private readonly publisher: Publisher;
  private readonly consumers: Consumer[] = [];
  private readonly exchange: string;
  private readonly declared = new Set<string>();

  constructor(private readonly options: RabbitBusOptions) {
    this.exchange = options.exchange ?? `${options.namespace ?? 'runnerly'}.events`;
    this.connection = new (client().Connection)({
      url: options.url,
      connectionName: options.name ?? 'runnerly',
      retryLow: 200,
      retryHigh: 5000,
      connectionTimeout: 5000,
    });
    this.connection.on('error', (err) => options.onError?.(err, 'connection'));
    this.publisher = this.connection.createPublisher({
      confirm: true,
      maxAttempts: 3,
      exchanges: [{ exchange: this.exchange, type: 'topic', durable: true }],
    });
  }

  async publish(topic: string, payload: unknown, options: SendOptions = {}): Promise<void> {
    // Fail fast while disconnected instead of buffering: the outbox keeps the event and
    // retries, so a buffered copy would only be a duplicate later.
    if (!this.connection.ready) throw new Error('RabbitMQ is not connected');
    await this.publisher.send(
      {
        exchange: this.exchange,
        routingKey: topic,
        durable: true,
        contentType: 'application/json',
        messageId: options.id ?? randomUUID(),
        headers: { ...carried(options.headers), [ATTEMPT]: 1, [TOPIC]: topic },
      },
      payload,
    );
  }

  async subscribe(group: string, patterns: string[], handler: Handler, options: ConsumeOptions = {}): Promise<void> {
    await this.consume(this.queueName(group), handler, options, patterns);
  }

  /**
   * A queue of this connection's own (named by the broker, exclusive, gone with the connection)
   * bound to the patterns: while the connection is down nothing is kept for it, so `onStep` is
   * told false at once, and true once the queue is bound again on the new connection.
   */
  async listen(patterns: string[], handler: (message: BusMessage) => void, onStep?: StepHandler): Promise<void> {
    let inStep = false;
    const step = (now: boolean) => {
      if (now === inStep) return;
      inStep = now;
      onStep?.(now);
    };
    const consumer = this.connection.createConsumer(
      {
        queue: '',
        queueOptions: { exclusive: true, autoDelete: true, durable: false },
        noAck: true,
        exchanges: [{ exchange: this.exchange, type: 'topic', durable: true }],
        queueBindings: patterns.map((routingKey) => ({ exchange: this.exchange, routingKey })),
      },
      async (msg: AsyncMessage) => {
        try {
          handler(busMessage(msg, msg.routingKey));
        } catch (err) {
          this.options.onError?.(err, 'listener');
        }
      },
    );
    // The queue went with the old connection (or its channel): out of step until it is back.
    const lost = () => step(false);
    this.connection.on('error', lost);
    this.connection.on('connection', lost);
    consumer.on('error', (err) => {
      lost();
      this.options.onError?.(err, 'listener');
    });
    consumer.on('ready', () => step(true));
    this.consumers.push(consumer);
    await ready(consumer, 'listener');
  }

  async enqueue(name: string, payload: unknown, options: SendOptions = {}): Promise<void> {
    // As publish: fail at once while disconnected (the caller keeps the job in its database
    // and enqueues it later) rather than wait for the broker with the caller's request open.
    if (!this.connection.ready) throw new Error('RabbitMQ is not connected');
    const queue = this.queueName(name);
    await this.declare(queue);
    await withTimeout(
      this.publisher.send(
        {
          routingKey: queue,
          durable: true,
          contentType: 'application/json',
          messageId: options.id ?? randomUUID(),
          headers: { ...carried(options.headers), [ATTEMPT]: 1, [TOPIC]: name },
        },
        payload,
      ),
      5000,
      `RabbitMQ did not confirm a message to ${queue} within 5 s`,
    );
  }

  async work(queue: string, handler: Handler, options: ConsumeOptions = {}): Promise<void> {
    await this.consume(this.queueName(queue), handler, options, []);
  }

  private queueName(name: string): string {
    return this.options.namespace ? `${this.options.namespace}.${name}` : name;
  }

  private get queueArguments(): Record<string, unknown> {
    return this.options.queueExpiresMs ? { 'x-expires': this.options.queueExpiresMs } : {};
  }

  async ping(): Promise<void> {
    await this.connection.exchangeDeclare({ exchange: this.exchange, type: 'topic', durable: true });
  }

  async deadLetterCount(queue: string): Promise<number> {
    const { messageCount } = await this.connection.queueDeclare({
      queue: `${this.queueName(queue)}.dead`,
      passive: true,
    });
    return messageCount;
  }

  /** The prefix of its queues and exchange, if any (for other processes of a test to share it). */
  get namespace(): string | undefined {
    return this.options.namespace;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.consumers.map((c) => c.close()));
    if (this.options.disposable && this.connection.ready) {
      for (const queue of this.declared) {
        await this.connection.queueDelete({ queue }).catch(() => {});
        if (!queue.includes('.retry.')) await this.connection.queueDelete({ queue: `${queue}.dead` }).catch(() => {});
      }
      await this.connection.exchangeDelete({ exchange: this.exchange }).catch(() => {});
    }
    await this.publisher.close();
    await this.connection.close();
  }

  private async declare(queue: string): Promise<void> {
    if (this.declared.has(queue)) return;
    await this.connection.queueDeclare({ queue, durable: true, arguments: this.queueArguments });
    await this.connection.queueDeclare({ queue: `${queue}.dead`, durable: true, arguments: this.queueArguments });
    this.declared.add(queue);
  }

  /** The queue that holds messages of `queue` for `delayMs` before handing them back. */
  private async retryQueue(queue: string, delayMs: number): Promise<string> {
    const name = `${queue}.retry.${delayMs}`;
    if (!this.declared.has(name)) {
      await this.connection.queueDeclare({
        queue: name,
        durable: true,
        arguments: {
          ...this.queueArguments,
          'x-message-ttl': delayMs,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': queue,
        },
      });
      this.declared.add(name);
    }
    return name;
  }

  private async consume(queue: string, handler: Handler, options: ConsumeOptions, patterns: string[]): Promise<void> {
    await this.declare(queue);
    const maxAttempts = options.maxAttempts ?? 5;
    const base = options.retryDelayMs ?? 1000;
    const concurrency = options.concurrency ?? 1;
    const consumer = this.connection.createConsumer(
      {
        queue,
        queueOptions: { durable: true, arguments: this.queueArguments },
        concurrency,
        qos: { prefetchCount: concurrency * 2 },
        requeue: true,
        exchanges: patterns.length ? [{ exchange: this.exchange, type: 'topic', durable: true }] : [],
        queueBindings: patterns.map((routingKey) => ({ exchange: this.exchange, routingKey })),
      },
      async (msg: AsyncMessage) => {
        const message = busMessage(msg, msg.routingKey ?? queue);
        const { attempt, topic } = message;
        try {
          await handler(message);
        } catch (err) {
          this.options.onError?.(err, queue);
          const retryHeaders = {
            ...msg.headers,
            [ATTEMPT]: attempt + 1,
            [TOPIC]: topic,
            'x-runnerly-error': err instanceof Error ? err.message.slice(0, 500) : String(err),
          };
          const envelope = {
            durable: true,
            contentType: 'application/json',
            messageId: message.id,
            headers: retryHeaders,
          };
          if (attempt >= maxAttempts) await this.publisher.send({ ...envelope, routingKey: `${queue}.dead` }, msg.body);
          else
            await this.publisher.send(
              { ...envelope, routingKey: await this.retryQueue(queue, retryDelay(attempt, base)) },
              msg.body,
            );
        }
      },
    );
    consumer.on('error', (err) => this.options.onError?.(err, queue));
    this.consumers.push(consumer);
    await ready(consumer, `consumer for ${queue}`);
  }
}

/**
 * Resolves once the consumer's queue is bound and consuming: an event published right after
 * subscribe() or listen() returns must reach it.
 */
function ready(consumer: Consumer, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`RabbitMQ ${what} not ready after 10 s`)), 10_000);
    consumer.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A delivery as handlers see it: its id, topic, attempt and the carried headers. */
function busMessage(msg: AsyncMessage, topic: string): BusMessage {
  const headers = carried(msg.headers);
  return {
    id: msg.messageId ?? randomUUID(),
    topic: String(msg.headers?.[TOPIC] ?? topic),
    payload: msg.body,
    attempt: Number(msg.headers?.[ATTEMPT] ?? 1),
    ...(Object.keys(headers).length ? { headers } : {}),
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      t = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}
