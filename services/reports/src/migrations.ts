import type { Migration } from '@runnerly/storage';

/** Written once, run on SQLite and PostgreSQL alike (text timestamps, integer counters). */
export const migrations: Record<string, Migration> = {
  '0001_reports': {
    async up(db) {
      await db.schema
        .createTable('reports')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reason', 'text')
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('to_address', 'text')
        .addColumn('subject', 'text')
        .addColumn('text_body', 'text')
        .addColumn('html_body', 'text')
        .addColumn('queued_at', 'text', (c) => c.notNull())
        .addColumn('sending_at', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('reports_pk', ['user_id', 'month'])
        .execute();
      await db.schema.createIndex('reports_state').on('reports').columns(['state', 'updated_at']).execute();
      await db.schema
        .createTable('report_leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('report_schedule')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('until', 'text', (c) => c.notNull())
        .execute();
      // `runnerly reports run --month M`: done by the scheduling replica at its next turn.
      await db.schema
        .createTable('report_runs')
        .addColumn('month', 'text', (c) => c.primaryKey())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('done_at', 'text')
        .execute();
      // "Send me last month's report now", for its rate limit.
      await db.schema
        .createTable('report_requests')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('report_requests_user').on('report_requests').columns(['user_id', 'at']).execute();
    },
  },
};
