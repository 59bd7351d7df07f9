import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { control, TEST_CLIENT } from '@runnerly/strava-sim/testing';
import { secretBox, type RunningService } from '@runnerly/service-kit';
import { waitFor } from '@runnerly/testing';
import { linkThroughBrowser, startStravaTestSystem, type StravaTestSystem } from './testing.ts';
import { DAY_MS, dayStart, windowStart } from './worker/scheduler.ts';

// A runner's own Strava application (Strava's access tiers: a few athletes per application):
// registered at the simulator as a second application with its own secret, grants and limits.
const OWN = { client_id: '5150', client_secret: 'ab12'.repeat(10) };

interface SimApp {
  clientId: string;
  grants: number[];
  rateLimits: { usage: { readDaily: number } };
}
interface Call {
  at: string;
  route: string;
  athleteId: number | null;
}

describe("a runner's own Strava application", () => {
  let t: StravaTestSystem;
  let svc: RunningService;
  let athletes: number[];
  const alice = randomUUID();
  const bob = randomUUID();

  before(async () => {
    t = await startStravaTestSystem('strava_own_app', { athletes: 3, activitiesPerAthlete: 450 });
    await control(t.sim.url, 'POST', '/apps', OWN);
    svc = await t.startStrava();
    athletes = await t.athletes();
  });
  after(async () => {
    await t.close();
  });

  const call = async (userId: string, method: string, path: string, body?: unknown, as = userId) =>
    fetch(`${svc.url}/users/${userId}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await t.userToken(as)}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const status = async (userId: string) => (await (await call(userId, 'GET', '/status')).json()) as Record<string, any>;
  const simNow = async () => Date.parse((await control<{ now: string }>(t.sim.url, 'GET', '/clock')).now);
  const simApps = () => control<SimApp[]>(t.sim.url, 'GET', '/apps');
  const apiCalls = async (athlete: number) =>
    (await control<{ recent: Call[] }>(t.sim.url, 'GET', '/calls')).recent.filter(
      (c) => c.athleteId === athlete && c.route.startsWith('/api/v3/athlete/activities'),
    );
  /** Uses up a budget's day, as if the application's calls had been spent elsewhere. */
  const exhaust = async (clientId: string | null, now: number) => {
    const q = t.db
      .updateTable('strava_rate_window')
      .set({ window_start: windowStart(now), day_start: dayStart(now), used15: 100, own15: 100, used_day: 1000 });
    await (clientId === null ? q.where('id', '=', 1) : q.where('client_id', '=', clientId)).execute();
  };

  it('refuses bad input with 400 and stores nothing', async () => {
    for (const body of [
      { client_id: 'abc', client_secret: OWN.client_secret },
      { client_id: OWN.client_id, client_secret: 'not-hex-and-short' },
      { client_id: OWN.client_id, client_secret: 'ab'.repeat(30) },
      { client_id: OWN.client_id },
      { ...OWN, extra: 1 },
    ]) {
      const res = await call(alice, 'PUT', '/app', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const err = (await res.json()) as { code: string; message: string };
      assert.equal(typeof err.code, 'string');
      assert.equal(typeof err.message, 'string');
    }
    assert.deepEqual(await (await call(alice, 'GET', '/app')).json(), {
      own_app: false,
      client_id: null,
      secret_set: false,
      in_use: false,
    });
    assert.equal((await t.db.selectFrom('strava_apps').selectAll().execute()).length, 0);
  });

  it('keeps the secret sealed: never answered, not readable in the row, and not reachable by another user', async () => {
    const put = await call(alice, 'PUT', '/app', OWN);
    assert.equal(put.status, 200);
    const text = await (await call(alice, 'GET', '/app')).text();
    assert.deepEqual(JSON.parse(text), { own_app: true, client_id: OWN.client_id, secret_set: true, in_use: false });
    assert.ok(!text.includes(OWN.client_secret));
    const row = await t.db.selectFrom('strava_apps').selectAll().where('user_id', '=', alice).executeTakeFirstOrThrow();
    assert.ok(!row.client_secret_enc.includes(OWN.client_secret), 'sealed at rest');
    assert.equal(
      secretBox(Buffer.from(t.env.STRAVA_TOKEN_KEY!, 'base64')).open(row.client_secret_enc),
      OWN.client_secret,
    );
    // Bob with his own token on Alice's application: refused, and nothing of hers changes.
    for (const [method, body] of [['GET'], ['PUT', OWN], ['DELETE']] as const) {
      const res = await call(alice, method, '/app', body, bob);
      assert.equal(res.status, 403, method);
      assert.ok(!(await res.text()).includes(OWN.client_id), 'nothing of Alice in the answer');
    }
    assert.equal((await t.db.selectFrom('strava_apps').selectAll().execute()).length, 1);
    // Bob has none of his own.
    assert.equal((await call(bob, 'DELETE', '/app')).status, 404);
    // The operator, with a service token (strava:write), sets and removes one for a runner.
    const carol = randomUUID();
    const asOperator = async (method: string, body?: unknown) =>
      fetch(`${svc.url}/users/${carol}/app`, {
        method,
        headers: {
          authorization: `Bearer ${await t.serviceToken()}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    assert.equal((await asOperator('PUT', { client_id: '6000', client_secret: 'cd'.repeat(20) })).status, 200);
    assert.equal(((await (await call(carol, 'GET', '/app')).json()) as { client_id: string }).client_id, '6000');
    assert.equal((await asOperator('DELETE')).status, 200);
    assert.equal((await t.db.selectFrom('strava_apps').selectAll().execute()).length, 1);
  });

  it("links through the runner's application; its sync is counted in that application's budget, and an exhausted instance budget does not stop it", async () => {
    const now = await simNow();
    // The instance's application has no call left today: only a runner with their own may sync.
    await exhaust(null, now);
    const reopens = dayStart(now) + DAY_MS;
    const linkRes = await call(alice, 'POST', '/link');
    const url = new URL(((await linkRes.json()) as { authorize_url: string }).authorize_url);
    assert.equal(url.searchParams.get('client_id'), OWN.client_id, "the authorize URL names the runner's application");
    const back = await linkThroughBrowser(svc.url, await t.userToken(alice), alice, athletes[0]!);
    assert.equal(back.searchParams.get('strava'), 'linked');
    assert.equal(
      (await linkThroughBrowser(svc.url, await t.userToken(bob), bob, athletes[1]!)).searchParams.get('strava'),
      'linked',
    );
    const apps = await simApps();
    assert.deepEqual(apps.find((a) => a.clientId === OWN.client_id)!.grants, [athletes[0]]);
    assert.deepEqual(apps.find((a) => a.clientId === TEST_CLIENT.clientId)!.grants, [athletes[1]]);
    const link = await t.db
      .selectFrom('strava_links')
      .selectAll()
      .where('user_id', '=', alice)
      .executeTakeFirstOrThrow();
    assert.equal(link.app_client_id, OWN.client_id, 'the link remembers its application');
    assert.equal(((await call(alice, 'GET', '/app').then((r) => r.json())) as { in_use: boolean }).in_use, true);
    // Removing or replacing the application while the link uses it is refused.
    assert.equal((await call(alice, 'DELETE', '/app')).status, 409);
    assert.equal((await call(alice, 'PUT', '/app', OWN)).status, 409);

    await waitFor(
      'both backfills',
      async () => {
        return (await status(alice)).state === 'idle' && (await status(bob)).state === 'idle';
      },
      60_000,
    );
    assert.ok((await status(alice)).imported > 0);
    const aliceCalls = await apiCalls(athletes[0]!);
    const bobCalls = await apiCalls(athletes[1]!);
    // Her whole backfill (450 activities: 3 pages) was fetched while the instance had no call left.
    assert.ok(
      aliceCalls.filter((c) => Date.parse(c.at) < reopens).length >= 3,
      "the own application's runner synced while the instance's budget was used up",
    );
    assert.ok(bobCalls.length >= 3);
    assert.ok(
      bobCalls.every((c) => Date.parse(c.at) >= reopens),
      "the instance's runner waited for its application's window",
    );
    // Alice's calls were permitted from her application's budget (the instance's had none left).
    const own = await t.db
      .selectFrom('strava_rate_window')
      .selectAll()
      .where('client_id', '=', OWN.client_id)
      .executeTakeFirstOrThrow();
    assert.equal(own.limit15, 100, "Strava's read limit, from the application's own headers");
    assert.ok(own.used_day >= 1);
  });

  it("an exhausted own application does not stop the instance's runners, and its refresh uses its own credentials", async () => {
    const now = await simNow();
    await exhaust(OWN.client_id, now);
    const reopens = dayStart(now) + DAY_MS;
    const before = await t.db
      .selectFrom('strava_links')
      .selectAll()
      .where('user_id', '=', alice)
      .executeTakeFirstOrThrow();
    assert.ok(before.expires_at * 1000 < reopens, "Alice's access token will have expired when her budget reopens");
    await control(t.sim.url, 'DELETE', '/calls');
    // Both runners' polls are due now.
    await t.db.updateTable('strava_links').set({ next_poll_at: now }).execute();
    await waitFor(
      'both polls',
      async () => (await apiCalls(athletes[0]!)).length > 0 && (await apiCalls(athletes[1]!)).length > 0,
      60_000,
    );
    const bobCalls = await apiCalls(athletes[1]!);
    const aliceCalls = await apiCalls(athletes[0]!);
    assert.ok(
      bobCalls.some((c) => Date.parse(c.at) < reopens),
      "the instance's runner polled while Alice's application had no budget",
    );
    assert.ok(
      aliceCalls.every((c) => Date.parse(c.at) >= reopens),
      "Alice waited for her application's window",
    );
    const afterLink = await waitFor('alice idle', async () => {
      const l = await t.db
        .selectFrom('strava_links')
        .selectAll()
        .where('user_id', '=', alice)
        .executeTakeFirstOrThrow();
      return (
        (l.state === 'needs_reauth' ||
          (l.state === 'idle' && l.lease_until === null && l.last_sync_at !== before.last_sync_at)) &&
        l
      );
    });
    assert.equal(afterLink.state, 'idle', 'the refresh with her application worked (another client would be refused)');
    assert.ok(afterLink.expires_at > before.expires_at, 'a new access token');
    // The simulator counted her poll in her application's window, not the instance's.
    const apps = await simApps();
    assert.ok(apps.find((a) => a.clientId === OWN.client_id)!.rateLimits.usage.readDaily >= 1);
  });

  it('unlinks with the runner’s application (revoked there), then the application can be removed', async () => {
    const res = await call(alice, 'DELETE', '/link');
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { revoked: boolean }).revoked, true);
    assert.deepEqual((await simApps()).find((a) => a.clientId === OWN.client_id)!.grants, []);
    const del = await call(alice, 'DELETE', '/app');
    assert.equal(del.status, 200);
    assert.equal(((await del.json()) as { own_app: boolean }).own_app, false);
    assert.equal((await t.db.selectFrom('strava_apps').selectAll().execute()).length, 0);
  });
});
