// Which link a sync turn takes next, among thousands of linked runners, and which spare work an
// idle lane finds, among tens of thousands of imported runs, on the real store (SQLite, or
// PostgreSQL in the distributed suite): the order, what may not be taken, and the plans that keep
// each read's cost flat as runners and runs are added.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, sql } from 'kysely';
import { freshStore, type TestStore } from '@runnerly/storage/testing';
import { openServiceDatabase } from '@runnerly/service-kit';
import type { Database } from '@runnerly/storage';
import { migrations } from './migrations.ts';
import type { LinkRow, StravaTables } from './tables.ts';
import { candidates, workQueries } from './worker/engine.ts';
import { runJobs, runJobsQuery, shoeJobs } from './worker/streams.ts';

const NOW = Date.parse('2026-03-10T13:00:00Z');
const MIN = 60_000;
const RUNNERS = 3000;
const RUNS_EACH = 10;
const userOf = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

function link(n: number, changes: Partial<LinkRow> = {}): LinkRow {
  return {
    user_id: userOf(n),
    athlete_id: String(1_000_000 + n),
    athlete_json: '{}',
    scope: 'read,activity:read_all',
    access_token_enc: 'x',
    refresh_token_enc: 'x',
    expires_at: NOW / 1000 + 3600,
    state: 'idle',
    backfill_before: 1_600_000_000,
    backfill_done: 1,
    after_cursor: 1_700_000_000,
    // Not due: the next poll within the next hours.
    next_poll_at: NOW + (n % 300) * MIN + MIN,
    imported: 100,
    seen: 100,
    pages_done: 2,
    newest_start: null,
    athlete_created: null,
    last_sync_at: null,
    last_turn_at: NOW - 30 * MIN - n,
    error_code: null,
    error_message: null,
    failures: 0,
    retry_at: null,
    lease_owner: null,
    lease_until: null,
    shoes_next_at: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    app_client_id: null,
    budget_at: null,
    ...changes,
  };
}

let store: TestStore;
let database: Database<StravaTables>;
before(async () => {
  store = await freshStore('strava_turns');
  database = await openServiceDatabase<StravaTables>(
    'strava',
    { databaseUrl: store.databaseUrl, dataDir: store.dataDir },
    migrations,
  );
  const special: Record<number, Partial<LinkRow>> = {
    // Due polls, the longest overdue last in the numbering.
    10: { next_poll_at: NOW - 1 * MIN, last_turn_at: NOW - 90 * MIN },
    11: { next_poll_at: NOW - 5 * MIN, last_turn_at: NOW - 10 * MIN },
    12: { next_poll_at: NOW - 3 * MIN, last_turn_at: NOW - 50 * MIN },
    // Due, but not to be taken: claimed by another worker, backing off, needing a new grant.
    20: { next_poll_at: NOW - 60 * MIN, lease_owner: 'other', lease_until: NOW + 5000 },
    21: { next_poll_at: NOW - 60 * MIN, retry_at: NOW + 5000 },
    22: { next_poll_at: NOW - 60 * MIN, state: 'needs_reauth' },
    // Due, its application out of budget until later.
    23: { next_poll_at: NOW - 60 * MIN, budget_at: NOW + 10 * MIN, app_client_id: 'own' },
    // Backfills: one with no page yet, one under way.
    30: { backfill_done: 0, pages_done: 3, next_poll_at: null, last_turn_at: NOW - 20 * MIN },
    31: { backfill_done: 0, pages_done: 0, next_poll_at: null, last_turn_at: null },
    // A webhook event waits for this one, otherwise idle.
    40: {},
  };
  for (let from = 0; from < RUNNERS; from += 500)
    await database.db
      .insertInto('strava_links')
      .values(Array.from({ length: 500 }, (_, i) => link(from + i, special[from + i])))
      .execute();
  await database.db
    .insertInto('strava_events')
    .values(
      [
        { athlete: 40, processed: null },
        { athlete: 41, processed: '2026-03-10T12:00:00.000Z' },
      ].map((e, i) => ({
        dedupe_key: `e${i}`,
        athlete_id: String(1_000_000 + e.athlete),
        object_type: 'activity',
        object_id: String(i),
        aspect_type: 'create',
        updates: '{}',
        event_time: NOW / 1000,
        received_at: '2026-03-10T12:00:00.000Z',
        processed_at: e.processed,
        attempts: 0,
      })),
    )
    .execute();
  // Every runner's runs have their streams and details, but three runs of runner 50 (newest 502),
  // one of runner 60 (its own application: no spare budget) and one of runner 22 (needing a new grant).
  const wanting = new Set(['50-2', '50-5', '50-8', '60-9', '22-9']);
  for (let from = 0; from < RUNNERS; from += 100)
    await database.db
      .insertInto('strava_imports')
      .values(
        Array.from({ length: 100 * RUNS_EACH }, (_, k) => {
          const n = from + Math.floor(k / RUNS_EACH);
          const i = k % RUNS_EACH;
          const state = wanting.has(`${n}-${i}`) ? null : 'done';
          return {
            activity_id: `${n}-${i}`,
            user_id: userOf(n),
            run_id: `run-${n}-${i}`,
            start_epoch: 1_700_000_000 + n * 100 + i,
            streams_state: state,
            streams_attempts: 0,
            streams_until: null,
            summary_hash: null,
            details_state: state,
            details_attempts: 0,
            details_until: null,
          };
        }),
      )
      .execute();
  await database.db
    .updateTable('strava_links')
    .set({ app_client_id: 'own' })
    .where('user_id', '=', userOf(60))
    .execute();
  // Shoes: read tomorrow for everyone, but never read for 70 and overdue for 71 and 72 (72 the longest);
  // 73 never read, but its grant does not list shoes.
  const withShoes = 'read,activity:read_all,profile:read_all';
  await database.db
    .updateTable('strava_links')
    .set({ scope: withShoes, shoes_next_at: NOW + 86_400_000 })
    .execute();
  for (const [n, at, scope] of [
    [70, null, withShoes],
    [71, NOW - MIN, withShoes],
    [72, NOW - 60 * MIN, withShoes],
    [73, null, 'read,activity:read_all'],
  ] as const)
    await database.db
      .updateTable('strava_links')
      .set({ shoes_next_at: at, scope })
      .where('user_id', '=', userOf(n))
      .execute();
  if (database.dialect === 'postgres') await sql`ANALYZE`.execute(database.db);
});

/** The rows each plan node of `table` read (returned or let go), over the whole PostgreSQL plan. */
function rowsRead(node: any, table: string): number {
  const own =
    node['Relation Name'] === table
      ? node['Actual Rows'] * node['Actual Loops'] + (node['Rows Removed by Filter'] ?? 0)
      : 0;
  return own + (node.Plans ?? []).reduce((n: number, p: any) => n + rowsRead(p, table), 0);
}

/** The plan the database chose for a query, with what it read (PostgreSQL) or its steps (SQLite). */
async function planOf(query: { compile(): { sql: string; parameters: readonly unknown[] } }) {
  const { sql: text, parameters } = query.compile();
  if (database.dialect === 'postgres') {
    const { rows } = await database.db.executeQuery<{ 'QUERY PLAN': unknown }>(
      CompiledQuery.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, [...parameters]),
    );
    const plan = (rows[0]!['QUERY PLAN'] as any[])[0].Plan;
    return { text: JSON.stringify(plan), read: (table: string) => rowsRead(plan, table) };
  }
  const { rows } = await database.db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`EXPLAIN QUERY PLAN ${text}`, [...parameters]),
  );
  return { text: rows.map((r) => r.detail).join(' / '), read: undefined };
}
after(async () => {
  await database.close();
  await store.cleanup();
});

describe('the next link with work', () => {
  it('is a waiting webhook event, then a runner with no page yet, a backfill, then the longest overdue polls', async () => {
    const next = await candidates(database, NOW, NOW, 8);
    assert.deepEqual(
      next.map((l) => l.user_id),
      [40, 31, 30, 11, 12, 10].map(userOf),
    );
    const one = await candidates(database, NOW, NOW, 1);
    assert.deepEqual(
      one.map((l) => l.user_id),
      [userOf(40)],
    );
    // Links waiting for their application's budget count when asked for them too.
    const waiting = await candidates(database, NOW, NOW, 8, true);
    assert.ok(waiting.some((l) => l.user_id === userOf(23)));
    assert.ok(!next.some((l) => l.user_id === userOf(23)));
  });

  it("is found through an index for each kind of work, not by reading every runner's link", async () => {
    for (const [kind, query] of Object.entries(workQueries(database, NOW, NOW))) {
      const plan = await planOf(query);
      if (plan.read)
        assert.ok(plan.read('strava_links') < 50, `${kind}: ${plan.read('strava_links')} links read: ${plan.text}`);
      else assert.doesNotMatch(plan.text, /SCAN strava_links/, `${kind}: ${plan.text}`);
    }
  });
});

describe('spare work for an idle lane', () => {
  const deps = () => ({ db: database.db, settings: { streamsRecent: null, detailsRecent: null } });

  it("is the newest runs still wanting streams or details, of runners on the instance's application", async () => {
    for (const kind of ['streams', 'details'] as const) {
      const jobs = await runJobs(deps(), kind, NOW);
      assert.deepEqual(
        jobs.map((j) => j.activity_id),
        ['50-8', '50-5', '50-2'],
        kind,
      );
    }
    // A claim on a run (another lane is fetching it) keeps it out until it lapses.
    await database.db
      .updateTable('strava_imports')
      .set({ streams_until: NOW + 5000 })
      .where('activity_id', '=', '50-8')
      .execute();
    assert.deepEqual(
      (await runJobs(deps(), 'streams', NOW)).map((j) => j.activity_id),
      ['50-5', '50-2'],
    );
    await database.db
      .updateTable('strava_imports')
      .set({ streams_until: null })
      .where('activity_id', '=', '50-8')
      .execute();
  });

  it('is shoes never read first, then the longest overdue, for grants that list them', async () => {
    assert.deepEqual(await shoeJobs(database, NOW), [70, 72, 71].map(userOf));
    assert.deepEqual(await shoeJobs(database, NOW, 2), [70, 72].map(userOf));
  });

  it('reads only the runs that still want work, not every imported run', async () => {
    for (const kind of ['streams', 'details'] as const) {
      const plan = await planOf(runJobsQuery(deps(), kind, NOW)!);
      if (plan.read) {
        assert.ok(plan.read('strava_imports') < 20, `${kind}: ${plan.read('strava_imports')} runs read: ${plan.text}`);
        assert.ok(plan.read('strava_links') < 20, `${kind}: ${plan.read('strava_links')} links read: ${plan.text}`);
      } else {
        assert.match(plan.text, new RegExp(`SEARCH i USING INDEX strava_imports_${kind}_wanted`), plan.text);
        assert.doesNotMatch(plan.text, /SCAN|TEMP B-TREE/, plan.text);
      }
    }
  });
});
