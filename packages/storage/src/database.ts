import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

export interface Database<DB> {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Where the data lives, without credentials: a file path or host/database. */
  location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** The owning service: names the SQLite file. */
  service: string;
  /** postgres://… when set; otherwise an SQLite file under dataDir. */
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

// int8 (COUNT(*), bigserial) comes back as a string from pg; every int8 we keep fits in a
// double (row counts, outbox ids), 64-bit external ids are stored as text.
pg.types.setTypeParser(20, (value: string) => Number(value));

export function openDatabase<DB>(options: OpenDatabaseOptions): Database<DB> {
  if (options.databaseUrl) return openPostgres<DB>(options.databaseUrl, options.poolSize ?? 4);
  const dir = options.dataDir ?? './data';
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR, from the settings
  mkdirSync(dir, { recursive: true });
  return openSqlite<DB>(join(dir, `${options.service}.sqlite`));
}

function openSqlite<DB>(file: string): Database<DB> {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Kysely prepares every query anew; statements are reusable, so keep the recent ones.
  const statements = new Map<string, SQLite.Statement>();
  const database = {
    close: () => sqlite.close(),
    prepare(query: string) {
      let statement = statements.get(query);
      if (!statement) {
        statement = sqlite.prepare(query);
        if (statements.size >= 500) statements.delete(statements.keys().next().value as string);
        statements.set(query, statement);
      }
      return statement;
    },
  };
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    dialect: 'sqlite',
    location: file,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

function openPostgres<DB>(url: string, max: number): Database<DB> {
  // A query waits at most 5 s for a connection: while PostgreSQL is down requests fail fast
  // (503, see service-kit's errors) instead of queueing until their client gives up.
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5000 });
  // A dropped idle connection must not crash the process: the pool replaces it.
  pool.on('error', () => {});
  // Nor a dropped connection held between queries (in a transaction, or checked out for a
  // while): pg emits 'error' on the client itself, which the pool only listens to while the
  // client is idle. The next query on it fails, and the pool discards it when it comes back.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    db,
    dialect: 'postgres',
    location: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
