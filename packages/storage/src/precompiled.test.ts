import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openDatabase, type Database } from './database.ts';
import { precompiled } from './precompiled.ts';
import { freshStore, type TestStore } from './testing.ts';

interface Tables {
  versions: { user_id: string; kind: string; version: number };
}

const versionOf = precompiled<Tables, { version: number }>(2, (db, user, kind) =>
  db.selectFrom('versions').select('version').where('user_id', '=', user).where('kind', '=', kind),
);

describe('precompiled queries', () => {
  const stores: TestStore[] = [];
  const databases: Database<Tables>[] = [];
  before(async () => {
    for (const label of ['precompiled_a', 'precompiled_b']) {
      const store = await freshStore(label);
      stores.push(store);
      const database = openDatabase<Tables>({ service: label, databaseUrl: store.databaseUrl, dataDir: store.dataDir });
      databases.push(database);
      await sql`create table versions (user_id text not null, kind text not null, version integer not null)`.execute(
        database.db,
      );
    }
    const rows = [
      { user_id: 'ann', kind: 'runs', version: 3 },
      { user_id: 'ann', kind: 'plans', version: 7 },
      { user_id: 'bob', kind: 'runs', version: 11 },
    ];
    await databases[0]!.db.insertInto('versions').values(rows).execute();
    await databases[1]!.db.insertInto('versions').values({ user_id: 'ann', kind: 'runs', version: 42 }).execute();
  });
  after(async () => {
    for (const d of databases) await d.close();
    for (const s of stores) await s.cleanup();
  });

  test('each call runs with its own values, in the order of the markers, on its own database', async () => {
    const [a, b] = databases.map((d) => d.db) as [Database<Tables>['db'], Database<Tables>['db']];
    assert.deepEqual(await versionOf(a, 'ann', 'runs'), [{ version: 3 }]);
    assert.deepEqual(await versionOf(a, 'ann', 'plans'), [{ version: 7 }]);
    assert.deepEqual(await versionOf(a, 'bob', 'runs'), [{ version: 11 }]);
    assert.deepEqual(await versionOf(a, 'bob', 'plans'), []);
    assert.deepEqual(await versionOf(b, 'ann', 'runs'), [{ version: 42 }], "the other database's own compiled query");
    assert.deepEqual(await versionOf(a, "ann' or '1'='1", 'runs'), [], 'values stay parameters');
  });

  test('a call with the wrong number of values, or a query that drops a marker, is refused', async () => {
    const db = databases[0]!.db;
    await assert.rejects(versionOf(db, 'ann'), /takes 2 values/);
    const dropsOne = precompiled<Tables, { version: number }>(2, (d, user) =>
      d.selectFrom('versions').select('version').where('user_id', '=', user),
    );
    await assert.rejects(dropsOne(db, 'ann', 'runs'), /every marker/);
  });
});
