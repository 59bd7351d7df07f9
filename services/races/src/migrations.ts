import { outboxHeadersMigration, outboxMigration, outboxPendingMigration } from '@runnerly/bus';
import type { Migration } from '@runnerly/storage';

export const migrations: Record<string, Migration> = {
  '0001_outbox': outboxMigration,
  '0002_races': {
    async up(db) {
      await db.schema
        .createTable('races')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('start_local', 'text', (c) => c.notNull())
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('start_time', 'text', (c) => c.notNull())
        .addColumn('distance', 'text', (c) => c.notNull())
        .addColumn('distance_m', 'double precision', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('elevation_note', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // One race per name, day and distance: two runners adding it at once get one row.
      await db.schema
        .createIndex('races_identity')
        .on('races')
        .columns(['name_key', 'start_date', 'distance_m'])
        .unique()
        .execute();
      // The upcoming list (ORDER BY start_time, id) and date ranges.
      await db.schema.createIndex('races_start').on('races').columns(['start_time', 'id']).execute();
      await db.schema.createIndex('races_date').on('races').columns(['start_date']).execute();
      await db.schema
        .createTable('race_entries')
        // No cascade: a race with participants cannot be deleted, even by a delete racing a new entry.
        .addColumn('race_id', 'text', (c) => c.notNull().references('races.id'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('goal_kind', 'text', (c) => c.notNull())
        .addColumn('goal_target_s', 'integer')
        .addColumn('result_time_s', 'integer')
        .addColumn('result_run_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('race_entries_pk', ['race_id', 'user_id'])
        .execute();
      await db.schema.createIndex('race_entries_user').on('race_entries').columns(['user_id']).execute();
    },
  },
  '0003_outbox_headers': outboxHeadersMigration,
  '0004_outbox_pending': outboxPendingMigration,
};
