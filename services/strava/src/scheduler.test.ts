// The app-wide rate-limit scheduler on its real store (SQLite, or PostgreSQL in the distributed
// suite), driven with Strava's own headers across the quarter-hour boundary.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freshStore, type TestStore } from '@runnerly/storage/testing';
import { openServiceDatabase } from '@runnerly/service-kit';
import { parseBudget } from '@runnerly/strava-client';
import type { Database } from '@runnerly/storage';
import { migrations } from './migrations.ts';
import type { StravaTables } from './tables.ts';
import { DAY_MS, QUARTER_MS, RateScheduler } from './worker/scheduler.ts';

const W = Date.parse('2026-03-10T13:00:00Z');
const budget = (usage15: number, usageDay: number) =>
  parseBudget({
    'x-ratelimit-limit': '200,2000',
    'x-ratelimit-usage': `${usage15},${usageDay}`,
    'x-readratelimit-limit': '100,1000',
    'x-readratelimit-usage': `${usage15},${usageDay}`,
  })!;

describe('rate-limit accounting', () => {
  let store: TestStore;
  let database: Database<StravaTables>;
  let scheduler: RateScheduler;
  before(async () => {
    store = await freshStore('strava_sched');
    database = await openServiceDatabase<StravaTables>(
      'strava',
      { databaseUrl: store.databaseUrl, dataDir: store.dataDir },
      migrations,
    );
    scheduler = new RateScheduler({ db: database.db, dialect: database.dialect, share: 0.9 });
  });
  after(async () => {
    await database.close();
    await store.cleanup();
  });
  const reset = () =>
    database.db
      .updateTable('strava_rate_window')
      .set({
        window_start: 0,
        day_start: 0,
        used15: 0,
        used_day: 0,
        own15: 0,
        in_flight: 0,
        carried: 0,
        blocked_until: 0,
      })
      .execute();
  const permits = async (now: number) => {
    let n = 0;
    while ((await scheduler.tryAcquire(now)).ok) n++;
    return n;
  };

  it('a response Strava counted in the old window does not freeze the new one', async () => {
    await reset();
    // 80 calls in the window ending at W + 15 min; the last one answered just after the boundary
    // (or our clock is ahead of Strava's): its headers still say 80 of the old window.
    const end = W + QUARTER_MS - 1000;
    for (let i = 0; i < 80; i++) assert.ok((await scheduler.tryAcquire(end)).ok);
    for (let i = 0; i < 79; i++) await scheduler.observe(budget(i + 1, i + 1), end, false);
    await scheduler.observe(budget(80, 80), W + QUARTER_MS + 2000, false);
    // The next answer, from Strava's new window, says 1: the new window is open again.
    assert.ok((await scheduler.tryAcquire(W + QUARTER_MS + 3000)).ok);
    await scheduler.observe(budget(1, 81), W + QUARTER_MS + 4000, false);
    const n = await permits(W + QUARTER_MS + 5000);
    assert.equal(n, 88, 'the new window keeps 90 % of its calls minus the one carried over and the one made');
  });

  it("answers of calls carried from an earlier window do not count as this window's, which are carried in turn", async () => {
    await reset();
    const end = W + QUARTER_MS - 1000;
    const next = W + QUARTER_MS + 1000;
    // Five calls still in flight when the window ends; three more in the new one.
    for (let i = 0; i < 5; i++) assert.ok((await scheduler.tryAcquire(end)).ok);
    for (let i = 0; i < 3; i++) assert.ok((await scheduler.tryAcquire(next)).ok);
    // The five carried ones are answered; the three of this window are still out.
    for (let i = 0; i < 5; i++) await scheduler.observe(budget(5 + i, 5 + i), next + 1000, false);
    const row = await scheduler.snapshot();
    assert.equal(row.in_flight, 3, "this window's calls still in flight");
    assert.equal(row.carried, 0);
    // The next window begins with those three: they may land in it.
    assert.equal(await permits(W + 2 * QUARTER_MS + 1000), 90 - 3);
  });

  it('calls that failed without headers are not charged to the next window', async () => {
    await reset();
    const end = W + QUARTER_MS - 1000;
    for (let i = 0; i < 10; i++) {
      assert.ok((await scheduler.tryAcquire(end)).ok);
      await scheduler.settle();
    }
    assert.equal(await permits(W + QUARTER_MS + 1000), 90);
  });

  it('the ETA waits for midnight UTC when the daily cap binds', async () => {
    await reset();
    const now = W + 60_000;
    for (let i = 0; i < 10; i++) assert.ok((await scheduler.tryAcquire(now)).ok);
    await scheduler.observe(budget(10, 880), now, false);
    // 880 of 900 (90 % of 1,000) used today: 20 more now, the other 80 after midnight.
    const eta = await scheduler.etaSeconds(100, now);
    const midnight = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
    assert.ok(eta >= (midnight - now) / 1000, `eta ${eta} s is before midnight`);
    assert.ok(eta <= (midnight - now) / 1000 + 60, `eta ${eta} s`);
    assert.equal(await scheduler.etaSeconds(20, now), 10);
  });
});
