import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { control } from '@runnerly/strava-sim/testing';
import { waitFor } from '@runnerly/testing';
import { linkThroughBrowser, startStravaTestSystem, type StravaTestSystem } from './testing.ts';

// The default lease (no STRAVA_SYNC_LEASE_SECONDS): what an operator gets after a kill -9.
describe('the Strava worker killed mid-backfill, default lease', () => {
  let t: StravaTestSystem;
  let athlete: number;
  before(async () => {
    t = await startStravaTestSystem('strava_lease', { athletes: 1, activitiesPerAthlete: 1000 });
    [athlete] = (await t.athletes()) as [number];
  });
  after(async () => {
    await control(t.sim.url, 'DELETE', '/faults').catch(() => {});
    await t.close();
  });

  it('another worker takes the backfill over within seconds, and the ETA counts the wait', async () => {
    const row = (user: string) =>
      t.db.selectFrom('strava_links').selectAll().where('user_id', '=', user).executeTakeFirstOrThrow();
    // Slow pages: the kill lands while a worker holds the runner's claim.
    await control(t.sim.url, 'POST', '/faults', {
      kind: 'latency',
      latencyMs: 400,
      path: '/api/v3/athlete/activities',
    });
    const env = { STRAVA_STREAMS_RECENT: '0' };
    const first = await t.spawnStrava(env);
    const user = randomUUID();
    await linkThroughBrowser(first.url, await t.userToken(user), user, athlete);
    await waitFor(
      'a page and a held claim',
      async () => {
        const r = await row(user);
        return r.pages_done >= 1 && r.lease_until !== null && r.lease_until > Date.now();
      },
      60_000,
    );
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const killedAt = Date.now();
    const atKill = await row(user);
    assert.equal(atKill.backfill_done, 0, 'killed mid-backfill');
    const second = await t.spawnStrava(env);
    const listeningAt = Date.now();
    const status = async () => {
      const res = await fetch(`${second.url}/users/${user}/status`, {
        headers: { authorization: `Bearer ${await t.userToken(user)}` },
      });
      return (await res.json()) as { eta_seconds: number | null; pages_done: number };
    };
    // While the dead worker's claim runs out, the ETA is at least what is left of it.
    const stale = await waitFor('the claim to look abandoned', async () => {
      const r = await row(user);
      if (!r.lease_until || r.lease_until <= Date.now() || r.pages_done > atKill.pages_done) return { until: 0 };
      return r.lease_until - Date.now() < 5000 && { until: r.lease_until };
    });
    if (stale.until - Date.now() > 1500) {
      const s = await status();
      const left = stale.until - Date.now();
      if (left > 1000)
        assert.ok(
          s.eta_seconds !== null && s.eta_seconds >= Math.floor(left / 1000),
          `${JSON.stringify(s)}, ${left} ms left`,
        );
    }
    await waitFor('the backfill to move again', async () => (await row(user)).pages_done > atKill.pages_done, 40_000);
    const seconds = (Date.now() - killedAt) / 1000;
    // Once the dead worker's claim (10 s) has lapsed and the second process listens, it takes
    // over within a few seconds (it was a minute: the old lease).
    const after = (Date.now() - Math.max(killedAt + 10_000, listeningAt)) / 1000;
    assert.ok(after < 12, `taken over ${after} s after the claim lapsed and the second worker started`);
    console.log(`# strava worker kill -9: backfill taken over ${seconds.toFixed(1)} s after the kill (lease 10 s)`);
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  });
});
