import { context, propagation } from '@opentelemetry/api';
import { sql, type Kysely, type Transaction } from 'kysely';
import { autoIncrementId, type Dialect, type Migration } from '@runnerly/storage';
import type { Bus } from './types.ts';

export interface OutboxTables {
  outbox: {
    id: number;
    topic: string;
    payload: string;
    created_at: string;
    published_at: string | null;
    /** The trace context of the change that wrote the event (JSON), carried to its handlers. */
    headers: string | null;
  };
}

/** Add this to a service's migrations to give it an outbox. */
export const outboxMigration: Migration = {
  async up(db, { dialect }) {
    await autoIncrementId(db.schema.createTable('outbox'), dialect)
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text')
      .execute();
    await db.schema.createIndex('outbox_unpublished').on('outbox').columns(['published_at', 'id']).execute();
  },
};

/** The outbox carries each event's trace context to the bus: add after `outboxMigration`. */
export const outboxHeadersMigration: Migration = {
  async up(db) {
    await db.schema.alterTable('outbox').addColumn('headers', 'text').execute();
  },
};

/**
 * The events waiting, by id, in an index of their own: a relay's pass reads the oldest 100 of
 * them without stepping over the published ones kept for the retention (PostgreSQL does not
 * read `published_at IS NULL` on the (published_at, id) index as an order by id). Add after
 * `outboxHeadersMigration`.
 */
export const outboxPendingMigration: Migration = {
  async up(db) {
    await db.schema
      .createIndex('outbox_pending')
      .on('outbox')
      .column('id')
      .where(sql.ref('published_at'), 'is', null)
      .execute();
  },
};

/** Stores an event in the same transaction as the change that caused it (with the current trace, when traced). */
export async function writeEvent(trx: Kysely<any> | Transaction<any>, topic: string, payload: unknown): Promise<void> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  await trx
    .insertInto('outbox')
    .values({
      topic,
      payload: JSON.stringify(payload),
      created_at: new Date().toISOString(),
      published_at: null,
      ...(Object.keys(headers).length ? { headers: JSON.stringify(headers) } : {}),
    })
    .execute();
}

export interface OutboxRelayOptions {
  db: Kysely<any>;
  dialect: Dialect;
  bus: Bus;
  /** Prefix of message ids, so that ids stay unique across services. */
  service: string;
  intervalMs?: number;
  batchSize?: number;
  publishTimeoutMs?: number;
  /** Published rows are deleted this long after their publication (default 168 h, a week). */
  retentionMs?: number;
  /** How often the relay deletes them (default hourly, and at its first pass). */
  purgeEveryMs?: number;
  /** The clock of publication and retention (tests set it; the wall clock otherwise). */
  now?: () => Date;
  onError?: (err: unknown) => void;
}

export const DEFAULT_OUTBOX_RETENTION_HOURS = 168;

/**
 * Relays stored events to the bus in id order, then marks them published. A broker outage
 * only delays delivery: the rows stay until a publish is confirmed. With PostgreSQL several
 * replicas may relay at once (rows are claimed with SKIP LOCKED); a crash between publish
 * and mark means the event is sent again with the same id, which handlers ignore. Published
 * rows are kept a while (to look at) and then deleted; unpublished ones are never deleted.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private failures = 0;
  private lastPurge = -Infinity;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Relay now (called after a commit that wrote events). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass; returns how many events were published. */
  async relayOnce(): Promise<number> {
    const { db, dialect } = this.options;
    if (dialect === 'postgres') {
      return db
        .transaction()
        .execute(async (trx) => this.publishRows(trx, await this.passQuery(trx).forUpdate().skipLocked().execute()));
    }
    return this.publishRows(db, await this.passQuery(db).execute());
  }

  /** The events a pass publishes, oldest first (the bench reads its plan). */
  passQuery(db: Kysely<any>) {
    return db
      .selectFrom('outbox')
      .select(['id', 'topic', 'payload', 'headers'])
      .where('published_at', 'is', null)
      .orderBy('id')
      .limit(this.options.batchSize ?? 100);
  }

  /** Deletes rows published longer ago than the retention; returns how many went. */
  async purgeOnce(now = this.now()): Promise<number> {
    const retentionMs = this.options.retentionMs ?? DEFAULT_OUTBOX_RETENTION_HOURS * 3_600_000;
    const before = new Date(now.getTime() - retentionMs).toISOString();
    let total = 0;
    for (;;) {
      // In slices, so that a first purge of a long-lived outbox holds no long lock.
      const { db } = this.options;
      const slice = db
        .selectFrom('outbox')
        .select('id')
        .where('published_at', 'is not', null)
        .where('published_at', '<', before)
        .limit(PURGE_SLICE);
      const result = await db.deleteFrom('outbox').where('id', 'in', slice).executeTakeFirst();
      const n = Number(result.numDeletedRows);
      total += n;
      if (n < PURGE_SLICE) return total;
    }
  }

  /** Events not yet confirmed by the bus. */
  async pending(): Promise<number> {
    const row = await this.options.db
      .selectFrom('outbox')
      .select(sql<number>`count(*)`.as('n'))
      .where('published_at', 'is', null)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  private async publishRows(
    db: Kysely<any>,
    rows: Array<{ id: number; topic: string; payload: string; headers: string | null }>,
  ): Promise<number> {
    const done: number[] = [];
    try {
      for (const row of rows) {
        await withTimeout(
          this.options.bus.publish(row.topic, JSON.parse(row.payload), {
            id: `${this.options.service}:${row.id}`,
            ...(row.headers ? { headers: JSON.parse(row.headers) as Record<string, string> } : {}),
          }),
          this.options.publishTimeoutMs ?? 5000,
        );
        done.push(Number(row.id));
      }
    } finally {
      if (done.length)
        await db
          .updateTable('outbox')
          .set({ published_at: this.now().toISOString() })
          .where('id', 'in', done)
          .execute();
    }
    return done.length;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    let next = this.options.intervalMs ?? 500;
    try {
      const n = await this.relayOnce();
      this.failures = 0;
      if (n === (this.options.batchSize ?? 100)) next = 0;
      const at = this.now();
      if (at.getTime() - this.lastPurge >= (this.options.purgeEveryMs ?? 3_600_000)) {
        this.lastPurge = at.getTime();
        await this.purgeOnce(at);
      }
    } catch (err) {
      this.failures++;
      next = Math.min(10_000, 250 * 2 ** Math.min(this.failures, 6));
      this.options.onError?.(err);
    }
    if (this.again) {
      this.again = false;
      next = 0;
    }
    if (!this.stopped) this.schedule(next);
  }
}

const PURGE_SLICE = 5000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      t = setTimeout(() => reject(new Error(`bus publish timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}
