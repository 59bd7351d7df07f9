import { outboxHeadersMigration, outboxMigration, outboxPendingMigration } from '@runnerly/bus';
import { sql } from 'kysely';
import type { Migration } from '@runnerly/storage';
import { effortRows } from './domain/records.ts';

export const migrations: Record<string, Migration> = {
  '0001_outbox': outboxMigration,
  '0002_runs': {
    async up(db) {
      await db.schema
        .createTable('runs')
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
        .addColumn('strava_activity_id', 'text')
        .addColumn('external_id', 'text')
        .addColumn('description', 'text')
        .addColumn('device', 'text')
        .addColumn('splits_km', 'text')
        .addColumn('splits_mi', 'text')
        .addColumn('best_efforts', 'text')
        .addColumn('has_streams', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // Serves "last N runs" (ORDER BY start_time DESC, id DESC) and month ranges straight from the index.
      await db.schema.createIndex('runs_user_start').on('runs').columns(['user_id', 'start_time', 'id']).execute();
      await db.schema.createIndex('runs_user_strava').on('runs').columns(['user_id', 'strava_activity_id']).execute();
      await db.schema.createIndex('runs_user_external').on('runs').columns(['user_id', 'external_id']).execute();
      await db.schema
        .createTable('run_sources')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_sources_pk', ['user_id', 'source', 'source_id'])
        .execute();
      await db.schema.createIndex('run_sources_run').on('run_sources').column('run_id').execute();
      await db.schema
        .createTable('run_streams')
        .addColumn('run_id', 'text', (c) => c.primaryKey().references('runs.id').onDelete('cascade'))
        .addColumn('streams', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0003_deleted_users': {
    async up(db) {
      // Runs still on their way when an account is deleted (a sync turn, an import batch)
      // must not bring the user back.
      await db.schema
        .createTable('deleted_users')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('deleted_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0004_run_marks': {
    async up(db) {
      // How a run was recorded: indoors, with or without GPS, with a sport the source did not say.
      await db.schema
        .alterTable('runs')
        .addColumn('trainer', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('runs').addColumn('has_gps', 'integer').execute();
      await db.schema
        .alterTable('runs')
        .addColumn('sport_inferred', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0005_user_versions': {
    async up(db, { dialect }) {
      // A counter per user that every change to their runs, sources or streams moves on, kept by
      // triggers so that no write path can forget it: reads answer If-None-Match from it alone.
      await db.schema
        .createTable('user_versions')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      const bump = (user: string) =>
        `INSERT INTO user_versions (user_id, version) VALUES (${user}, 1)
         ON CONFLICT (user_id) DO UPDATE SET version = user_versions.version + 1`;
      const watched = [
        { table: 'runs', user: (row: string) => `${row}.user_id` },
        { table: 'run_sources', user: (row: string) => `${row}.user_id` },
        { table: 'run_streams', user: (row: string) => `(SELECT user_id FROM runs WHERE id = ${row}.run_id)` },
      ];
      for (const { table, user } of watched) {
        if (dialect === 'sqlite') {
          for (const [op, row] of [
            ['INSERT', 'NEW'],
            ['UPDATE', 'NEW'],
            ['DELETE', 'OLD'],
          ] as const) {
            await sql
              .raw(
                `CREATE TRIGGER ${table}_version_${op.toLowerCase()} AFTER ${op} ON ${table}
                 FOR EACH ROW WHEN ${user(row)} IS NOT NULL BEGIN ${bump(user(row))}; END`,
              )
              .execute(db);
          }
        } else {
          await sql
            .raw(
              `CREATE FUNCTION ${table}_version() RETURNS trigger LANGUAGE plpgsql AS $$
               DECLARE uid text;
               BEGIN
                 IF TG_OP = 'DELETE' THEN uid := ${user('OLD')}; ELSE uid := ${user('NEW')}; END IF;
                 IF uid IS NOT NULL THEN ${bump('uid')}; END IF;
                 RETURN NULL;
               END $$`,
            )
            .execute(db);
          await sql
            .raw(
              `CREATE TRIGGER ${table}_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
               FOR EACH ROW EXECUTE FUNCTION ${table}_version()`,
            )
            .execute(db);
        }
      }
    },
  },
  '0006_outbox_headers': outboxHeadersMigration,
  '0007_run_efforts': {
    async up(db) {
      // Each run's best effort per standard distance, kept in step with the runs by the store:
      // personal records and ranks are read from the indexes, not from every run's JSON. The
      // indexes end in the records' order (time, then the earlier run), so a podium reads three entries.
      await db.schema
        .createTable('run_efforts')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('distance', 'text', (c) => c.notNull())
        .addColumn('elapsed_time_s', 'double precision', (c) => c.notNull())
        .addColumn('start_time', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_efforts_pk', ['run_id', 'distance'])
        .execute();
      await db.schema
        .createIndex('run_efforts_user_distance')
        .on('run_efforts')
        .columns(['user_id', 'distance', 'elapsed_time_s', 'start_time'])
        .execute();
      await db.schema
        .createIndex('run_efforts_user_year')
        .on('run_efforts')
        .columns(['user_id', 'year', 'distance', 'elapsed_time_s', 'start_time'])
        .execute();
      // The runs stored before: in pages by id, so that a long history is never read at once.
      let after = '';
      for (;;) {
        const runs = await db
          .selectFrom('runs')
          .select(['id', 'user_id', 'start_time', 'timezone', 'best_efforts'])
          .where('best_efforts', 'is not', null)
          .where('id', '>', after)
          .orderBy('id')
          .limit(500)
          .execute();
        if (runs.length === 0) break;
        const rows = runs.flatMap((r) => effortRows(r));
        for (let i = 0; i < rows.length; i += 500)
          await db
            .insertInto('run_efforts')
            .values(rows.slice(i, i + 500))
            .execute();
        after = runs[runs.length - 1]!.id;
      }
    },
  },
  '0008_gear': {
    async up(db) {
      // A runner's shoes; each run may name the pair it was run in. Their distance is summed from
      // the runs when read, so an edited or deleted run can never leave it wrong.
      await db.schema
        .createTable('gear')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('brand', 'text')
        .addColumn('model', 'text')
        .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('strava_gear_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('gear_user').on('gear').columns(['user_id', 'created_at']).execute();
      await db.schema
        .createIndex('gear_user_strava')
        .on('gear')
        .columns(['user_id', 'strava_gear_id'])
        .unique()
        .execute();
      await db.schema.alterTable('runs').addColumn('gear_id', 'text').execute();
      await db.schema.alterTable('runs').addColumn('workout_type', 'text').execute();
      await db.schema.createIndex('runs_gear').on('runs').column('gear_id').execute();
    },
  },
  '0009_run_details': {
    async up(db) {
      // What a source's detailed activity adds (Strava's calories and laps).
      await db.schema.alterTable('runs').addColumn('calories', 'double precision').execute();
      await db.schema.alterTable('runs').addColumn('laps', 'text').execute();
    },
  },
  '0010_outbox_pending': outboxPendingMigration,
};
