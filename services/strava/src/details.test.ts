import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Gear, Run, StravaStatus } from '@runnerly/contracts';
import type { RunningService } from '@runnerly/service-kit';
import { StravaClient } from '@runnerly/strava-client';
import { control, TEST_CLIENT } from '@runnerly/strava-sim/testing';
import { waitFor } from '@runnerly/testing';
import { toRunDetails } from './worker/streams.ts';
import { linkThroughBrowser, startStravaTestSystem, type StravaTestSystem } from './testing.ts';

const RUNS = 40;

describe("the whole history's streams and details, and the athlete's shoes, from spare budget", () => {
  let t: StravaTestSystem;
  let svc: RunningService;
  /** The strava service the status is asked of. */
  let url: string;
  let athletes: number[];
  before(async () => {
    // The simulator's clock is frozen: its history (and whether today's run has happened) does not move with the time of day.
    t = await startStravaTestSystem('strava_details', { athletes: 2, activitiesPerAthlete: RUNS });
    athletes = await t.athletes();
    svc = await t.startStrava();
    url = svc.url;
  });
  after(async () => {
    await t.close();
  });

  const status = async (user: string) => {
    const res = await fetch(`${url}/users/${user}/status`, {
      headers: { authorization: `Bearer ${await t.userToken(user)}` },
    });
    assert.equal(res.status, 200);
    return (await res.json()) as StravaStatus;
  };
  const gear = async (user: string) => {
    const res = await fetch(`${t.system.urls.data}/users/${user}/gear`, {
      headers: { authorization: `Bearer ${await t.serviceToken()}` },
    });
    return ((await res.json()) as { gear: Gear[] }).gear;
  };
  const imports = (user: string) =>
    t.db.selectFrom('strava_imports').selectAll().where('user_id', '=', user).orderBy('start_epoch', 'desc').execute();
  /** Moves the simulator to the next window until `done` holds (spare budget comes with each window). */
  const untilDone = (what: string, done: () => Promise<boolean>) =>
    waitFor(
      what,
      async () => {
        if (await done()) return true;
        await control(t.sim.url, 'POST', '/clock/advance', { toNextWindow: true });
        await new Promise((r) => setTimeout(r, 300));
        return false;
      },
      // ~80 calls through every real part; the distributed mode on a busy machine needs the time.
      150_000,
    );

  it("every run gets its streams and its detailed activity, newest first; the status counts the charts; the shoes get Strava's name", async () => {
    const user = randomUUID();
    await linkThroughBrowser(svc.url, await t.userToken(user), user, athletes[0]!);
    await untilDone('every run settled', async () => {
      const rows = await imports(user);
      return rows.length > 0 && rows.every((r) => r.streams_state !== null && r.details_state !== null);
    });
    const rows = await imports(user);
    assert.ok(rows.length > 20, `more runs than the old cap of 20 (${rows.length})`);
    const s = await status(user);
    assert.deepEqual(s.charts, { done: rows.length, total: rows.length });
    assert.equal(s.imported, rows.length);

    // What the data service stores is what the detailed activity says.
    await control(t.sim.url, 'POST', '/clock/advance', { toNextWindow: true });
    const grant = await control<{ access_token: string }>(t.sim.url, 'POST', '/tokens', {
      athlete_id: athletes[0],
      scope: 'read,activity:read_all',
    });
    const client = new StravaClient({ ...TEST_CLIENT, oauthUrl: `${t.sim.url}/oauth`, apiUrl: `${t.sim.url}/api/v3` });
    const token = await t.serviceToken();
    let withLaps = 0;
    for (const r of [rows[0]!, rows[rows.length - 1]!]) {
      assert.equal(r.details_state, 'done');
      const detail = (await client.activity(grant.access_token, r.activity_id)).data;
      const run = (await (
        await fetch(`${t.system.urls.data}/runs/${r.run_id}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as Run;
      const expected = toRunDetails(detail)!;
      assert.equal(run.calories, detail.calories);
      assert.ok(typeof run.calories === 'number' && run.calories > 0);
      assert.equal(run.description, expected.description ?? null);
      assert.deepEqual(run.laps, expected.laps);
      assert.deepEqual(run.splits_km, expected.splits_km);
      assert.equal(run.splits_km!.length, detail.splits_metric!.length);
      assert.deepEqual(run.best_efforts, expected.best_efforts);
      assert.ok(run.has_streams);
      if (run.laps?.length) withLaps++;
    }
    assert.ok(withLaps > 0);

    // GET /athlete's shoes (profile:read_all was granted): the real name, never the placeholder.
    const pairs = await gear(user);
    assert.ok(pairs.length >= 1);
    assert.ok(
      pairs.every((g) => !g.name.startsWith('Strava shoes ')),
      JSON.stringify(pairs.map((g) => g.name)),
    );
    assert.ok(pairs.some((g) => g.name === 'Daily trainers' && g.run_count > 0));
  });

  it('a pair imported under its placeholder is renamed once the shoes can be read; a runner-given name stays', async () => {
    const user = randomUUID();
    // Without profile:read_all GET /athlete lists no shoes; with details off nothing names them.
    const only = await t.startStrava({ STRAVA_DETAILS_RECENT: '0', STRAVA_STREAMS_RECENT: '0' });
    await svc.close();
    url = only.url;
    try {
      await linkThroughBrowser(only.url, await t.userToken(user), user, athletes[1]!, {
        scope: 'read,activity:read_all',
      });
      await untilDone('the backfill', async () => (await status(user)).backfill_done);
      const placeholder = await gear(user);
      assert.equal(placeholder.length, 1);
      assert.match(placeholder[0]!.name, /^Strava shoes g\d+$/);
      const s = await status(user);
      assert.deepEqual(s.charts, { done: 0, total: 0 }, 'streams switched off: none wanted');
      assert.ok((await imports(user)).every((r) => r.details_state === null));

      // Linked again with the profile granted: the shoes are read and the placeholder renamed.
      await linkThroughBrowser(only.url, await t.userToken(user), user, athletes[1]!);
      await untilDone('the renamed pair', async () => (await gear(user))[0]!.name === 'Daily trainers');
      const pairs = await gear(user);
      assert.equal(pairs.length, 1, 'the same pair, not a second one');
      assert.equal(pairs[0]!.id, placeholder[0]!.id);

      // A name the runner gives is not overwritten by the next read of the shoes.
      const res = await fetch(`${t.system.urls.data}/users/${user}/gear/${pairs[0]!.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${await t.serviceToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Blue racers' }),
      });
      assert.equal(res.status, 200);
      await t.db.updateTable('strava_links').set({ shoes_next_at: null }).where('user_id', '=', user).execute();
      await untilDone(
        'shoes read again',
        async () =>
          (await t.db.selectFrom('strava_links').select('shoes_next_at').where('user_id', '=', user).executeTakeFirst())
            ?.shoes_next_at != null,
      );
      assert.equal((await gear(user))[0]!.name, 'Blue racers');
    } finally {
      await only.close();
    }
  });
});
