import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { control } from '@runnerly/strava-sim/testing';
import type { RunningService } from '@runnerly/service-kit';
import { secretBox } from '@runnerly/service-kit';
import {
  expectedRunIds,
  importedIds,
  linkThroughBrowser,
  startStravaTestSystem,
  type StravaTestSystem,
} from './testing.ts';
import { waitFor } from '@runnerly/testing';

const box = secretBox(Buffer.alloc(32, 7));

describe('sync under rate limits, expired and dead tokens, faults', () => {
  let t: StravaTestSystem;
  let svc: RunningService;
  let athletes: number[];
  before(async () => {
    t = await startStravaTestSystem('strava_res', { athletes: 5, activitiesPerAthlete: [1000, 120] });
    svc = await t.startStrava();
    athletes = await t.athletes();
  });
  after(async () => {
    await t.close();
  });

  const link = async (i: number) => {
    const user = randomUUID();
    const expected = await expectedRunIds(t.sim.url, athletes[i]!);
    const back = await linkThroughBrowser(svc.url, await t.userToken(user), user, athletes[i]!);
    assert.equal(back.searchParams.get('strava'), 'linked');
    return { user, expected };
  };
  const row = (user: string) =>
    t.db.selectFrom('strava_links').selectAll().where('user_id', '=', user).executeTakeFirstOrThrow();
  const checkRuns = async (user: string, expected: string[]) => {
    const ids = await importedIds(t.system.urls.data!, await t.serviceToken(), user);
    assert.equal(ids.length, new Set(ids).size, 'no duplicates');
    assert.deepEqual([...ids].sort(), [...expected].sort(), 'none missing');
  };

  it('after a 429 mid-backfill waits for the window to reset, then finishes with no duplicates', async () => {
    await control(t.sim.url, 'POST', '/faults', {
      kind: 'latency',
      latencyMs: 150,
      path: '/api/v3/athlete/activities',
    });
    const clockBefore = Date.parse((await control<{ now: string }>(t.sim.url, 'GET', '/clock')).now);
    const { user, expected } = await link(0);
    await waitFor('first page', async () => (await row(user)).pages_done >= 1);
    // The application's window is suddenly spent (Strava lowered the limit, or another client used it): the next call is refused.
    await control(t.sim.url, 'PUT', '/rate-limits', { read15: 1 });
    await waitFor(
      'a 429',
      async () =>
        (await t.db.selectFrom('strava_rate_window').selectAll().executeTakeFirstOrThrow()).limited_count >= 1,
    );
    await control(t.sim.url, 'PUT', '/rate-limits', { read15: 100 });
    await waitFor('backfill', async () => (await row(user)).backfill_done === 1, 60_000);
    await control(t.sim.url, 'DELETE', '/faults');
    const window = await t.db.selectFrom('strava_rate_window').selectAll().executeTakeFirstOrThrow();
    assert.ok(window.limited_count >= 1, 'a 429 was seen');
    const clockAfter = Date.parse((await control<{ now: string }>(t.sim.url, 'GET', '/clock')).now);
    assert.ok(clockAfter >= Math.floor(clockBefore / 900_000) * 900_000 + 900_000, 'waited for the window to reset');
    const calls = await control<{ rateLimited: number }>(t.sim.url, 'GET', '/calls');
    assert.ok(calls.rateLimited >= 1);
    await checkRuns(user, expected);
  });

  it('on a 401 refreshes once, persists the rotated refresh token, and retries', async () => {
    const { user, expected } = await link(1);
    await waitFor('backfill', async () => (await row(user)).state === 'idle');
    const first = await row(user);
    await control(t.sim.url, 'POST', `/athletes/${athletes[1]}/expire-token`);
    await control(t.sim.url, 'POST', '/clock/advance', { minutes: 31 });
    await waitFor('poll after refresh', async () => {
      const r = await row(user);
      return r.last_sync_at !== first.last_sync_at && r.state === 'idle' && r;
    });
    const now = await row(user);
    assert.notEqual(
      box.open(now.refresh_token_enc),
      box.open(first.refresh_token_enc),
      'rotated refresh token persisted',
    );
    assert.notEqual(box.open(now.access_token_enc), box.open(first.access_token_enc));
    assert.equal(now.error_code, null);
    await checkRuns(user, expected);
  });

  it('a dead refresh token leaves the link in needs_reauth', async () => {
    const { user } = await link(2);
    await waitFor('backfill', async () => (await row(user)).state === 'idle');
    await control(t.sim.url, 'POST', `/athletes/${athletes[2]}/deauthorize`);
    await control(t.sim.url, 'POST', '/clock/advance', { minutes: 31 });
    const r = await waitFor('needs_reauth', async () => {
      const x = await row(user);
      return x.state === 'needs_reauth' && x;
    });
    assert.equal(r.error_code, 'needs_reauth');
    const res = await fetch(`${svc.url}/users/${user}/status`, {
      headers: { authorization: `Bearer ${await t.userToken(user)}` },
    });
    const s = (await res.json()) as { state: string; error: { code: string; message: string } };
    assert.equal(s.state, 'needs_reauth');
    assert.match(s.error.message, /Connect to Strava again/);
  });

  it('retries 5xx answers and dropped connections with back-off', async () => {
    const user = randomUUID();
    const expected = await expectedRunIds(t.sim.url, athletes[3]!);
    await control(t.sim.url, 'POST', '/faults', {
      kind: 'error',
      status: 503,
      count: 2,
      path: '/api/v3/athlete/activities',
    });
    await control(t.sim.url, 'POST', '/faults', { kind: 'drop', count: 2, path: '/api/v3/athlete/activities' });
    await linkThroughBrowser(svc.url, await t.userToken(user), user, athletes[3]!);
    await waitFor('backfill', async () => (await row(user)).state === 'idle', 30_000);
    const calls = await control<{ faulted: number; dropped: number }>(t.sim.url, 'GET', '/calls');
    assert.ok(calls.faulted + calls.dropped >= 4);
    await checkRuns(user, expected);
  });
});
