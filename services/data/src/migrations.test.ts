import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { migrate, openDatabase, type Database } from '@runnerly/storage';
import { freshStore, type TestStore } from '@runnerly/storage/testing';
import { migrations } from './migrations.ts';
import { toRow } from './domain/runs.ts';
import type { DataTables } from './tables.ts';
import { sampleRun } from './testing.ts';

let store: TestStore;
let database: Database<DataTables>;
before(async () => {
  store = await freshStore('data-migrations');
  database = openDatabase<DataTables>({ service: 'data', databaseUrl: store.databaseUrl, dataDir: store.dataDir });
});
after(async () => {
  await database.close();
  await store.cleanup();
});

it('fills run_efforts from the runs stored before it', async () => {
  const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0007'));
  await migrate(database.db, database.dialect, before);
  const user = randomUUID();
  const now = new Date().toISOString();
  const rows = [
    toRow(
      sampleRun(user, {
        start_time: '2025-12-31T23:30:00Z',
        timezone: 'Europe/Paris',
        best_efforts: [
          { name: '5 km', distance_m: 5000, elapsed_time_s: 1300 },
          { name: '1 mile', distance_m: 1609.3, elapsed_time_s: 400 },
        ],
      }),
      randomUUID(),
      now,
    ),
    toRow(sampleRun(user), randomUUID(), now),
  ];
  // As stored then: without the columns later migrations add.
  const then = rows.map(({ workout_type: _w, gear_id: _g, calories: _c, laps: _l, ...r }) => r);
  await (database.db as Kysely<DataTables>).insertInto('runs').values(then).execute();
  await migrate(database.db, database.dialect, migrations);
  const efforts = await database.db
    .selectFrom('run_efforts')
    .select(['run_id', 'distance', 'elapsed_time_s', 'year'])
    .orderBy('distance')
    .execute();
  assert.deepEqual(
    efforts.map((e) => [e.run_id, e.distance, e.elapsed_time_s, Number(e.year)]),
    [
      [rows[0]!.id, '1mi', 400, 2026],
      [rows[0]!.id, '5k', 1300, 2026],
    ],
    'half past midnight on New Year’s Day in Paris',
  );
});
