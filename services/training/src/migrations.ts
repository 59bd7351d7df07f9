import { outboxHeadersMigration, outboxMigration, outboxPendingMigration } from '@runnerly/bus';
import { autoIncrementId, type Migration } from '@runnerly/storage';

export const migrations: Record<string, Migration> = {
  '0001_outbox': outboxMigration,
  '0002_plans': {
    async up(db, { dialect }) {
      await db.schema
        .createTable('plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('race_id', 'text', (c) => c.notNull())
        .addColumn('race_name', 'text', (c) => c.notNull())
        .addColumn('race_date', 'text', (c) => c.notNull())
        .addColumn('race_distance_m', 'double precision', (c) => c.notNull())
        .addColumn('goal_s', 'double precision')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('fitness', 'text', (c) => c.notNull())
        .addColumn('current', 'text', (c) => c.notNull())
        .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('checked_on', 'text', (c) => c.notNull())
        .addColumn('dirty', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('feed_secret', 'text')
        .addColumn('feed_hash', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('plans_user').on('plans').columns(['user_id', 'status']).execute();
      await db.schema.createIndex('plans_feed').on('plans').column('feed_hash').unique().execute();
      await db.schema
        .createTable('plan_runs')
        .addColumn('run_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('start_time', 'text', (c) => c.notNull())
        .addColumn('distance_m', 'double precision', (c) => c.notNull())
        .addColumn('moving_time_s', 'integer', (c) => c.notNull())
        .addColumn('elapsed_time_s', 'integer', (c) => c.notNull())
        .addColumn('average_heartrate', 'double precision')
        .addColumn('best_efforts', 'text')
        .execute();
      await db.schema.createIndex('plan_runs_user').on('plan_runs').columns(['user_id', 'start_time']).execute();
      await autoIncrementId(db.schema.createTable('plan_changes'), dialect)
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('on_date', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('plan_changes_plan').on('plan_changes').columns(['plan_id', 'id']).execute();
      await db.schema
        .createTable('plan_predictions')
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('week_start', 'text', (c) => c.notNull())
        .addColumn('seconds', 'double precision', (c) => c.notNull())
        .addColumn('vdot', 'double precision', (c) => c.notNull())
        .addColumn('estimated', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('plan_predictions_pk', ['plan_id', 'week_start'])
        .execute();
      await db.schema
        .createTable('plan_session_events')
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('generation', 'integer', (c) => c.notNull())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('plan_session_events_pk', ['plan_id', 'generation', 'session_id', 'status'])
        .execute();
    },
  },
  '0003_outbox_headers': outboxHeadersMigration,
  '0004_outbox_pending': outboxPendingMigration,
};
