import { outboxHeadersMigration, outboxMigration, outboxPendingMigration } from '@runnerly/bus';
import type { Migration } from '@runnerly/storage';

export const migrations: Record<string, Migration> = {
  '0001_import_jobs': {
    async up(db) {
      await db.schema
        .createTable('import_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('import_jobs_user').on('import_jobs').columns(['user_id', 'created_at']).execute();
      await db.schema.createIndex('import_jobs_status').on('import_jobs').columns(['status']).execute();
      await db.schema
        .createTable('import_files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('job_id', 'text', (c) => c.notNull().references('import_jobs.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('blob', 'text')
        .addColumn('entry', 'text')
        .addColumn('size', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text')
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('strava_activity_id', 'text')
        .addColumn('strava_name', 'text')
        .addColumn('strava_description', 'text')
        .addColumn('strava_type', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('import_files_job')
        .on('import_files')
        .columns(['job_id', 'position'])
        .unique()
        .execute();
      await db.schema.createIndex('import_files_job_status').on('import_files').columns(['job_id', 'status']).execute();
    },
  },
  '0002_file_runs': {
    async up(db) {
      // A file may hold several runs (a TCX of several activities, a brick), and a note for the runner.
      await db.schema.alterTable('import_files').addColumn('run_ids', 'text').execute();
      await db.schema.alterTable('import_files').addColumn('note', 'text').execute();
      // The runner said the files are runs, whatever they look like.
      await db.schema
        .alterTable('import_files')
        .addColumn('is_run', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0003_recovery': {
    async up(db) {
      // When the job's work was handed to the bus: null while the broker could not take it
      // (the sweeper enqueues it once the broker is back).
      await db.schema.alterTable('import_jobs').addColumn('enqueued_at', 'text').execute();
      await db.schema
        .createIndex('import_jobs_unfinished')
        .on('import_jobs')
        .columns(['finished_at', 'enqueued_at'])
        .execute();
      // When the file's runs were first sent to the data service: a later attempt (after a
      // crash) that finds them stored knows they may be its own.
      await db.schema.alterTable('import_files').addColumn('sent_at', 'text').execute();
    },
  },
  '0004_upload_bytes': {
    async up(db, { dialect }) {
      // The uploaded bytes of each file still to parse, when UPLOAD_STORE=database: any replica can parse them.
      await db.schema
        .createTable('upload_bytes')
        .addColumn('file_id', 'text', (c) => c.primaryKey())
        .addColumn('job_id', 'text', (c) => c.notNull())
        .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('upload_bytes_job').on('upload_bytes').columns(['job_id']).execute();
    },
  },
  '0005_original_files': {
    async up(db, { dialect }) {
      // The original file of every imported run (each ZIP entry on its own), gzipped, in the
      // database in both upload modes so that every replica can answer it.
      const blob = dialect === 'postgres' ? 'bytea' : 'blob';
      await db.schema
        .createTable('original_files')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('gzipped', blob, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('original_files_user').on('original_files').columns(['user_id']).execute();
      // Which runs a file produced or merged into (a TCX of several activities: several).
      await db.schema
        .createTable('original_file_runs')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('file_id', 'text', (c) => c.notNull().references('original_files.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('original_file_runs_pk', ['run_id', 'file_id'])
        .execute();
      await db.schema.createIndex('original_file_runs_file').on('original_file_runs').columns(['file_id']).execute();
    },
  },
  '0006_exports': {
    async up(db, { dialect }) {
      // A runner's complete export, built in the background: the row is the truth.
      await db.schema
        .createTable('export_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('runner_json', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint')
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('expires_at', 'text')
        .execute();
      await db.schema.createIndex('export_jobs_user').on('export_jobs').columns(['user_id', 'created_at']).execute();
      await db.schema.createIndex('export_jobs_status').on('export_jobs').columns(['status']).execute();
      await db.schema
        .createTable('export_zips')
        .addColumn('job_id', 'text', (c) => c.primaryKey())
        .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .execute();
    },
  },
  '0007_outbox': outboxMigration,
  '0008_outbox_headers': outboxHeadersMigration,
  '0009_outbox_pending': outboxPendingMigration,
};
