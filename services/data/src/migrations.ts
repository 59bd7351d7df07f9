import { outboxMigration } from '@runnerly/bus';
import type { Migration } from '@runnerly/storage';

export const migrations: Record<string, Migration> = {
  '0001_outbox': outboxMigration,
  '0002_runs': {
    async up(db) {
      await db.schema.createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sport_type', 'text', (c) => c.notNull())
        .addColumn('start_time', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('distance_m', 'double precision', (c) => c.notNull())
        .addColumn('moving_time_s', 'integer', (c) => c.notNull())
        .addColumn('elapsed_time_s', 'integer', (c) => c.notNull())
        .addColumn('elevation_gain_m', 'double precision')
        .addColumn('average_heartrate', 'double precision')
        .addColumn('max_heartrate', 'double precision')
        .addColumn('average_cadence', 'double precision')
        .addColumn('summary_polyline', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('runs_source_key', ['user_id', 'source', 'source_id'])
        .execute();
      await db.schema.createIndex('runs_user_start').on('runs').columns(['user_id', 'start_time']).execute();
    },
  },
};
