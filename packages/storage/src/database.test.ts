import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from 'kysely';
import { tcpProxy, waitFor } from '@runnerly/testing';
import { openDatabase } from './database.ts';
import { freshStore, isDistributed, postgresAdminUrl } from './testing.ts';

const answers = (database: { ping(): Promise<unknown> }) =>
  database.ping().then(
    () => true,
    () => false,
  );

const skip = isDistributed() ? false : 'needs PostgreSQL (distributed suite)';

describe('PostgreSQL connections that drop', { skip }, () => {
  test('a connection dropped while held between queries does not crash the process; the pool recovers', async () => {
    const store = await freshStore('pgdrop');
    const database = openDatabase({ service: 'pgdrop', databaseUrl: store.databaseUrl });
    const admin = new pg.Client({ connectionString: postgresAdminUrl() });
    await admin.connect();
    const crashes: unknown[] = [];
    const onCrash = (err: unknown) => crashes.push(err);
    process.on('uncaughtException', onCrash);
    try {
      let heldFailed = false;
      await database.db.connection().execute(async (conn) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn);
        // What a PostgreSQL restart does to every session: the server ends it.
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        await new Promise((r) => setTimeout(r, 300));
        await sql`select 1`.execute(conn).catch(() => {
          heldFailed = true;
        });
      });
      assert.equal(heldFailed, true, 'the query on the dropped connection fails');
      assert.deepEqual(crashes, []);
      await waitFor('the database answering again', () => answers(database), 10_000);
    } finally {
      process.off('uncaughtException', onCrash);
      await admin.end();
      await database.close();
      await store.cleanup();
    }
  });

  test('while PostgreSQL is unreachable a query fails within seconds instead of waiting; it works again once it is back', async () => {
    const store = await freshStore('pgdown');
    const proxy = await tcpProxy(Number(new URL(postgresAdminUrl()).port || 5432));
    const database = openDatabase({ service: 'pgdown', databaseUrl: proxy.url(store.databaseUrl!) });
    try {
      await database.ping();
      proxy.cut('silent');
      // The pooled connection is reset with the cut; the next query needs a new one.
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      await assert.rejects(database.ping());
      assert.ok(Date.now() - started > 1000, 'a new connection was tried');
      assert.ok(Date.now() - started < 7000, `failed after ${Date.now() - started} ms`);
      proxy.restore();
      await waitFor('the database answering again', () => answers(database), 10_000);
    } finally {
      await database.close();
      await proxy.close();
      await store.cleanup();
    }
  });
});
