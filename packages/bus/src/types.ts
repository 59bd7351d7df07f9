export interface BusMessage<T = unknown> {
  /** Stable id: the same event relayed twice keeps its id, so handlers can ignore repeats. */
  id: string;
  /** Event topic (`run.imported`) or job queue name. */
  topic: string;
  payload: T;
  /** 1 on first delivery. */
  attempt: number;
  /** Set by the sender and kept across retries: the trace context (`traceparent`), nothing of the payload. */
  headers?: Record<string, string>;
}

export interface SendOptions {
  /** The message's id (default: a random one). */
  id?: string;
  headers?: Record<string, string>;
}

export type Handler<T = unknown> = (message: BusMessage<T>) => Promise<void>;

/**
 * Told whether a listener is in step: false while it may be missing events (the connection is
 * down), true once it hears every event again (and at first). What was kept from events before a
 * false is not to be trusted after it.
 */
export type StepHandler = (inStep: boolean) => void;

export interface ConsumeOptions {
  /** Messages handled at once by this consumer. */
  concurrency?: number;
  /** Deliveries before a message goes to the dead-letter queue. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt, capped at a minute. */
  retryDelayMs?: number;
}

/**
 * One interface, two implementations (in-process, RabbitMQ).
 * Events fan out: every subscribing group gets its own copy. Jobs go to one worker.
 * A handler that throws is retried with back-off, then dead-lettered.
 */
export interface Bus {
  readonly kind: 'in-process' | 'rabbitmq';
  publish(topic: string, payload: unknown, options?: SendOptions): Promise<void>;
  subscribe(group: string, patterns: string[], handler: Handler, options?: ConsumeOptions): Promise<void>;
  /**
   * This process's own copy of every event of `patterns` (every listening process gets one), for
   * keeping local state in step, a cache say: delivered once, never retried, nothing kept while the
   * process is away. `onStep` says when events may have been missed.
   */
  listen(patterns: string[], handler: (message: BusMessage) => void, onStep?: StepHandler): Promise<void>;
  enqueue(queue: string, payload: unknown, options?: SendOptions): Promise<void>;
  work(queue: string, handler: Handler, options?: ConsumeOptions): Promise<void>;
  /** Messages of a queue (or subscribing group) put aside after their last attempt. */
  deadLetterCount(queue: string): Promise<number>;
  /** Resolves when the bus can deliver (for readiness checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
