// Costs that must stay flat as the system's own tables grow: the Strava scheduler's turn (the
// query that picks the next link with work, run before every Strava call) with 1 K to 100 K
// linked runners, and the outbox relay's pass (100 events published and marked) behind 1 K to
// 1 M events already published, in SQLite and in PostgreSQL; plus the plan each database chose.
// Called by bench/run.ts (BENCH_BACKLOG_MAX caps the largest table: 100000 by default, 1000000
// for the full run).
import { sql, type Kysely } from 'kysely';
import {
  InProcessBus,
  OutboxRelay,
  outboxHeadersMigration,
  outboxMigration,
  outboxPendingMigration,
  type OutboxTables,
} from '@runnerly/bus';
import { stravaMigrations } from '@runnerly/strava';
import type { StravaTables } from '../services/strava/src/tables.ts';
import { candidates, workQueries } from '../services/strava/src/worker/engine.ts';
import { runJobs, runJobsQuery, shoeJobs } from '../services/strava/src/worker/streams.ts';
import { onScratchDatabases, planOf, timed, type Dialect } from './scratch-db.ts';

/** Inserts rows [from, to) made by the database itself: `statement` is an INSERT … SELECT reading `n`, the row's number. */
function insertRows(db: Kysely<any>, dialect: Dialect, from: number, to: number, statement: string) {
  const rows =
    dialect === 'sqlite'
      ? `${statement} FROM (WITH RECURSIVE seq(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM seq WHERE n < ${to - 1}) SELECT n FROM seq)`
      : `${statement} FROM generate_series(${from}, ${to - 1}) AS n`;
  return sql.raw(rows).execute(db);
}

const hex = (dialect: Dialect, expr: string, width: number) =>
  dialect === 'sqlite' ? `printf('%0${width}x', ${expr})` : `lpad(to_hex(${expr}), ${width}, '0')`;

/**
 * Linked runners as a running instance has them: backfill done, the next poll within the hour,
 * 1 in 100 due now; each with 5 webhook events already processed, and 1 in 500 with one waiting.
 */
async function loadLinks(db: Kysely<StravaTables>, dialect: Dialect, from: number, to: number, now: number) {
  const user = `${hex(dialect, 'n', 8)} || '-0000-4000-8000-000000000000'`;
  await insertRows(
    db,
    dialect,
    from,
    to,
    `INSERT INTO strava_links (user_id, athlete_id, athlete_json, scope, access_token_enc, refresh_token_enc,
           expires_at, state, backfill_before, backfill_done, after_cursor, next_poll_at, imported, seen, pages_done,
           last_turn_at, failures, created_at, updated_at)
         SELECT ${user}, '' || (1000000 + n), '{}', 'read,activity:read_all', 'x', 'x', ${Math.floor(now / 1000) + 3600},
           'idle', 1600000000, 1, 1700000000,
           CASE WHEN n % 100 = 0 THEN ${now} - 1000 ELSE ${now} + 1000 + (n % 3600) * 1000 END,
           120, 120, 2, ${now} - 60000 - n, 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'`,
  );
  await insertRows(
    db,
    dialect,
    from * 5,
    to * 5,
    `INSERT INTO strava_events (dedupe_key, athlete_id, object_type, object_id, aspect_type, updates, event_time,
           received_at, processed_at, attempts)
         SELECT 'e' || n, '' || (1000000 + n / 5), 'activity', '' || n, 'create', '{}', 1700000000,
           '2026-01-01T00:00:00.000Z',
           CASE WHEN n % 2500 = 0 THEN NULL ELSE '2026-01-01T00:00:01.000Z' END, 0`,
  );
}

/**
 * Each linked runner's imported activities (IMPORTS_PER_LINK), their streams and details fetched
 * but 1 in 1000; the shoes read again tomorrow but 1 in 100 due.
 */
async function loadImports(db: Kysely<StravaTables>, dialect: Dialect, from: number, to: number, now: number) {
  const user = `${hex(dialect, `n / ${IMPORTS_PER_LINK}`, 8)} || '-0000-4000-8000-000000000000'`;
  const state = `CASE WHEN n % 1000 = 0 THEN NULL ELSE 'done' END`;
  await insertRows(
    db,
    dialect,
    from * IMPORTS_PER_LINK,
    to * IMPORTS_PER_LINK,
    `INSERT INTO strava_imports (activity_id, user_id, run_id, start_epoch, streams_state, streams_attempts,
           details_state, details_attempts)
         SELECT '' || n, ${user}, 'r' || n, 1600000000 + n, ${state}, 0, ${state}, 0`,
  );
  await sql
    .raw(
      `UPDATE strava_links SET scope = 'read,activity:read_all,profile:read_all',
         shoes_next_at = CASE WHEN CAST(athlete_id AS BIGINT) % 100 = 0 THEN ${now} - 1000 ELSE ${now} + 86400000 END`,
    )
    .execute(db);
}

/** Events [from, to): published a while ago (kept a week for inspection), or still waiting. */
async function loadOutbox(db: Kysely<OutboxTables>, dialect: Dialect, from: number, to: number, published: boolean) {
  await insertRows(
    db,
    dialect,
    from,
    to,
    `INSERT INTO outbox (topic, payload, created_at, published_at)
     SELECT 'runs.changed', '{"user_id":"00000000-0000-4000-8000-000000000000","version":' || n || '}',
       '2026-01-01T00:00:00.000Z', ${published ? "'2026-01-01T00:00:01.000Z'" : 'NULL'}`,
  );
}

const IMPORTS_PER_LINK = 20;

const fmt = (r: { p50: number; p99: number }) => `${r.p50.toFixed(2)}/${r.p99.toFixed(2)} ms`;

export async function backlogBench(): Promise<string[]> {
  const max = Number(process.env.BENCH_BACKLOG_MAX ?? 100_000);
  const calls = Number(process.env.BENCH_BACKLOG_CALLS ?? 200);
  const lines: string[] = [];
  const plans: string[] = [];
  const now = Date.UTC(2026, 5, 1);

  const linkSizes = [1_000, 10_000, 100_000].filter((n) => n <= max);
  lines.push(
    ...(await onScratchDatabases<StravaTables>('strava', stravaMigrations, async ({ db }, dialect) => {
      const deps = { db, settings: { streamsRecent: null, detailsRecent: null } };
      let loaded = 0;
      for (const size of linkSizes) {
        await loadLinks(db, dialect, loaded, size, now);
        await loadImports(db, dialect, loaded, size, now);
        if (dialect === 'postgres') await sql`ANALYZE`.execute(db);
        loaded = size;
        const r = await timed(calls, () => candidates(deps, now, now));
        lines.push(
          `${dialect.padEnd(8)} Strava scheduler, next links with work among ${size.toLocaleString('en').padStart(7)} linked runners: ${fmt(r)} (p50/p99)`,
        );
        // What an idle lane reads next: shoes due, then runs wanting streams or details, from spare budget.
        const idle = await timed(calls, async () => {
          await shoeJobs(deps, now);
          await runJobs(deps, 'streams', now);
          await runJobs(deps, 'details', now);
        });
        lines.push(
          `${dialect.padEnd(8)} Strava spare work (shoes, streams, details due) among ${(size * IMPORTS_PER_LINK).toLocaleString('en').padStart(9)} imported runs: ${fmt(idle)} (p50/p99)`,
        );
      }
      for (const kind of ['streams', 'details'] as const)
        plans.push(
          `${dialect} spare work, runs wanting ${kind}: ${await planOf(db, dialect, runJobsQuery(deps, kind, now)!.compile())}`,
        );
      for (const [kind, query] of Object.entries(workQueries(deps, now, now)))
        plans.push(`${dialect} scheduler turn, ${kind}: ${await planOf(db, dialect, query.compile())}`);
    })),
  );

  const outboxSizes = [1_000, 100_000, 1_000_000].filter((n) => n <= max);
  lines.push(
    ...(await onScratchDatabases<OutboxTables>(
      'outbox',
      {
        '0001_outbox': outboxMigration,
        '0002_outbox_headers': outboxHeadersMigration,
        '0003_outbox_pending': outboxPendingMigration,
      },
      async ({ db, dialect }) => {
        const bus = new InProcessBus();
        const relay = new OutboxRelay({ db, dialect, bus, service: 'bench', batchSize: 100 });
        let loaded = 0;
        for (const size of outboxSizes) {
          await loadOutbox(db, dialect, loaded, size, true);
          loaded = size;
          // Enough waiting for every pass: each publishes and marks 100.
          await loadOutbox(db, dialect, 0, (calls + 20) * 100, false);
          if (dialect === 'postgres') await sql`ANALYZE outbox`.execute(db);
          const r = await timed(calls, () => relay.relayOnce());
          lines.push(
            `${dialect.padEnd(8)} outbox relay, a pass of 100 events behind ${size.toLocaleString('en').padStart(9)} published: ${fmt(r)} (p50/p99)`,
          );
        }
        plans.push(`${dialect} outbox pass: ${await planOf(db, dialect, relay.passQuery(db).compile())}`);
        await bus.close();
      },
    )),
  );
  return [...lines, 'Plans at the largest size:', ...plans.map((p) => `  ${p}`)];
}
