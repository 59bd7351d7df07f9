import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestSim, connectAthlete, control, TEST_CLIENT } from '@runnerly/strava-sim/testing';
import type { RunningStravaSim } from '@runnerly/strava-sim';
import {
  BadRequestError,
  NotFoundError,
  RateLimitedError,
  StravaClient,
  TransientError,
  UnauthorizedError,
  isRun,
  type RateBudget,
} from './index.ts';

describe('Strava client against the simulator', () => {
  let sim: RunningStravaSim;
  let client: StravaClient;
  const budgets: RateBudget[] = [];
  let ids: number[] = [];
  before(async () => {
    sim = await startTestSim({ activitiesPerAthlete: 450 });
    ids = (await control<Array<{ id: number }>>(sim.url, 'GET', '/athletes')).map((a) => a.id);
    client = new StravaClient({
      ...TEST_CLIENT,
      oauthUrl: `${sim.url}/oauth`,
      apiUrl: `${sim.url}/api/v3`,
      onBudget: (b) => budgets.push(b),
    });
  });
  after(async () => {
    await sim.close();
  });

  it('pages until an empty page and reads the rate-limit budget', async () => {
    const t = await connectAthlete(sim.url, ids[0]!);
    let pages = 0;
    const seen = new Set<number>();
    for await (const page of client.allActivities(t.access_token, { perPage: 200 })) {
      pages++;
      for (const a of page) seen.add(a.id);
    }
    const expected = await control<number[]>(sim.url, 'GET', `/athletes/${ids[0]}/activity-ids`);
    assert.equal(seen.size, expected.length);
    assert.equal(pages, Math.ceil(expected.length / 200));
    const last = budgets.at(-1)!;
    assert.equal(last.overall.limit15, 200);
    assert.equal(last.read!.limit15, 100);
    assert.ok(last.read!.usage15 >= pages + 1);
  });

  it('reads one activity, its streams and laps; tells runs from other sports', async () => {
    const t = await connectAthlete(sim.url, ids[1]!);
    const { data: page } = await client.listActivities(t.access_token, { perPage: 50 });
    const run = page.find(isRun)!;
    assert.ok(run);
    assert.ok(page.some((a) => !isRun(a)) || page.length < 50);
    const detail = await client.activity(t.access_token, run.id);
    assert.equal(detail.data.id, run.id);
    const streams = await client.streams(t.access_token, run.id);
    assert.ok(Array.isArray(streams.data.time?.data));
    const laps = await client.laps(t.access_token, run.id);
    assert.ok(Array.isArray(laps.data));
    await assert.rejects(client.activity(t.access_token, 1), NotFoundError);
  });

  it('turns faults into typed errors', async () => {
    await assert.rejects(client.athlete('nope'), (e) => e instanceof UnauthorizedError && e.missingPermission === null);
    const readOnly = await connectAthlete(sim.url, ids[2]!, 'read');
    await assert.rejects(
      client.listActivities(readOnly.access_token),
      (e) => e instanceof UnauthorizedError && /activity:read/.test(e.missingPermission ?? ''),
    );
    await assert.rejects(client.refresh('dead-token'), (e) => e instanceof BadRequestError && e.deadRefreshToken);
    await assert.rejects(
      client.exchangeCode('bad-code'),
      (e) => e instanceof BadRequestError && e.resource === 'AuthorizationCode',
    );
    const t = await connectAthlete(sim.url, ids[0]!);
    await control(sim.url, 'POST', '/faults', { kind: 'error', status: 503, count: 1, path: '/api/v3/athlete' });
    await assert.rejects(client.athlete(t.access_token), (e) => e instanceof TransientError && e.status === 503);
    await control(sim.url, 'POST', '/faults', { kind: 'drop', count: 1, path: '/api/v3/athlete' });
    await assert.rejects(client.athlete(t.access_token), TransientError);
    await control(sim.url, 'PUT', '/rate-limits', { read15: 1, resetUsage: true });
    await client.athlete(t.access_token);
    await assert.rejects(
      client.athlete(t.access_token),
      (e) => e instanceof RateLimitedError && e.budget!.read!.usage15 === 2,
    );
    await control(sim.url, 'PUT', '/rate-limits', { read15: 100, resetUsage: true });
  });

  it('refreshes (rotating the refresh token) and revokes the grant', async () => {
    const t = await connectAthlete(sim.url, ids[1]!);
    await control(sim.url, 'POST', `/athletes/${ids[1]}/expire-token`);
    const r = await client.refresh(t.refresh_token);
    assert.notEqual(r.access_token, t.access_token);
    assert.notEqual(r.refresh_token, t.refresh_token);
    await assert.rejects(client.refresh(t.refresh_token), BadRequestError);
    await client.revoke(r.access_token);
    await assert.rejects(client.athlete(r.access_token), UnauthorizedError);
  });

  it('builds the authorize URL on the configured OAuth base', () => {
    const u = new URL(client.authorizeUrl({ redirectUri: 'http://x/cb', scope: 'read,activity:read_all', state: 's' }));
    assert.equal(u.origin + u.pathname, `${sim.url}/oauth/authorize`);
    assert.equal(u.searchParams.get('client_id'), TEST_CLIENT.clientId);
    assert.equal(u.searchParams.get('scope'), 'read,activity:read_all');
  });
});
