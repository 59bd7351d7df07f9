// Which link a sync turn takes next, among thousands of linked runners, on the real store
// (SQLite, or PostgreSQL in the distributed suite): the order of the kinds of work, the links
// that may not be taken, and the plans that keep a turn's cost flat as runners are added.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, sql } from 'kysely';
import { freshStore, type TestStore } from '@runnerly/storage/testing';
import { openServiceDatabase } from '@runnerly/service-kit';
import type { Database } from '@runnerly/storage';
import { migrations } from './migrations.ts';
import type { LinkRow, StravaTables } from './tables.ts';
import { candidates, workQueries } from './worker/engine.ts';

const NOW = Date.parse('2026-03-10T13:00:00Z');
const MIN = 60_000;
const RUNNERS = 3000;
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
  if (database.dialect === 'postgres') await sql`ANALYZE`.execute(database.db);
});
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
      const { sql: text, parameters } = query.compile();
      if (database.dialect === 'postgres') {
        const { rows } = await database.db.executeQuery<{ 'QUERY PLAN': unknown }>(
          CompiledQuery.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, [...parameters]),
        );
        // The links each scan node read: those it returned and those it let go.
        const read = (node: any): number =>
          (node['Relation Name'] === 'strava_links'
            ? node['Actual Rows'] * node['Actual Loops'] + (node['Rows Removed by Filter'] ?? 0)
            : 0) + (node.Plans ?? []).reduce((n: number, p: any) => n + read(p), 0);
        const plan = (rows[0]!['QUERY PLAN'] as any[])[0].Plan;
        assert.ok(read(plan) < 50, `${kind}: ${read(plan)} links read of ${RUNNERS}: ${JSON.stringify(plan)}`);
      } else {
        const { rows } = await database.db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`EXPLAIN QUERY PLAN ${text}`, [...parameters]),
        );
        const plan = rows.map((r) => r.detail).join(' / ');
        assert.doesNotMatch(plan, /SCAN strava_links/, `${kind}: ${plan}`);
      }
    }
  });
});
