import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type SQLite from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';

// Each driver is loaded when a database of its kind is first opened: a process holds only the one
// it uses (the other's code and memory are not in every service of every run mode).
const load = createRequire(import.meta.url);
let sqliteDriver: typeof SQLite | undefined;
let pgDriver: typeof pg | undefined;
const sqlite = () => (sqliteDriver ??= load('better-sqlite3') as typeof SQLite);
function postgres(): typeof pg {
  if (pgDriver) return pgDriver;
  pgDriver = load('pg') as typeof pg;
  // int8 (COUNT(*), bigserial) comes back as a string from pg; every int8 we keep fits in a
  // double (row counts, outbox ids), 64-bit external ids are stored as text.
  pgDriver.types.setTypeParser(20, (value: string) => Number(value));
  return pgDriver;
}

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

export function openDatabase<DB>(options: OpenDatabaseOptions): Database<DB> {
  if (options.databaseUrl) return openPostgres<DB>(options.databaseUrl, options.poolSize ?? 4);
  const dir = options.dataDir ?? './data';
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR, from the settings
  mkdirSync(dir, { recursive: true });
  return openSqlite<DB>(join(dir, `${options.service}.sqlite`));
}

function openSqlite<DB>(file: string): Database<DB> {
  const Driver = sqlite();
  const connection = new Driver(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('busy_timeout = 5000');
  connection.pragma('foreign_keys = ON');
  // Kysely prepares every query anew; statements are reusable, so keep the recent ones.
  const statements = new Map<string, SQLite.Statement>();
  const database = {
    close: () => connection.close(),
    prepare(query: string) {
      let statement = statements.get(query);
      if (!statement) {
        statement = connection.prepare(query);
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
  const pool = new (postgres().Pool)({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5000,
  });
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
