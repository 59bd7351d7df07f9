import type { Migration } from '@runnerly/storage';

export const migrations: Record<string, Migration> = {
  '0001_keys_and_clients': {
    async up(db) {
      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('retired_at', 'text')
        .execute();
      await db.schema
        .createTable('clients')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('user_scopes', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0002_rotation_once': {
    async up(db) {
      // Which key a rotation replaced ('' for the first key): unique, so replicas rotating at once
      // (or starting together on an empty store) make one new key, not one each.
      await db.schema.alterTable('signing_keys').addColumn('replaces', 'text').execute();
      await db.schema.createIndex('signing_keys_replaces').on('signing_keys').column('replaces').unique().execute();
    },
  },
};
