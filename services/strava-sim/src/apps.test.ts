import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningStravaSim } from './index.ts';
import { api, connectAthlete, control, startTestSim, TEST_CLIENT } from './testing.ts';

const OWN = { clientId: '7777', clientSecret: 'own-app-secret-123' };

interface AppView {
  clientId: string;
  main: boolean;
  rateLimits: { limits: Record<string, number>; usage: Record<string, number> };
  grants: number[];
}

describe('several API applications', () => {
  let s: RunningStravaSim;
  let athlete: number;

  before(async () => {
    s = await startTestSim({ now: '2026-03-10T10:05:00Z', limits: { overall15: 50, read15: 5 } });
    athlete = (await control<Array<{ id: number }>>(s.url, 'GET', '/athletes'))[0]!.id;
  });
  after(() => s.close());

  test('an unknown application is refused until it is registered, then has its own secret and Strava default limits', async () => {
    await assert.rejects(connectAthlete(s.url, athlete, 'read,activity:read_all', OWN), /authorize answered 400/);
    const made = await control<AppView>(s.url, 'POST', '/apps', {
      client_id: OWN.clientId,
      client_secret: OWN.clientSecret,
    });
    assert.equal(made.main, false);
    assert.deepEqual(made.rateLimits.limits, { overall15: 200, overallDaily: 2000, read15: 100, readDaily: 1000 });
    assert.equal(JSON.stringify(made).includes(OWN.clientSecret), false, 'the secret is not shown');
    // The main application's secret does not authenticate the other one.
    const wrong = await fetch(`${s.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: OWN.clientId, client_secret: TEST_CLIENT.clientSecret, code: 'x' }),
    });
    assert.equal(wrong.status, 401);
  });

  test('grants, refreshes and revocations are per application, and each counts its own calls', async () => {
    const own = await connectAthlete(s.url, athlete, 'read,activity:read_all', OWN);
    const main = await connectAthlete(s.url, athlete, 'read,activity:read_all', TEST_CLIENT);
    assert.notEqual(own.access_token, main.access_token);
    for (let i = 0; i < 3; i++) assert.equal((await api(s.url, own.access_token, '/athlete')).status, 200);
    const r = await api(s.url, main.access_token, '/athlete');
    assert.equal(r.headers.get('x-readratelimit-usage'), '1,1', "the main application's counters");
    const o = await api(s.url, own.access_token, '/athlete');
    assert.equal(o.headers.get('x-readratelimit-usage'), '4,4', "the other application's counters");
    assert.equal(o.headers.get('x-readratelimit-limit'), '100,1000');
    // A refresh token works only with the application it was issued to.
    const refresh = (client: { clientId: string; clientSecret: string }, token: string) =>
      fetch(`${s.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: client.clientId,
          client_secret: client.clientSecret,
          grant_type: 'refresh_token',
          refresh_token: token,
        }),
      });
    assert.equal((await refresh(TEST_CLIENT, own.refresh_token)).status, 400);
    assert.equal((await refresh(OWN, own.refresh_token)).status, 200);
    const apps = await control<AppView[]>(s.url, 'GET', '/apps');
    assert.deepEqual(
      apps.map((a) => [a.clientId, a.main, a.grants, a.rateLimits.usage.read15]),
      [
        [TEST_CLIENT.clientId, true, [athlete], 1],
        [OWN.clientId, false, [athlete], 4],
      ],
    );
    // Each application's limits are set on their own.
    const set = await control<AppView>(s.url, 'PUT', `/apps/${OWN.clientId}/rate-limits`, { read15: 4 });
    assert.equal(set.rateLimits.limits.read15, 4);
    assert.equal((await api(s.url, own.access_token, '/athlete')).status, 429);
    assert.equal((await api(s.url, main.access_token, '/athlete')).status, 200);
    // Revoking with the other application ends its grant only.
    const revoke = await fetch(`${s.url}/oauth/revoke`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${OWN.clientId}:${OWN.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ token: own.access_token }),
    });
    assert.equal(revoke.status, 200);
    const after = await control<AppView[]>(s.url, 'GET', '/apps');
    assert.deepEqual(
      after.map((a) => a.grants),
      [[athlete], []],
    );
  });
});
