// What the table benches share: a scratch database in SQLite (a temporary folder) and in
// PostgreSQL (created for the run and dropped after), and a latency measure of one call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, type Kysely } from 'kysely';
import pg from 'pg';
import type { Migration } from '@runnerly/storage';
import { openServiceDatabase } from '@runnerly/service-kit';
import type { Database } from '@runnerly/storage';

export type Dialect = 'sqlite' | 'postgres';

/** p50 and p99 of `calls` calls, in ms, after 20 to warm up. */
export async function timed(calls: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await fn(i);
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  ms.sort((x, y) => x - y);
  return { p50: ms[Math.floor(calls * 0.5)]!, p99: ms[Math.floor(calls * 0.99)]! };
}

/** The plan the database chose for a query (compiled by Kysely, with its parameters), its steps joined by " / ". */
export async function planOf(db: Kysely<any>, dialect: Dialect, query: CompiledQuery): Promise<string> {
  const prefix = dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ';
  const { rows } = await db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(prefix + query.sql, [...query.parameters]),
  );
  return rows.map((r) => String(r.detail ?? r['QUERY PLAN']).trim()).join(' / ');
}

/**
 * Runs `each` on a fresh, migrated database of the service in SQLite, then in PostgreSQL
 * (BENCH_DATABASE_URL's server) when it can be reached; the lines say when it could not.
 */
export async function onScratchDatabases<DB>(
  service: string,
  migrations: Record<string, Migration>,
  each: (database: Database<DB>, dialect: Dialect) => Promise<void>,
): Promise<string[]> {
  const lines: string[] = [];
  const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = `runnerly_bench_${service.replace(/\W/g, '_')}`;
  const targets: Dialect[] = ['sqlite'];
  const admin = new pg.Client({ connectionString: pgUrl });
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.query(`CREATE DATABASE ${scratch}`);
    targets.push('postgres');
  } catch (err) {
    lines.push(`PostgreSQL skipped: ${(err as Error).message}`);
  }
  try {
    for (const dialect of targets) {
      const dataDir = mkdtempSync(join(tmpdir(), `runnerly-${service}-`));
      const databaseUrl = dialect === 'postgres' ? new URL(`/${scratch}`, pgUrl).toString() : undefined;
      const database = await openServiceDatabase<DB>(service, { dataDir, databaseUrl }, migrations);
      try {
        await each(database, dialect);
      } finally {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    if (targets.includes('postgres')) await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.end().catch(() => {});
  }
  return lines;
}
