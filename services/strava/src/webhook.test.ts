import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { control } from '@runnerly/strava-sim/testing';
import type { RunningService } from '@runnerly/service-kit';
import { importedIds, linkThroughBrowser, startStravaTestSystem, type StravaTestSystem } from './testing.ts';
import { waitFor } from '@runnerly/testing';

const SECRET = 'hook-path-secret-0123456789';

interface HookEvent {
  object_type: string;
  object_id: number | string;
  aspect_type: string;
  owner_id: number | string;
  subscription_id?: number;
  event_time: number;
  updates?: Record<string, string>;
}

describe('webhooks', () => {
  let t: StravaTestSystem;
  let svc: RunningService;
  let athletes: number[];
  before(async () => {
    t = await startStravaTestSystem('strava_hook', { athletes: 2, activitiesPerAthlete: 30 });
    svc = await t.startStrava({
      STRAVA_WEBHOOK_VERIFY_TOKEN: 'verify-me-123',
      STRAVA_WEBHOOK_PATH_SECRET: SECRET,
      STRAVA_WEBHOOK_RATE_PER_MINUTE: '40',
      // No spare-budget details or streams: a webhook's run gets its details from the event's own call.
      STRAVA_DETAILS_RECENT: '0',
      STRAVA_STREAMS_RECENT: '0',
    });
    athletes = await t.athletes();
  });
  after(async () => {
    await t.close();
  });
  const subscriptionId = async () =>
    (await control<{ subscription: { id: number } }>(t.sim.url, 'GET', '/webhooks')).subscription.id;
  const post = (path: string, event: HookEvent) =>
    fetch(`${svc.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });

  it('answers the challenge at the secret path with the verify token only', async () => {
    const q = 'hub.mode=subscribe&hub.challenge=abc&hub.verify_token=verify-me-123';
    const ok = await fetch(`${svc.url}/webhook/${SECRET}?${q}`);
    assert.deepEqual(await ok.json(), { 'hub.challenge': 'abc' });
    const bad = await fetch(`${svc.url}/webhook/${SECRET}?hub.mode=subscribe&hub.challenge=abc&hub.verify_token=nope`);
    assert.equal(bad.status, 403);
    for (const path of ['/webhook', `/webhook/${SECRET.slice(0, -1)}x`]) {
      const res = await fetch(`${svc.url}${path}?${q}`);
      assert.equal(res.status, 404, path);
      assert.equal(((await res.json()) as { code: string }).code, 'not_found');
    }
  });

  it('handles create, update, delete and deauthorization; ignores duplicates and other sports', async () => {
    const sub = await fetch(`${t.sim.url}/api/v3/push_subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: '4242',
        client_secret: 'test-secret',
        callback_url: `${svc.url}/webhook/${SECRET}`,
        verify_token: 'verify-me-123',
      }),
    });
    assert.equal(sub.status, 201, await sub.text().catch(() => ''));
    const user = randomUUID();
    await linkThroughBrowser(svc.url, await t.userToken(user), user, athletes[0]!);
    await waitFor(
      'backfill',
      async () =>
        (await t.db.selectFrom('strava_links').select('state').where('user_id', '=', user).executeTakeFirst())
          ?.state === 'idle',
    );
    const before = await importedIds(t.system.urls.data!, await t.serviceToken(), user);

    const created = await control<{ activity: { id: number } }>(
      t.sim.url,
      'POST',
      `/athletes/${athletes[0]}/activities`,
      { sport_type: 'Run', name: 'Webhook run' },
    );
    const ride = await control<{ activity: { id: number } }>(t.sim.url, 'POST', `/athletes/${athletes[0]}/activities`, {
      sport_type: 'Ride',
      name: 'A ride',
    });
    await control(t.sim.url, 'POST', '/webhooks/idle');
    const id = String(created.activity.id);
    await waitFor('created run', async () =>
      (await importedIds(t.system.urls.data!, await t.serviceToken(), user)).includes(id),
    );
    // The event's call is the detailed activity: its details are on the run, without another call.
    const imported = () =>
      t.db.selectFrom('strava_imports').selectAll().where('activity_id', '=', id).executeTakeFirstOrThrow();
    await waitFor('the details of the event', async () => (await imported()).details_state !== null);
    const row = await imported();
    assert.equal(row.details_state, 'done');
    const detailed = (await (
      await fetch(`${t.system.urls.data}/runs/${row.run_id}`, {
        headers: { authorization: `Bearer ${await t.serviceToken()}` },
      })
    ).json()) as { calories: number | null; splits_km: unknown[] | null };
    assert.ok(detailed.calories! > 0 && detailed.splits_km!.length > 0, JSON.stringify(detailed).slice(0, 300));
    // the same event twice is stored once
    const events = await t.db.selectFrom('strava_events').selectAll().where('object_id', '=', id).execute();
    assert.equal(events.length, 1);
    const dup = {
      object_type: 'activity',
      object_id: created.activity.id,
      aspect_type: 'create',
      owner_id: athletes[0],
      subscription_id: await subscriptionId(),
      event_time: events[0]!.event_time,
      updates: {},
    };
    assert.equal(
      (
        await fetch(`${svc.url}/webhook/${SECRET}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(dup),
        })
      ).status,
      200,
    );
    assert.equal((await t.db.selectFrom('strava_events').selectAll().where('object_id', '=', id).execute()).length, 1);

    await control(t.sim.url, 'PUT', `/activities/${id}`, { name: 'Renamed run' });
    await control(t.sim.url, 'POST', '/webhooks/idle');
    const runId = (
      await t.db.selectFrom('strava_imports').select('run_id').where('activity_id', '=', id).executeTakeFirstOrThrow()
    ).run_id;
    await waitFor('rename', async () => {
      const r = await fetch(`${t.system.urls.data}/runs/${runId}`, {
        headers: { authorization: `Bearer ${await t.serviceToken()}` },
      });
      return ((await r.json()) as { name: string }).name === 'Renamed run';
    });

    await control(t.sim.url, 'DELETE', `/activities/${id}`);
    await control(t.sim.url, 'POST', '/webhooks/idle');
    await waitFor(
      'delete',
      async () => !(await importedIds(t.system.urls.data!, await t.serviceToken(), user)).includes(id),
    );
    const after = await importedIds(t.system.urls.data!, await t.serviceToken(), user);
    assert.deepEqual(after.sort(), before.sort());
    assert.ok(!after.includes(String(ride.activity.id)));

    await control(t.sim.url, 'POST', `/athletes/${athletes[0]}/deauthorize`);
    await control(t.sim.url, 'POST', '/webhooks/idle');
    await waitFor(
      'deauthorized',
      async () =>
        !(await t.db.selectFrom('strava_links').select('user_id').where('user_id', '=', user).executeTakeFirst()),
    );
  });

  it('never acts on a forged event: wrong path, no or another subscription id, or content Strava does not confirm', async () => {
    const user = randomUUID();
    await linkThroughBrowser(svc.url, await t.userToken(user), user, athletes[1]!);
    await waitFor(
      'backfill',
      async () =>
        (await t.db.selectFrom('strava_links').select('state').where('user_id', '=', user).executeTakeFirst())
          ?.state === 'idle',
    );
    const before = (await importedIds(t.system.urls.data!, await t.serviceToken(), user)).sort();
    const victim = before[0]!;
    const subId = await subscriptionId();
    const remove = (extra: Partial<HookEvent>): HookEvent => ({
      object_type: 'activity',
      object_id: victim,
      aspect_type: 'delete',
      owner_id: athletes[1]!,
      event_time: 1_800_000_000 + Math.floor(Math.random() * 1e6),
      ...extra,
    });
    const deauth = (extra: Partial<HookEvent>): HookEvent => ({
      object_type: 'athlete',
      object_id: athletes[1]!,
      aspect_type: 'update',
      owner_id: athletes[1]!,
      updates: { authorized: 'false' },
      event_time: 1_800_000_000 + Math.floor(Math.random() * 1e6),
      ...extra,
    });
    // Refused at the door: the old path, a wrong secret, no subscription id, another subscription.
    assert.equal((await post('/webhook', remove({ subscription_id: subId }))).status, 404);
    assert.equal((await post('/webhook/not-the-secret-at-all', deauth({ subscription_id: subId }))).status, 404);
    const noSub = await post(`/webhook/${SECRET}`, remove({}));
    assert.equal(noSub.status, 400);
    const otherSub = await post(`/webhook/${SECRET}`, deauth({ subscription_id: subId + 1 }));
    assert.equal(otherSub.status, 403);
    assert.equal(((await otherSub.json()) as { code: string }).code, 'unknown_subscription');
    const stored = await t.db
      .selectFrom('strava_events')
      .select('id')
      .where('athlete_id', '=', String(athletes[1]))
      .execute();
    assert.equal(stored.length, 0, 'nothing refused is stored');

    // Through the door with the right secret and id (a leaked URL): Strava is asked, and says otherwise.
    const forgedDelete = remove({ subscription_id: subId });
    const forgedDeauth = deauth({ subscription_id: subId });
    assert.equal((await post(`/webhook/${SECRET}`, forgedDelete)).status, 200);
    assert.equal((await post(`/webhook/${SECRET}`, forgedDeauth)).status, 200);
    await waitFor('both events handled', async () => {
      const rows = await t.db
        .selectFrom('strava_events')
        .select('processed_at')
        .where('athlete_id', '=', String(athletes[1]))
        .execute();
      return rows.length === 2 && rows.every((r) => r.processed_at !== null);
    });
    assert.deepEqual((await importedIds(t.system.urls.data!, await t.serviceToken(), user)).sort(), before);
    const link = await t.db.selectFrom('strava_links').selectAll().where('user_id', '=', user).executeTakeFirst();
    assert.ok(link, 'the link is still there');
    assert.notEqual(link.state, 'needs_reauth');

    // The endpoint is rate-limited: a flood gets 429s (Strava retries its own events).
    const flood = await Promise.all(
      Array.from({ length: 60 }, () => post(`/webhook/${SECRET}`, deauth({ subscription_id: subId + 1 }))),
    );
    const statuses = flood.map((r) => r.status);
    assert.ok(statuses.includes(429), `no 429 in ${statuses.join(',')}`);
    assert.ok(statuses.every((s) => s === 403 || s === 429));
  });
});
