import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { control } from '@runnerly/strava-sim/testing';
import type { RunningService } from '@runnerly/service-kit';
import { StravaClient, type StreamSet } from '@runnerly/strava-client';
import { TEST_CLIENT } from '@runnerly/strava-sim/testing';
import { toRunStreams } from './worker/streams.ts';
import { linkThroughBrowser, startStravaTestSystem, type StravaTestSystem } from './testing.ts';
import { waitFor } from '@runnerly/testing';

const LIMIT15 = 10; // 90% → 9 calls a window
const RECENT = 8;
type Calls = { rateLimited: number; recent: Array<{ at: string; route: string; athleteId: number | null }> };

describe('streams of recent runs, from spare budget only', () => {
  let t: StravaTestSystem;
  let svc: RunningService;
  let athletes: number[];
  before(async () => {
    t = await startStravaTestSystem('strava_streams', { athletes: 2, activitiesPerAthlete: 300 });
    athletes = await t.athletes();
  });
  after(async () => {
    await t.close();
  });

  it('maps Strava streams: every series as long as time, cadence doubled, bad series dropped', () => {
    const set: StreamSet = {
      time: { data: [0, 1, 2] },
      distance: { data: [0, 3, 6] },
      latlng: {
        data: [
          [1, 2],
          [1, 2.1],
          [1, 2.2],
        ],
      },
      altitude: { data: [10, 11] },
      heartrate: { data: [140, 141, 142] },
      cadence: { data: [84, 85, 0] },
    };
    assert.deepEqual(toRunStreams(set), {
      time: [0, 1, 2],
      distance: [0, 3, 6],
      latlng: [
        [1, 2],
        [1, 2.1],
        [1, 2.2],
      ],
      heartrate: [140, 141, 142],
      cadence: [168, 170, 0],
    });
    assert.equal(toRunStreams({ heartrate: { data: [1] } }), null);
  });

  it("a new runner's first page comes before any streams call; streams go to the newest runs within 90% of each window", async () => {
    const imports = (user: string) =>
      t.db
        .selectFrom('strava_imports')
        .selectAll()
        .where('user_id', '=', user)
        .orderBy('start_epoch', 'desc')
        .execute();
    const done = async (user: string) => (await imports(user)).filter((r) => r.streams_state !== null).length;
    await control(t.sim.url, 'PUT', '/rate-limits', { read15: LIMIT15, resetUsage: true });
    await control(t.sim.url, 'DELETE', '/calls');
    svc = await t.startStrava({ STRAVA_STREAMS_RECENT: String(RECENT), STRAVA_DETAILS_RECENT: '0' });
    const [a, b] = [randomUUID(), randomUUID()];
    await linkThroughBrowser(svc.url, await t.userToken(a), a, athletes[0]!, { scope: 'read,activity:read_all' });
    // A's backfill (2 pages, the empty one, a poll) leaves 5 of the window's 9 calls spare: 5 streams, then nothing.
    await waitFor("A's spare streams", async () => (await done(a)) >= 5, 30_000);
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(await done(a), 5, "streams stop at the window's 90%");
    const firstCalls = await control<Calls>(t.sim.url, 'GET', '/calls');
    await control(t.sim.url, 'DELETE', '/calls');

    await linkThroughBrowser(svc.url, await t.userToken(b), b, athletes[1]!, { scope: 'read,activity:read_all' });
    await waitFor(
      "B's backfill",
      async () =>
        (
          await t.db
            .selectFrom('strava_links')
            .select('backfill_done')
            .where('user_id', '=', b)
            .executeTakeFirstOrThrow()
        ).backfill_done === 1,
      30_000,
    );
    const afterB = await control<Calls>(t.sim.url, 'GET', '/calls');
    const firstPage = afterB.recent.findIndex(
      (c) => c.route === '/api/v3/athlete/activities' && c.athleteId === athletes[1],
    );
    const firstStreams = afterB.recent.findIndex((c) => c.route.endsWith('/streams'));
    assert.ok(firstPage >= 0);
    assert.ok(
      firstStreams === -1 || firstPage < firstStreams,
      `B's first page (#${firstPage}) before any streams call (#${firstStreams})`,
    );

    // The rest comes with later windows' spare budget.
    await waitFor(
      "every recent run's streams",
      async () => {
        if ((await done(a)) === RECENT && (await done(b)) === RECENT) return true;
        await control(t.sim.url, 'POST', '/clock/advance', { toNextWindow: true });
        await new Promise((r) => setTimeout(r, 300));
        return false;
      },
      45_000,
    );
    const rest = await control<Calls>(t.sim.url, 'GET', '/calls');
    assert.equal(firstCalls.rateLimited + rest.rateLimited, 0, 'no 429');
    const perWindow = new Map<number, number>();
    for (const c of [...firstCalls.recent, ...rest.recent].filter((x) => x.route.startsWith('/api/'))) {
      const w = Math.floor(Date.parse(c.at) / 900_000);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    assert.ok(
      [...perWindow.values()].every((n) => n <= Math.floor(LIMIT15 * 0.9)),
      `calls per window ${JSON.stringify([...perWindow.values()])}`,
    );

    // Only the newest RECENT runs, and the series as the data service stores them.
    const rows = await imports(a);
    assert.ok(rows.slice(0, RECENT).every((r) => r.streams_state === 'done' || r.streams_state === 'none'));
    assert.ok(rows.slice(RECENT).every((r) => r.streams_state === null));
    const withStreams = rows.slice(0, RECENT).filter((r) => r.streams_state === 'done');
    assert.ok(withStreams.length > 0);
    const token = await t.serviceToken();
    // The comparison below calls Strava too: give it a fresh window, the worker's is spent.
    await control(t.sim.url, 'POST', '/clock/advance', { toNextWindow: true });
    const grant = await control<{ access_token: string }>(t.sim.url, 'POST', '/tokens', {
      athlete_id: athletes[0],
      scope: 'read,activity:read_all',
    });
    const client = new StravaClient({ ...TEST_CLIENT, oauthUrl: `${t.sim.url}/oauth`, apiUrl: `${t.sim.url}/api/v3` });
    for (const r of withStreams.slice(0, 2)) {
      const res = await fetch(`${t.system.urls.data}/runs/${r.run_id}/streams`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(res.status, 200);
      const s = (await res.json()) as Record<string, unknown[]>;
      for (const k of Object.keys(s)) assert.equal(s[k]!.length, s.time!.length, `${k} as long as time`);
      const strava = (await client.streams(grant.access_token, r.activity_id)).data;
      assert.deepEqual(s.time, strava.time!.data);
      if (strava.cadence)
        assert.deepEqual(
          s.cadence,
          strava.cadence.data.map((c) => (typeof c === 'number' ? c * 2 : null)),
        );
    }
  });
});
