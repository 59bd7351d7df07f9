import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { control } from '@runnerly/strava-sim/testing';
import type { RunningService } from '@runnerly/service-kit';
import { importedIds, linkThroughBrowser, startStravaTestSystem, type StravaTestSystem } from './testing.ts';
import { waitFor } from '@runnerly/testing';

describe('webhooks', () => {
  let t: StravaTestSystem;
  let svc: RunningService;
  let athletes: number[];
  before(async () => {
    t = await startStravaTestSystem('strava_hook', { athletes: 2, activitiesPerAthlete: 30 });
    svc = await t.startStrava({ STRAVA_WEBHOOK_VERIFY_TOKEN: 'verify-me-123' });
    athletes = await t.athletes();
  });
  after(async () => {
    await t.close();
  });

  it('answers the challenge with the verify token only', async () => {
    const ok = await fetch(`${svc.url}/webhook?hub.mode=subscribe&hub.challenge=abc&hub.verify_token=verify-me-123`);
    assert.deepEqual(await ok.json(), { 'hub.challenge': 'abc' });
    const bad = await fetch(`${svc.url}/webhook?hub.mode=subscribe&hub.challenge=abc&hub.verify_token=nope`);
    assert.equal(bad.status, 403);
  });

  it('handles create, update, delete and deauthorization; ignores duplicates and other sports', async () => {
    const sub = await fetch(`${t.sim.url}/api/v3/push_subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: '4242',
        client_secret: 'test-secret',
        callback_url: `${svc.url}/webhook`,
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
    // the same event twice is stored once
    const events = await t.db.selectFrom('strava_events').selectAll().where('object_id', '=', id).execute();
    assert.equal(events.length, 1);
    const dup = {
      object_type: 'activity',
      object_id: created.activity.id,
      aspect_type: 'create',
      owner_id: athletes[0],
      subscription_id: 1,
      event_time: events[0]!.event_time,
      updates: {},
    };
    assert.equal(
      (
        await fetch(`${svc.url}/webhook`, {
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
});
