// Costs that must stay flat as data grows: the Data Service's reads ("last 10", a month, a year's
// totals, one run) on tables of 1 K, 100 K and more runs (500 per runner), in SQLite and in
// PostgreSQL, through the service's own store functions; plus the plan each database chose.
// Called by bench/run.ts (BENCH_GROWTH_MAX caps the largest table: 100000 by default, 5000000
// for the full run, which takes several minutes on PostgreSQL).
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { dataMigrations, type DataTables } from '@runnerly/data';
import { findRun, lastRuns, runsBetween } from '../services/data/src/store.ts';
import { totalsOf } from '../services/data/src/domain/runs.ts';
import { onScratchDatabases, planOf, timed, type Dialect } from './scratch-db.ts';

const RUNS_PER_USER = 500;
const DAY = 86_400;
const START = Date.UTC(2024, 0, 1) / 1000;

const userOf = (u: number) => `${u.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

/** Rows [from, to) generated inside the database, so loading millions takes seconds, not minutes. */
async function load(db: Kysely<DataTables>, dialect: Dialect, from: number, to: number) {
  const step = 200_000;
  for (let a = from; a < to; a += step) {
    const b = Math.min(to, a + step);
    const cols = `id, user_id, source, source_id, name, sport_type, start_time, timezone, distance_m, moving_time_s,
      elapsed_time_s, elevation_gain_m, average_heartrate, max_heartrate, average_cadence, summary_polyline, trainer,
      sport_inferred, has_streams, created_at, updated_at`;
    if (dialect === 'sqlite') {
      await sql
        .raw(
          `WITH RECURSIVE seq(n) AS (SELECT ${a} UNION ALL SELECT n + 1 FROM seq WHERE n < ${b - 1})
           INSERT INTO runs (${cols})
           SELECT printf('%08x-0000-4000-8000-%012x', n / ${RUNS_PER_USER}, n),
                  printf('%08x-0000-4000-8000-000000000000', n / ${RUNS_PER_USER}),
                  'file', 'g' || n, 'Run ' || n, 'Run',
                  strftime('%Y-%m-%dT%H:%M:%S.000Z', ${START} + (n % ${RUNS_PER_USER}) * ${DAY} + 25200, 'unixepoch'),
                  'Europe/Paris', 8000 + n % 5000, 2400, 2500, 40, 148, 170, 172, 'u{~vFvyys@fS]', 0, 0, 0,
                  '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
           FROM seq`,
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `INSERT INTO runs (${cols})
           SELECT format('%s-0000-4000-8000-%s', lpad(to_hex(n / ${RUNS_PER_USER}), 8, '0'), lpad(to_hex(n), 12, '0')),
                  format('%s-0000-4000-8000-000000000000', lpad(to_hex(n / ${RUNS_PER_USER}), 8, '0')),
                  'file', 'g' || n, 'Run ' || n, 'Run',
                  to_char(to_timestamp(${START} + (n % ${RUNS_PER_USER}) * ${DAY} + 25200) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                  'Europe/Paris', 8000 + n % 5000, 2400, 2500, 40, 148, 170, 172, 'u{~vFvyys@fS]', 0, 0, 0,
                  '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
           FROM generate_series(${a}, ${b - 1}) AS n`,
        )
        .execute(db);
    }
  }
}

const queries = {
  'last 10': (db: Kysely<DataTables>, user: string) => lastRuns(db, user, 10),
  'a month': (db: Kysely<DataTables>, user: string) =>
    runsBetween(db, user, '2024-06-01T00:00:00.000Z', '2024-07-01T00:00:00.000Z'),
  "a year's totals": async (db: Kysely<DataTables>, user: string) =>
    totalsOf(await runsBetween(db, user, '2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')),
  'one run': (db: Kysely<DataTables>, _user: string, run: string) => findRun(db, run),
};

async function explain(db: Kysely<DataTables>, dialect: Dialect): Promise<string[]> {
  const user = userOf(0);
  const statements = {
    'last 10': `SELECT * FROM runs WHERE user_id = '${user}' ORDER BY start_time DESC, id DESC LIMIT 10`,
    'a month': `SELECT * FROM runs WHERE user_id = '${user}' AND start_time >= '2024-06-01' AND start_time < '2024-07-01' ORDER BY start_time`,
    'one run': `SELECT * FROM runs WHERE id = '${user.slice(0, 24)}000000000000'`,
  };
  const lines: string[] = [];
  for (const [name, statement] of Object.entries(statements))
    lines.push(`${dialect} ${name}: ${await planOf(db, dialect, CompiledQuery.raw(statement))}`);
  return lines;
}

export async function growthBench(): Promise<string[]> {
  const max = Number(process.env.BENCH_GROWTH_MAX ?? 100_000);
  const sizes = [1_000, 100_000, 1_000_000, 5_000_000].filter((n) => n <= max);
  const calls = Number(process.env.BENCH_GROWTH_CALLS ?? 300);
  const lines: string[] = [];
  const plans: string[] = [];
  const notes = await onScratchDatabases<DataTables>('data', dataMigrations, async ({ db }, dialect) => {
    let loaded = 0;
    for (const size of sizes) {
      const t = performance.now();
      await load(db, dialect, loaded, size);
      if (dialect === 'postgres') await sql`ANALYZE runs`.execute(db);
      loaded = size;
      const users = size / RUNS_PER_USER;
      const figures: string[] = [];
      for (const [name, query] of Object.entries(queries)) {
        const r = await timed(calls, (i) => {
          const u = (i * 7919) % users;
          return query(
            db,
            userOf(u),
            `${userOf(u).slice(0, 24)}${(u * RUNS_PER_USER + (i % RUNS_PER_USER)).toString(16).padStart(12, '0')}`,
          );
        });
        figures.push(`${name} ${r.p50.toFixed(2)}/${r.p99.toFixed(2)} ms`);
      }
      lines.push(
        `${dialect.padEnd(8)} ${size.toLocaleString('en').padStart(9)} runs (loaded in ${((performance.now() - t) / 1000).toFixed(1)} s): ${figures.join(', ')}   (p50/p99)`,
      );
    }
    plans.push(...(await explain(db, dialect)));
  });
  return [...notes, ...lines, 'Plans at the largest size:', ...plans.map((p) => `  ${p}`)];
}
