import { randomUUID } from 'node:crypto';
import type { Bus, BusMessage, ConsumeOptions, Handler, SendOptions, StepHandler } from './types.ts';
import { topicMatches } from './topic-match.ts';
import { retryDelay } from './retry.ts';
import { carried } from './carried-headers.ts';

interface Consumer {
  name: string;
  handler: Handler;
  options: Required<ConsumeOptions>;
  queue: BusMessage[];
  running: number;
}

const defaults: Required<ConsumeOptions> = { concurrency: 1, maxAttempts: 5, retryDelayMs: 1000 };

/**
 * The embedded bus: same semantics as the RabbitMQ one (fan-out per group, competing
 * workers per job queue, retries with back-off, dead letters), inside one process.
 * Messages live in memory; the outbox tables are what survives a restart.
 */
export class InProcessBus implements Bus {
  readonly kind = 'in-process' as const;
  readonly deadLetters: Array<BusMessage & { queue: string; error: string }> = [];
  private readonly groups = new Map<string, { patterns: string[]; consumer: Consumer }>();
  private readonly queues = new Map<string, Consumer>();
  private readonly listeners: Array<{ patterns: string[]; handler: (message: BusMessage) => void }> = [];
  private readonly pendingJobs = new Map<string, BusMessage[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly onError: (err: unknown, queue: string, message: BusMessage) => void = () => {}) {}

  async publish(topic: string, payload: unknown, options: SendOptions = {}): Promise<void> {
    this.assertOpen();
    const id = options.id ?? randomUUID();
    // Each group and listener gets a copy of its own, as from a broker.
    const copy = (): BusMessage => ({
      id,
      topic,
      payload: structuredClone(payload),
      attempt: 1,
      ...withHeaders(options),
    });
    const matches = (patterns: string[]) => patterns.some((p) => topicMatches(p, topic));
    for (const { patterns, consumer } of this.groups.values()) if (matches(patterns)) this.push(consumer, copy());
    for (const { patterns, handler } of this.listeners) {
      if (!matches(patterns)) continue;
      const message = copy();
      // On a later tick, as a broker would; a listener that throws loses that message only.
      setImmediate(() => {
        if (this.closed) return;
        try {
          handler(message);
        } catch (err) {
          this.onError(err, `listener of ${patterns.join(',')}`, message);
        }
      });
    }
  }

  async listen(patterns: string[], handler: (message: BusMessage) => void, onStep?: StepHandler): Promise<void> {
    this.assertOpen();
    this.listeners.push({ patterns, handler });
    // One process: nothing published after this can be missed.
    onStep?.(true);
  }

  async subscribe(group: string, patterns: string[], handler: Handler, options: ConsumeOptions = {}): Promise<void> {
    this.assertOpen();
    this.groups.set(group, { patterns, consumer: this.consumer(group, handler, options) });
  }

  async enqueue(queue: string, payload: unknown, options: SendOptions = {}): Promise<void> {
    this.assertOpen();
    const message: BusMessage = {
      id: options.id ?? randomUUID(),
      topic: queue,
      payload: structuredClone(payload),
      attempt: 1,
      ...withHeaders(options),
    };
    const consumer = this.queues.get(queue);
    if (consumer) this.push(consumer, message);
    else this.pendingJobs.set(queue, [...(this.pendingJobs.get(queue) ?? []), message]);
  }

  async work(queue: string, handler: Handler, options: ConsumeOptions = {}): Promise<void> {
    this.assertOpen();
    const consumer = this.consumer(queue, handler, options);
    this.queues.set(queue, consumer);
    for (const m of this.pendingJobs.get(queue) ?? []) this.push(consumer, m);
    this.pendingJobs.delete(queue);
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async deadLetterCount(queue: string): Promise<number> {
    return this.deadLetters.filter((m) => m.queue === queue).length;
  }

  /** Resolves once every queued and running message has been handled (for tests and shutdown). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0 || [...this.allConsumers()].some((c) => c.queue.length > 0)) {
      await Promise.race([...this.inFlight, new Promise((r) => setTimeout(r, 5))]);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private *allConsumers(): Iterable<Consumer> {
    for (const g of this.groups.values()) yield g.consumer;
    yield* this.queues.values();
  }

  private consumer(name: string, handler: Handler, options: ConsumeOptions): Consumer {
    return { name, handler, options: { ...defaults, ...options }, queue: [], running: 0 };
  }

  private push(consumer: Consumer, message: BusMessage): void {
    consumer.queue.push(message);
    this.pump(consumer);
  }

  private pump(consumer: Consumer): void {
    while (!this.closed && consumer.running < consumer.options.concurrency && consumer.queue.length > 0) {
      const message = consumer.queue.shift()!;
      consumer.running++;
      const run = this.deliver(consumer, message).finally(() => {
        consumer.running--;
        this.inFlight.delete(run);
        this.pump(consumer);
      });
      this.inFlight.add(run);
    }
  }

  private async deliver(consumer: Consumer, message: BusMessage): Promise<void> {
    // Deliver on a later tick, as a broker would: the publisher's transaction is over.
    await new Promise((r) => setImmediate(r));
    try {
      await consumer.handler(message);
    } catch (err) {
      this.onError(err, consumer.name, message);
      if (message.attempt >= consumer.options.maxAttempts) {
        this.deadLetters.push({
          ...message,
          queue: consumer.name,
          error: err instanceof Error ? err.message : String(err),
        });
        return;
      }
      const next = { ...message, attempt: message.attempt + 1 };
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          this.push(consumer, next);
        },
        retryDelay(message.attempt, consumer.options.retryDelayMs),
      );
      this.timers.add(timer);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('bus is closed');
  }
}

/** As over RabbitMQ: only the trace context travels with a message. */
function withHeaders(options: SendOptions): Pick<BusMessage, 'headers'> {
  const headers = carried(options.headers);
  return Object.keys(headers).length ? { headers } : {};
}
