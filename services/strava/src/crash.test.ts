import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { control } from '@runnerly/strava-sim/testing';
import { RUN_SPORT_TYPES } from '@runnerly/strava-client';
import {
  expectedRunIds,
  importedIds,
  linkThroughBrowser,
  startStravaTestSystem,
  type StravaTestSystem,
} from './testing.ts';
import { waitFor } from '@runnerly/testing';

const LIMIT15 = 4; // 90% → 3 calls a window: 2,000 activities (10 pages + the empty one + a poll) take 4 windows

describe('the import worker killed mid-backfill', () => {
  let t: StravaTestSystem;
  let athlete: number;
  before(async () => {
    t = await startStravaTestSystem('strava_crash', { athletes: 1, activitiesPerAthlete: 2000 });
    [athlete] = (await t.athletes()) as [number];
  });
  after(async () => {
    await t.close();
  });

  it('SIGKILL after some pages → a new process finishes the backfill, no duplicates, none missing', async () => {
    const row = (user: string) =>
      t.db.selectFrom('strava_links').selectAll().where('user_id', '=', user).executeTakeFirstOrThrow();
    const expected = await expectedRunIds(t.sim.url, athlete);
    // The simulator's own list of the athlete's activities, filtered to runs, agrees with the API.
    const all = await control<number[]>(t.sim.url, 'GET', `/athletes/${athlete}/activity-ids`);
    const detail = await control<{ activities: { bySport: Record<string, number> } }>(
      t.sim.url,
      'GET',
      `/athletes/${athlete}`,
    );
    const runCount = Object.entries(detail.activities.bySport)
      .filter(([s]) => (RUN_SPORT_TYPES as readonly string[]).includes(s))
      .reduce((n, [, c]) => n + c, 0);
    assert.equal(expected.length, runCount);
    assert.ok(expected.every((id) => all.includes(Number(id))));
    assert.ok(all.length > 1800, 'a big history');

    await control(t.sim.url, 'PUT', '/rate-limits', { read15: LIMIT15, resetUsage: true });
    // Slow pages, so the kill lands while a page is in flight or being stored.
    await control(t.sim.url, 'POST', '/faults', {
      kind: 'latency',
      latencyMs: 300,
      path: '/api/v3/athlete/activities',
    });
    const env = { STRAVA_SYNC_LEASE_SECONDS: '1.5', STRAVA_STREAMS_RECENT: '0' };
    const first = await t.spawnStrava(env);
    const user = randomUUID();
    const back = await linkThroughBrowser(first.url, await t.userToken(user), user, athlete);
    assert.equal(back.searchParams.get('strava'), 'linked');
    await waitFor('some pages', async () => (await row(user)).pages_done >= 4, 30_000);
    await new Promise((r) => setTimeout(r, 150));
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const atKill = await row(user);
    assert.equal(atKill.backfill_done, 0, 'killed mid-backfill');
    assert.ok(atKill.pages_done >= 4 && atKill.pages_done < 10);

    const second = await t.spawnStrava(env);
    const done = await waitFor(
      'backfill after restart',
      async () => {
        const r = await row(user);
        return r.backfill_done === 1 && r.state === 'idle' && r;
      },
      45_000,
    );
    assert.ok(done.pages_done >= 10);
    const ids = await importedIds(t.system.urls.data!, await t.serviceToken(), user);
    assert.equal(ids.length, new Set(ids).size, 'no duplicates');
    assert.deepEqual([...ids].sort(), [...expected].sort(), 'none missing');
    assert.equal(done.imported, expected.length, 'each run counted once');
    const calls = await control<{ rateLimited: number; recent: Array<{ at: string; route: string }> }>(
      t.sim.url,
      'GET',
      '/calls',
    );
    assert.equal(calls.rateLimited, 0, 'no 429');
    const perWindow = new Map<number, number>();
    for (const c of calls.recent.filter((x) => x.route.startsWith('/api/'))) {
      const w = Math.floor(Date.parse(c.at) / 900_000);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    assert.ok(perWindow.size >= 4, `several windows (${perWindow.size})`);
    // The killed process's permits are lost, never exceeded: at most 90% (3) of each window.
    assert.ok(
      [...perWindow.values()].every((n) => n <= Math.floor(LIMIT15 * 0.9)),
      JSON.stringify([...perWindow.values()]),
    );
    second.child.kill('SIGTERM');
    await control(t.sim.url, 'DELETE', '/faults');
  });
});
