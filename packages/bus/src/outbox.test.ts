import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { migrate, openDatabase, type Database } from '@runnerly/storage';
import { amqpTestUrl, freshStore, isDistributed, type TestStore } from '@runnerly/storage/testing';
import { outboxHeadersMigration, outboxMigration, writeEvent, OutboxRelay } from './outbox.ts';
import { RabbitBus } from './rabbitmq.ts';
import { testBus } from './testing.ts';
import type { Bus, BusMessage } from './types.ts';
import { waitFor } from '@runnerly/testing';

let store: TestStore;
let database: Database<any>;
before(async () => {
  store = await freshStore('outbox');
  database = openDatabase({ service: 'outbox-test', databaseUrl: store.databaseUrl, dataDir: store.dataDir });
  await migrate(database.db, database.dialect, {
    '0001_outbox': outboxMigration,
    '0002_outbox_headers': outboxHeadersMigration,
    '0002_things': {
      async up(db) {
        await db.schema
          .createTable('things')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .execute();
      },
    },
  });
});
after(async () => {
  await database.close();
  await store.cleanup();
});

describe('transactional outbox', () => {
  it('never delivers an event whose transaction rolled back, delivers the committed one once', async () => {
    const bus: Bus = testBus();
    const seen: BusMessage[] = [];
    await bus.subscribe('outbox-test', ['thing.*'], async (m) => {
      seen.push(m);
    });
    const relay = new OutboxRelay({
      db: database.db,
      dialect: database.dialect,
      bus,
      service: 'outbox-test',
      intervalMs: 50,
    });
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('things').values({ name: 'ghost' }).execute();
        await writeEvent(trx, 'thing.created', { name: 'ghost' });
        throw new Error('changed my mind');
      }),
    );
    await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('things').values({ name: 'real' }).execute();
      await writeEvent(trx, 'thing.created', { name: 'real' });
    });
    relay.start();
    await waitFor('the delivery', () => seen.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    await relay.stop();
    assert.deepEqual(
      seen.map((m) => m.payload),
      [{ name: 'real' }],
    );
    assert.equal(await relay.pending(), 0);
    await bus.close();
  });

  it('retries a failing handler with back-off until it succeeds', async () => {
    const bus = testBus();
    let calls = 0;
    await bus.subscribe(
      `flaky-${randomBytes(3).toString('hex')}`,
      ['flaky.happened'],
      async (m) => {
        calls++;
        if (m.attempt < 3) throw new Error('not yet');
      },
      { maxAttempts: 5, retryDelayMs: 20 },
    );
    await bus.publish('flaky.happened', { n: 1 });
    await waitFor('three attempts', () => calls >= 3);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(calls, 3);
    await bus.close();
  });
});

describe('outbox purge', () => {
  const T = Date.parse('2026-03-10T12:00:00Z');
  const iso = (hoursBefore: number) => new Date(T - hoursBefore * 3_600_000).toISOString();
  const topic = () => `purge.${randomBytes(4).toString('hex')}`;
  const row = (t: string, name: string, createdHoursBefore: number, publishedHoursBefore: number | null) => ({
    topic: t,
    payload: JSON.stringify({ name }),
    created_at: iso(createdHoursBefore),
    published_at: publishedHoursBefore === null ? null : iso(publishedHoursBefore),
  });
  const left = async (t: string) =>
    (await database.db.selectFrom('outbox').select('payload').where('topic', '=', t).orderBy('id').execute()).map(
      (r: { payload: string }) => JSON.parse(r.payload).name as string,
    );

  it('deletes rows published longer ago than the retention; keeps recent ones and every unpublished one', async () => {
    const t = topic();
    await database.db
      .insertInto('outbox')
      .values([
        row(t, 'old published', 200, 199),
        row(t, 'published just past a week', 170, 168.01),
        row(t, 'recent published', 170, 167.9),
        row(t, 'old unpublished', 300, null),
        row(t, 'new unpublished', 0, null),
      ])
      .execute();
    const bus = testBus();
    const relay = new OutboxRelay({ db: database.db, dialect: database.dialect, bus, service: 'outbox-test' });
    assert.ok((await relay.purgeOnce(new Date(T))) >= 2);
    assert.deepEqual(await left(t), ['recent published', 'old unpublished', 'new unpublished']);
    // A shorter retention, given by the setting.
    const short = new OutboxRelay({
      db: database.db,
      dialect: database.dialect,
      bus,
      service: 'outbox-test',
      retentionMs: 3_600_000,
    });
    await short.purgeOnce(new Date(T));
    await bus.close();
    assert.deepEqual(await left(t), ['old unpublished', 'new unpublished']);
  });

  it('is done by the running relay, on the clock it is given, after it publishes', async () => {
    const t = topic();
    await database.db
      .insertInto('outbox')
      .values([row(t, 'old published', 400, 399), row(t, 'recent published', 2, 1), row(t, 'waiting', 1, null)])
      .execute();
    const bus = testBus();
    const relay = new OutboxRelay({
      db: database.db,
      dialect: database.dialect,
      bus,
      service: 'outbox-test',
      intervalMs: 20,
      now: () => new Date(T),
    });
    relay.start();
    await waitFor('the old row purged and the waiting one published', async () => {
      const rows = await database.db.selectFrom('outbox').selectAll().where('topic', '=', t).execute();
      return rows.length === 2 && rows.every((r) => r.published_at !== null);
    });
    await relay.stop();
    await bus.close();
    assert.deepEqual(await left(t), ['recent published', 'waiting']);
  });
});

describe('dead letters', () => {
  it('puts a job that keeps failing aside after the last attempt', async () => {
    const bus = testBus();
    let calls = 0;
    await bus.work(
      'doomed',
      async () => {
        calls++;
        throw new Error('always');
      },
      { maxAttempts: 3, retryDelayMs: 20 },
    );
    await bus.enqueue('doomed', { n: 1 });
    await waitFor('the dead letter', async () => (await bus.deadLetterCount('doomed')) === 1);
    assert.equal(calls, 3);
    await bus.close();
  });
});

describe('broker outage', { skip: !isDistributed() && 'needs RabbitMQ: runs in the distributed suite' }, () => {
  it('keeps an event written while RabbitMQ is unreachable and delivers it once it is back', async () => {
    const target = new URL(amqpTestUrl());
    const sockets = new Set<Socket>();
    const proxy = (port = 0) =>
      new Promise<Server>((resolve) => {
        const server = createServer((client) => {
          const upstream = connect(Number(target.port || 5672), target.hostname);
          sockets.add(client);
          sockets.add(upstream);
          client.pipe(upstream).pipe(client);
          const drop = () => {
            client.destroy();
            upstream.destroy();
          };
          client.on('error', drop);
          upstream.on('error', drop);
          client.on('close', drop);
          upstream.on('close', drop);
        });
        server.listen(port, '127.0.0.1', () => resolve(server));
      });
    let server = await proxy();
    const port = (server.address() as { port: number }).port;
    const namespace = `test-outage-${randomBytes(4).toString('hex')}`;
    const viaProxy = new RabbitBus({
      url: `amqp://${target.username || 'guest'}:${target.password || 'guest'}@127.0.0.1:${port}`,
      namespace,
      queueExpiresMs: 120_000,
    });
    const direct = new RabbitBus({ url: amqpTestUrl(), namespace, queueExpiresMs: 120_000 });
    const seen: unknown[] = [];
    const ids = new Set<string>();
    await direct.subscribe('outage', ['outage.*'], async (m) => {
      seen.push(m.payload);
      ids.add(m.id);
    });
    await viaProxy.ping();
    const relay = new OutboxRelay({
      db: database.db,
      dialect: database.dialect,
      bus: viaProxy,
      service: 'outage',
      intervalMs: 100,
      publishTimeoutMs: 1000,
    });

    // The broker becomes unreachable: listener closed, live connections cut.
    const closed = new Promise((r) => server.close(r));
    for (const s of sockets) s.destroy();
    await closed;
    await database.db.transaction().execute(async (trx) => {
      await writeEvent(trx, 'outage.written', { during: 'outage' });
    });
    relay.start();
    await new Promise((r) => setTimeout(r, 2500));
    assert.deepEqual(seen, [], 'nothing can be delivered during the outage');
    assert.ok((await relay.pending()) >= 1, 'the event waits in the outbox');

    server = await proxy(port);
    await waitFor('the delivery', () => seen.length >= 1, 30_000);
    await waitFor('an empty outbox', async () => (await relay.pending()) === 0, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    // At least once, and every copy carries the same id for the handler to ignore repeats.
    assert.deepEqual(new Set(seen.map((p) => JSON.stringify(p))), new Set([JSON.stringify({ during: 'outage' })]));
    assert.equal(ids.size, 1);
    assert.ok(seen.length <= 2, `delivered ${seen.length} times`);
    await relay.stop();
    await viaProxy.close();
    await direct.close();
    const closedAgain = new Promise((r) => server.close(r));
    for (const s of sockets) s.destroy();
    await closedAgain;
  });
});
