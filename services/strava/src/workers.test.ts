import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { isDistributed } from '@runnerly/storage/testing';
import { control } from '@runnerly/strava-sim/testing';
import {
  expectedRunIds,
  importedIds,
  linkThroughBrowser,
  recordingProxy,
  startStravaTestSystem,
  type StravaTestSystem,
} from './testing.ts';
import { waitFor } from '@runnerly/testing';

const LIMIT15 = 10; // 90% → 9 calls a window; 4 runners × (3 pages + the empty one + a poll) take 3 windows
const skip = isDistributed() ? false : 'needs PostgreSQL and RabbitMQ shared by two processes (distributed suite only)';

describe('two worker processes on one PostgreSQL database and RabbitMQ', { skip }, () => {
  let t: StravaTestSystem;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let athletes: number[];
  before(async () => {
    if (skip) return;
    t = await startStravaTestSystem('strava_two', { athletes: 4, activitiesPerAthlete: 500 });
    proxy = await recordingProxy(t.sim.url);
    athletes = await t.athletes();
  });
  after(async () => {
    if (skip) return;
    await proxy.close();
    await t.close();
  });

  it('never import the same page twice and together stay under 90% of each window, with no 429', async () => {
    await control(t.sim.url, 'PUT', '/rate-limits', { read15: LIMIT15, resetUsage: true });
    await control(t.sim.url, 'DELETE', '/calls');
    await control(t.sim.url, 'POST', '/faults', {
      kind: 'latency',
      latencyMs: 100,
      path: '/api/v3/athlete/activities',
    });
    const env = {
      STRAVA_API_URL: `${proxy.url}/api/v3`,
      STRAVA_OAUTH_URL: `${t.sim.url}/oauth`,
      STRAVA_STREAMS_RECENT: '0',
      STRAVA_SYNC_LANES: '4',
    };
    const workers = await Promise.all([t.spawnStrava(env), t.spawnStrava(env)]);
    const users = athletes.map(() => randomUUID());
    await Promise.all(
      athletes.map(async (a, i) => {
        const w = workers[i % 2]!;
        const back = await linkThroughBrowser(w.url, await t.userToken(users[i]!), users[i]!, a);
        assert.equal(back.searchParams.get('strava'), 'linked');
      }),
    );
    await waitFor(
      'every backfill',
      async () => {
        const rows = await t.db.selectFrom('strava_links').select(['backfill_done', 'state']).execute();
        return rows.length === users.length && rows.every((r) => r.backfill_done === 1 && r.state === 'idle');
      },
      60_000,
    );
    await control(t.sim.url, 'DELETE', '/faults');

    // No page twice: one successful list call per athlete and cursor.
    const lists = proxy.calls.filter((c) => c.path.endsWith('/athlete/activities'));
    assert.ok(lists.every((c) => c.athleteId !== null));
    const keys = lists
      .filter((c) => c.status === 200)
      .map(
        (c) =>
          `${c.athleteId} before=${c.query.get('before')} after=${c.query.get('after')} page=${c.query.get('page')}`,
      );
    const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
    assert.deepEqual(twice, [], 'a page imported twice');
    for (const a of athletes)
      assert.ok(keys.filter((k) => k.startsWith(`${a} before=`)).length >= 4, `athlete ${a}: pages`);

    // Under the limit: no 429, at most 90% of each window (the simulator's log and the usage Strava reported).
    const calls = await control<{ api: number; rateLimited: number; recent: Array<{ at: string; route: string }> }>(
      t.sim.url,
      'GET',
      '/calls',
    );
    assert.equal(calls.rateLimited, 0, 'no 429');
    assert.ok(calls.api < 500, 'the log kept every call');
    const perWindow = new Map<number, number>();
    for (const c of calls.recent.filter((x) => x.route.startsWith('/api/'))) {
      const w = Math.floor(Date.parse(c.at) / 900_000);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    assert.ok(perWindow.size >= 3, `several windows (${perWindow.size})`);
    assert.ok(
      [...perWindow.values()].every((n) => n <= Math.floor(LIMIT15 * 0.9)),
      `calls per window ${JSON.stringify([...perWindow.values()])}`,
    );
    assert.ok(proxy.calls.every((c) => c.usage15 === null || c.usage15 <= Math.floor(LIMIT15 * 0.9)));
    assert.equal(calls.api, proxy.calls.length, 'every API call went through the recording proxy');

    // What Strava shows now: the workers moved the simulator's clock through several windows,
    // so activities uploaded meanwhile are part of it (and must have been picked up too).
    await control(t.sim.url, 'PUT', '/rate-limits', { read15: 100_000 });
    const expected = new Map<number, string[]>();
    for (const a of athletes) expected.set(a, await expectedRunIds(t.sim.url, a));
    const token = await t.serviceToken();
    for (const [i, a] of athletes.entries()) {
      const ids = await importedIds(t.system.urls.data!, token, users[i]!);
      assert.equal(ids.length, new Set(ids).size, 'no duplicates');
      assert.deepEqual([...ids].sort(), [...expected.get(a)!].sort(), 'none missing');
    }
    for (const w of workers) w.child.kill('SIGTERM');
  });
});
