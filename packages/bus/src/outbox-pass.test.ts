import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, sql } from 'kysely';
import { migrate, openDatabase, type Database } from '@runnerly/storage';
import { freshStore, type TestStore } from '@runnerly/storage/testing';
import { InProcessBus } from './in-process.ts';
import { outboxHeadersMigration, outboxMigration, outboxPendingMigration, OutboxRelay } from './outbox.ts';

// An outbox after a broker outage: many events published before it (kept for the retention), and
// a backlog waiting behind them.
let store: TestStore;
let database: Database<any>;
const PUBLISHED = 20_000;
const WAITING = 2_000;
before(async () => {
  store = await freshStore('outbox_pass');
  database = openDatabase({ service: 'outbox-pass-test', databaseUrl: store.databaseUrl, dataDir: store.dataDir });
  await migrate(database.db, database.dialect, {
    '0001_outbox': outboxMigration,
    '0002_outbox_headers': outboxHeadersMigration,
    '0003_outbox_pending': outboxPendingMigration,
  });
  const row = (published: boolean) => ({
    topic: 'thing.changed',
    payload: '{}',
    created_at: '2026-01-01T00:00:00.000Z',
    published_at: published ? '2026-01-01T00:00:01.000Z' : null,
  });
  for (let i = 0; i < PUBLISHED; i += 1000)
    await database.db
      .insertInto('outbox')
      .values(Array.from({ length: 1000 }, () => row(true)))
      .execute();
  for (let i = 0; i < WAITING; i += 1000)
    await database.db
      .insertInto('outbox')
      .values(Array.from({ length: 1000 }, () => row(false)))
      .execute();
  if (database.dialect === 'postgres') await sql`ANALYZE outbox`.execute(database.db);
});
after(async () => {
  await database.close();
  await store.cleanup();
});

describe("the outbox relay's pass", () => {
  it('reads only the waiting events, however many published ones are kept', async () => {
    const relay = new OutboxRelay({
      db: database.db,
      dialect: database.dialect,
      bus: new InProcessBus(),
      service: 't',
    });
    const query = relay.passQuery(database.db).compile();
    if (database.dialect === 'postgres') {
      const { rows } = await database.db.executeQuery<{ 'QUERY PLAN': unknown }>(
        CompiledQuery.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`, [...query.parameters]),
      );
      // Every row a plan node read and let go, over the whole plan.
      const removed = (node: any): number =>
        (node['Rows Removed by Filter'] ?? 0) + (node.Plans ?? []).reduce((n: number, p: any) => n + removed(p), 0);
      const plan = (rows[0]!['QUERY PLAN'] as any[])[0].Plan;
      assert.equal(removed(plan), 0, `published events were read and skipped: ${JSON.stringify(plan)}`);
      assert.equal(plan['Actual Rows'], 100);
    } else {
      const { rows } = await database.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]),
      );
      const plan = rows.map((r) => r.detail).join(' / ');
      assert.match(plan, /USING (COVERING )?INDEX outbox_(pending|unpublished)/, plan);
      assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
    }
    assert.equal(await relay.relayOnce(), 100);
  });
});
