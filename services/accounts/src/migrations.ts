import { outboxHeadersMigration, outboxMigration, outboxPendingMigration } from '@runnerly/bus';
import { autoIncrementId, type Migration } from '@runnerly/storage';

export const migrations: Record<string, Migration> = {
  '0001_outbox': outboxMigration,
  '0002_users': {
    async up(db) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('birth_year', 'integer')
        .addColumn('sex', 'text')
        .addColumn('weight_kg', 'double precision')
        .addColumn('max_hr', 'integer')
        .addColumn('rest_hr', 'integer')
        .addColumn('units', 'text', (c) => c.notNull().defaultTo('km'))
        .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
        .addColumn('first_day_of_week', 'text', (c) => c.notNull().defaultTo('monday'))
        .addColumn('email_monthly_report', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('activated_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('account_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('account_tokens_user').on('account_tokens').columns(['user_id', 'kind']).execute();
    },
  },
  '0003_login_failures': {
    async up(db, { dialect }) {
      await autoIncrementId(db.schema.createTable('login_failures'), dialect)
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_failures_email')
        .on('login_failures')
        .columns(['email', 'created_at'])
        .execute();
      await db.schema.createIndex('login_failures_ip').on('login_failures').columns(['ip', 'created_at']).execute();
      await db.schema.createIndex('login_failures_created').on('login_failures').columns(['created_at']).execute();
    },
  },
  '0004_outbox_headers': outboxHeadersMigration,
  '0005_outbox_pending': outboxPendingMigration,
};
