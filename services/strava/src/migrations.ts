import { outboxHeadersMigration, outboxMigration, outboxPendingMigration } from '@runnerly/bus';
import { sql } from 'kysely';
import { autoIncrementId, type Migration } from '@runnerly/storage';

export const migrations: Record<string, Migration> = {
  '0001_outbox': outboxMigration,
  '0002_strava': {
    async up(db, { dialect }) {
      await db.schema
        .createTable('strava_links')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('athlete_id', 'text', (c) => c.notNull().unique())
        .addColumn('athlete_json', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('access_token_enc', 'text', (c) => c.notNull())
        .addColumn('refresh_token_enc', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('backfill_before', 'bigint')
        .addColumn('backfill_done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('after_cursor', 'bigint')
        .addColumn('next_poll_at', 'bigint')
        .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('seen', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('pages_done', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('newest_start', 'bigint')
        .addColumn('athlete_created', 'bigint')
        .addColumn('last_sync_at', 'text')
        .addColumn('last_turn_at', 'bigint')
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('retry_at', 'bigint')
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'bigint')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('strava_links_turn').on('strava_links').columns(['state', 'last_turn_at']).execute();
      await db.schema
        .createTable('strava_oauth_states')
        .addColumn('state_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema
        .createTable('strava_rate_window')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('day_start', 'bigint', (c) => c.notNull())
        .addColumn('used15', 'integer', (c) => c.notNull())
        .addColumn('used_day', 'integer', (c) => c.notNull())
        .addColumn('limit15', 'integer', (c) => c.notNull())
        .addColumn('limit_day', 'integer', (c) => c.notNull())
        .addColumn('blocked_until', 'bigint', (c) => c.notNull())
        .addColumn('limited_count', 'integer', (c) => c.notNull())
        .execute();
      await db
        .insertInto('strava_rate_window' as never)
        .values({
          id: 1,
          window_start: 0,
          day_start: 0,
          used15: 0,
          used_day: 0,
          limit15: 100,
          limit_day: 1000,
          blocked_until: 0,
          limited_count: 0,
        } as never)
        .execute();
      await autoIncrementId(db.schema.createTable('strava_events'), dialect)
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('athlete_id', 'text', (c) => c.notNull())
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addColumn('aspect_type', 'text', (c) => c.notNull())
        .addColumn('updates', 'text', (c) => c.notNull())
        .addColumn('event_time', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('processed_at', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('strava_events_pending')
        .on('strava_events')
        .columns(['athlete_id', 'processed_at'])
        .execute();
      await db.schema
        .createTable('strava_imports')
        .addColumn('activity_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('strava_imports_user').on('strava_imports').columns(['user_id']).execute();
    },
  },
  '0003_streams': {
    async up(db) {
      await db.schema.alterTable('strava_imports').addColumn('start_epoch', 'bigint').execute();
      await db.schema.alterTable('strava_imports').addColumn('streams_state', 'text').execute();
      await db.schema
        .alterTable('strava_imports')
        .addColumn('streams_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('strava_imports').addColumn('streams_until', 'bigint').execute();
      await db.schema
        .alterTable('strava_rate_window')
        .addColumn('in_flight', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('strava_imports_user_start')
        .on('strava_imports')
        .columns(['user_id', 'start_epoch'])
        .execute();
    },
  },
  '0004_rejections_and_changes': {
    async up(db) {
      // What of a run Strava may change later (title, sport): a change seen in a page is applied.
      await db.schema.alterTable('strava_imports').addColumn('summary_hash', 'text').execute();
      await db.schema
        .createTable('strava_rejections')
        .addColumn('activity_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('start_time', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('rejected_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('strava_rejections_user').on('strava_rejections').columns(['user_id']).execute();
      await db.schema
        .alterTable('strava_rate_window')
        .addColumn('own15', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0005_outbox_headers': outboxHeadersMigration,
  '0006_rate_carried': {
    async up(db) {
      // Permits of an earlier window still in flight when the window rolled: their answers are
      // theirs, not the new window's in-flight permits.
      await db.schema
        .alterTable('strava_rate_window')
        .addColumn('carried', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0007_own_apps': {
    async up(db) {
      // Runners' own Strava applications (Strava's access tiers), the app a link and a pending
      // authorization were made with, and one rate budget per application.
      await db.schema
        .createTable('strava_apps')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('client_secret_enc', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('strava_links').addColumn('app_client_id', 'text').execute();
      await db.schema.alterTable('strava_links').addColumn('budget_at', 'bigint').execute();
      await db.schema.alterTable('strava_oauth_states').addColumn('app_client_id', 'text').execute();
      await db.schema.alterTable('strava_rate_window').addColumn('client_id', 'text').execute();
      await db.schema
        .createIndex('strava_rate_window_client')
        .on('strava_rate_window')
        .column('client_id')
        .unique()
        .execute();
    },
  },
  '0008_details_and_shoes': {
    async up(db) {
      // Each run's detailed activity (calories, laps, splits, best efforts), fetched like its
      // streams: from spare budget, newest first, a few tries each.
      await db.schema.alterTable('strava_imports').addColumn('details_state', 'text').execute();
      await db.schema
        .alterTable('strava_imports')
        .addColumn('details_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('strava_imports').addColumn('details_until', 'bigint').execute();
      // When the athlete's shoes (GET /athlete) are read next; null: as soon as there is spare budget.
      await db.schema.alterTable('strava_links').addColumn('shoes_next_at', 'bigint').execute();
    },
  },
  '0009_outbox_pending': outboxPendingMigration,
  // What a sync turn reads to find the next link with work (worker/engine.ts): one index per kind of work, and the leases;
  // and what an idle lane reads for spare budget.
  '0010_link_work': {
    async up(db) {
      await db.schema.createIndex('strava_links_backfill').on('strava_links').column('backfill_done').execute();
      await db.schema.createIndex('strava_links_poll').on('strava_links').column('next_poll_at').execute();
      await db.schema.createIndex('strava_links_lease').on('strava_links').column('lease_until').execute();
      await db.schema
        .createIndex('strava_events_waiting')
        .on('strava_events')
        .columns(['processed_at', 'athlete_id'])
        .execute();
      // What an idle lane reads for spare budget (worker/streams.ts): shoes due, runs still wanting streams or details.
      await db.schema.createIndex('strava_links_shoes').on('strava_links').column('shoes_next_at').execute();
      for (const kind of ['streams', 'details'])
        await db.schema
          .createIndex(`strava_imports_${kind}_wanted`)
          .on('strava_imports')
          .column('start_epoch')
          .where(sql.ref(`${kind}_state`), 'is', null)
          .execute();
    },
  },
};
