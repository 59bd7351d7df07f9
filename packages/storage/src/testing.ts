import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** True when the test run targets the real servers (PostgreSQL, RabbitMQ). */
export function isDistributed(): boolean {
  return process.env.RUNNERLY_TEST_MODE === 'distributed';
}

export function postgresAdminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function amqpTestUrl(): string {
  return process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
}

export interface TestStore {
  /** postgres://… in the distributed suite, undefined (SQLite under dataDir) otherwise. */
  databaseUrl: string | undefined;
  dataDir: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh, empty store for one test: a new PostgreSQL database in the distributed suite,
 * a new folder for SQLite files otherwise. The distributed suite fails (never skips) when
 * PostgreSQL cannot be reached.
 */
export async function freshStore(label = 'test'): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), `runnerly-${label}-`));
  if (!isDistributed()) {
    return {
      databaseUrl: undefined,
      dataDir,
      async cleanup() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  const name = `runnerly_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    dataDir,
    async cleanup() {
      const c = new pg.Client({ connectionString: postgresAdminUrl() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
