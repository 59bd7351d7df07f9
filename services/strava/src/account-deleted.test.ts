import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { topics } from '@runnerly/contracts';
import { control } from '@runnerly/strava-sim/testing';
import type { RunningService } from '@runnerly/service-kit';
import { linkThroughBrowser, startStravaTestSystem, type StravaTestSystem } from './testing.ts';
import { waitFor } from '@runnerly/testing';

describe('account.deleted', () => {
  let t: StravaTestSystem;
  let svc: RunningService;
  let athletes: number[];
  before(async () => {
    t = await startStravaTestSystem('strava_delete', { athletes: 5, activitiesPerAthlete: 40 });
    svc = await t.startStrava();
    athletes = await t.athletes();
  });
  after(async () => {
    await t.close();
  });

  const authorized = async (athleteId: number) =>
    (await control<Array<{ id: number; authorized: boolean }>>(t.sim.url, 'GET', '/athletes')).find(
      (a) => a.id === athleteId,
    )!.authorized;

  /** What this service holds about a user, table by table. */
  async function held(userId: string, athleteId: number) {
    const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) =>
      Number((await q.executeTakeFirstOrThrow()).n);
    return {
      links: await count(
        t.db
          .selectFrom('strava_links')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', userId),
      ),
      imports: await count(
        t.db
          .selectFrom('strava_imports')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', userId),
      ),
      states: await count(
        t.db
          .selectFrom('strava_oauth_states')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', userId),
      ),
      events: await count(
        t.db
          .selectFrom('strava_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('athlete_id', '=', String(athleteId)),
      ),
    };
  }
  const nothing = { links: 0, imports: 0, states: 0, events: 0 };

  /** A linked runner with a finished backfill, a pending authorization and an unprocessed webhook event. */
  async function linkedRunner(athleteId: number): Promise<string> {
    const user = randomUUID();
    const token = await t.userToken(user);
    assert.equal((await linkThroughBrowser(svc.url, token, user, athleteId)).searchParams.get('strava'), 'linked');
    await waitFor('backfill', async () => {
      const res = await fetch(`${svc.url}/users/${user}/status`, { headers: { authorization: `Bearer ${token}` } });
      return ((await res.json()) as { state: string }).state === 'idle';
    });
    assert.equal(
      (await fetch(`${svc.url}/users/${user}/link`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }))
        .status,
      200,
    );
    await t.db
      .insertInto('strava_events')
      .values({
        dedupe_key: `test:${user}`,
        athlete_id: String(athleteId),
        object_type: 'activity',
        object_id: '1',
        aspect_type: 'update',
        updates: '{}',
        event_time: 0,
        received_at: new Date().toISOString(),
        processed_at: new Date(Date.now() + 3_600_000).toISOString(),
        attempts: 0,
      })
      .execute();
    const before = await held(user, athleteId);
    assert.equal(before.links, 1);
    assert.ok(before.imports > 0 && before.states >= 1 && before.events === 1, JSON.stringify(before));
    return user;
  }

  /**
   * Publishes account.deleted until this service holds nothing about the user. Published again
   * while waiting: in the distributed suite the system's own strava service (another database)
   * competes for the same queue, and a repeat is harmless anyway.
   */
  async function deleteAccount(user: string, athleteId: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await t.system.bus.publish(topics.accountDeleted, { user_id: user });
      const wait = Date.now() + 1000;
      while (Date.now() < wait) {
        if (JSON.stringify(await held(user, athleteId)) === JSON.stringify(nothing)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (Date.now() > deadline) assert.fail(`still held after 30 s: ${JSON.stringify(await held(user, athleteId))}`);
    }
  }

  it('revokes the grant and removes the link, its tokens, sync state, mapping and OAuth states; twice is harmless', async () => {
    const user = await linkedRunner(athletes[0]!);
    const other = await linkedRunner(athletes[1]!);
    const otherBefore = await held(other, athletes[1]!);
    assert.equal(await authorized(athletes[0]!), true);

    await deleteAccount(user, athletes[0]!);
    assert.equal(await authorized(athletes[0]!), false, 'revoked at Strava');
    const res = await fetch(`${svc.url}/users/${user}/status`, {
      headers: { authorization: `Bearer ${await t.userToken(user)}` },
    });
    assert.equal(((await res.json()) as { state: string }).state, 'unlinked');

    // again, twice: nothing to delete, nothing fails, nobody else touched
    await t.system.bus.publish(topics.accountDeleted, { user_id: user });
    await t.system.bus.publish(topics.accountDeleted, { user_id: user });
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await held(user, athletes[0]!), nothing);
    assert.deepEqual(await held(other, athletes[1]!), otherBefore);
    assert.equal(await authorized(athletes[1]!), true);
    assert.equal(await t.system.bus.deadLetterCount('strava.account-deleted'), 0);
  });

  it('renews an expired access token to revoke the grant', async () => {
    const user = await linkedRunner(athletes[2]!);
    await control(t.sim.url, 'POST', `/athletes/${athletes[2]}/expire-token`);
    await deleteAccount(user, athletes[2]!);
    assert.equal(await authorized(athletes[2]!), false);
  });

  it('removes everything even when Strava cannot be reached or the grant is already dead', async () => {
    const unreachable = await linkedRunner(athletes[3]!);
    await control(t.sim.url, 'POST', '/faults', { kind: 'drop', path: '/oauth/' });
    try {
      await deleteAccount(unreachable, athletes[3]!);
    } finally {
      await control(t.sim.url, 'DELETE', '/faults');
    }
    const dead = await linkedRunner(athletes[4]!);
    await control(t.sim.url, 'POST', `/athletes/${athletes[4]}/deauthorize`);
    await deleteAccount(dead, athletes[4]!);
  });
});
