import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { control } from '@runnerly/strava-sim/testing';
import type { RunningService } from '@runnerly/service-kit';
import {
  expectedRunIds,
  importedIds,
  linkThroughBrowser,
  startStravaTestSystem,
  type StravaTestSystem,
} from './testing.ts';
import { waitFor } from '@runnerly/testing';

describe('link, backfill, status, unlink', () => {
  let t: StravaTestSystem;
  let svc: RunningService;
  let athletes: number[];
  before(async () => {
    t = await startStravaTestSystem('strava_link', { athletes: 4, activitiesPerAthlete: 450 });
    svc = await t.startStrava();
    athletes = await t.athletes();
  });
  after(async () => {
    await t.close();
  });

  const status = async (userId: string) => {
    const res = await fetch(`${svc.url}/users/${userId}/status`, {
      headers: { authorization: `Bearer ${await t.userToken(userId)}` },
    });
    assert.equal(res.status, 200);
    return (await res.json()) as Record<string, any>;
  };

  it('links, imports every run (private ones too with activity:read_all) and no other sport, once', async () => {
    const user = randomUUID();
    const expected = await expectedRunIds(t.sim.url, athletes[0]!);
    assert.equal((await status(user)).state, 'unlinked');
    const back = await linkThroughBrowser(svc.url, await t.userToken(user), user, athletes[0]!);
    assert.equal(back.toString(), 'http://dashboard.test/connections?strava=linked');
    const done = await waitFor('backfill', async () => {
      const s = await status(user);
      return s.state === 'idle' && s;
    });
    assert.equal(done.linked, true);
    assert.equal(done.athlete.id, String(athletes[0]));
    assert.equal(done.imported, expected.length);
    assert.equal(done.total_estimate, 450);
    assert.equal(done.eta_seconds, 0);
    const ids = await importedIds(t.system.urls.data!, await t.serviceToken(), user);
    assert.equal(ids.length, new Set(ids).size, 'no duplicates');
    assert.deepEqual([...ids].sort(), [...expected].sort());
    // The athlete's shoes came with the runs (each activity's gear_id): one pair, every run in it.
    const gear = await fetch(`${t.system.urls.data}/users/${user}/gear`, {
      headers: { authorization: `Bearer ${await t.serviceToken()}` },
    });
    const pairs = ((await gear.json()) as { gear: Array<Record<string, unknown>> }).gear;
    assert.deepEqual(
      pairs.map((g) => [g.source, typeof g.strava_gear_id, g.run_count]),
      [['strava', 'string', expected.length]],
    );
    assert.match(String(pairs[0]!.strava_gear_id), /^g\d+$/);
    assert.ok(Number(pairs[0]!.distance_m) > 0);
    // tokens are encrypted at rest
    const row = await t.db.selectFrom('strava_links').selectAll().where('user_id', '=', user).executeTakeFirstOrThrow();
    assert.match(row.access_token_enc, /^v1\./);
    const grant = await control<Array<{ id: number; authorized: boolean }>>(t.sim.url, 'GET', '/athletes');
    assert.ok(grant.find((a) => a.id === athletes[0])!.authorized);

    // unlink, deleting the runs: revoked at Strava, runs gone
    const res = await fetch(`${svc.url}/users/${user}/link?delete_runs=true`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await t.userToken(user)}` },
    });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { deleted_runs: number }).deleted_runs, expected.length);
    assert.equal((await importedIds(t.system.urls.data!, await t.serviceToken(), user)).length, 0);
    assert.equal((await status(user)).state, 'unlinked');
    const after = await control<Array<{ id: number; authorized: boolean }>>(t.sim.url, 'GET', '/athletes');
    assert.equal(after.find((a) => a.id === athletes[0])!.authorized, false);
  });

  it('imports public runs only with activity:read, and says missing_scope or denied when the runner refuses', async () => {
    const user = randomUUID();
    const expected = await expectedRunIds(t.sim.url, athletes[1]!, 'read,activity:read');
    const back = await linkThroughBrowser(svc.url, await t.userToken(user), user, athletes[1]!, {
      scope: 'read,activity:read',
    });
    assert.equal(back.searchParams.get('strava'), 'linked');
    await waitFor('backfill', async () => (await status(user)).state === 'idle');
    const ids = await importedIds(t.system.urls.data!, await t.serviceToken(), user);
    assert.deepEqual([...ids].sort(), [...expected].sort());
    const all = await expectedRunIds(t.sim.url, athletes[3]!);
    assert.ok(all.length > 0);

    const other = randomUUID();
    const unticked = await linkThroughBrowser(svc.url, await t.userToken(other), other, athletes[2]!, {
      scope: 'read',
    });
    assert.equal(unticked.searchParams.get('strava'), 'missing_scope');
    const denied = await linkThroughBrowser(svc.url, await t.userToken(other), other, athletes[2]!, { deny: true });
    assert.equal(denied.searchParams.get('strava'), 'denied');
    assert.equal((await status(other)).linked, false);
  });

  it("refuses a forged or reused state and another user's link", async () => {
    const forged = await fetch(`${svc.url}/oauth/callback?state=nope&code=x&scope=read,activity:read_all`, {
      redirect: 'manual',
    });
    assert.equal(new URL(forged.headers.get('location')!).searchParams.get('strava'), 'invalid_state');
    const user = randomUUID();
    const someoneElse = await fetch(`${svc.url}/users/${user}/link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.userToken(randomUUID())}` },
    });
    assert.equal(someoneElse.status, 403);
    const anonymous = await fetch(`${svc.url}/users/${user}/status`);
    assert.equal(anonymous.status, 401);
  });
});
