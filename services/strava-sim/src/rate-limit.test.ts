import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningStravaSim } from './index.ts';
import { RateLimiter } from './rate-limit.ts';
import { api, control, startTestSim } from './testing.ts';

describe('rate limits over HTTP', () => {
  let s: RunningStravaSim;
  let token: string;

  before(async () => {
    // 10:05 UTC: the 15-minute window resets at 10:15.
    s = await startTestSim({
      now: '2026-03-10T10:05:00Z',
      frozenClock: true,
      limits: { overall15: 8, overallDaily: 20, read15: 5, readDaily: 12 },
    });
    const [a] = await control<Array<{ id: number }>>(s.url, 'GET', '/athletes');
    token = (await control<{ access_token: string }>(s.url, 'POST', '/tokens', { athlete_id: a!.id })).access_token;
  });
  after(() => s.close());

  test('every API response carries the usage headers; over the limit is 429 and rejected calls count', async () => {
    for (let i = 1; i <= 5; i++) {
      const r = await api(s.url, token, '/athlete');
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('x-ratelimit-limit'), '8,20');
      assert.equal(r.headers.get('x-ratelimit-usage'), `${i},${i}`);
      assert.equal(r.headers.get('x-readratelimit-limit'), '5,12');
      assert.equal(r.headers.get('x-readratelimit-usage'), `${i},${i}`);
    }
    const over = await api(s.url, token, '/athlete');
    assert.equal(over.status, 429);
    assert.equal(over.headers.get('retry-after'), null);
    assert.equal(over.headers.get('x-readratelimit-usage'), '6,6');
    assert.deepEqual(await over.json(), {
      message: 'Rate Limit Exceeded',
      errors: [{ resource: 'Application', field: 'rate limit', code: 'exceeded' }],
    });
    const unauthorized = await fetch(`${s.url}/api/v3/athlete`);
    assert.equal(unauthorized.status, 429, 'the limit applies before authentication');
    assert.equal(unauthorized.headers.get('x-readratelimit-usage'), '7,7');
    const calls = await control<{ api: number; rateLimited: number; byStatus: Record<string, number> }>(
      s.url,
      'GET',
      '/calls',
    );
    assert.equal(calls.api, 7);
    assert.equal(calls.rateLimited, 2);
    assert.equal(calls.byStatus['200'], 5);
  });

  test('the 15-minute window resets on the quarter hour, the daily one at midnight UTC', async () => {
    await control(s.url, 'PUT', '/clock', { now: '2026-03-10T10:14:59Z' });
    assert.equal((await api(s.url, token, '/athlete')).status, 429, 'still the 10:00 window');
    await control(s.url, 'PUT', '/clock', { now: '2026-03-10T10:15:00Z' });
    const r = await api(s.url, token, '/athlete');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-readratelimit-usage'), '1,9');
    await api(s.url, token, '/athlete'); // 10 today
    await control(s.url, 'POST', '/clock/advance', { toNextWindow: true });
    for (let i = 0; i < 2; i++) assert.equal((await api(s.url, token, '/athlete')).status, 200);
    const daily = await api(s.url, token, '/athlete');
    assert.equal(daily.status, 429, 'daily read limit (12) reached');
    assert.equal(daily.headers.get('x-readratelimit-usage'), '3,13');
    await control(s.url, 'PUT', '/clock', { now: '2026-03-11T00:00:00Z' });
    const next = await api(s.url, token, '/athlete');
    assert.equal(next.status, 401, 'a new day: allowed again (the 6 h token has expired meanwhile)');
    assert.equal(next.headers.get('x-readratelimit-usage'), '1,1');
  });

  test('limits can be changed through the control API', async () => {
    const snap = await control<{ limits: Record<string, number> }>(s.url, 'PUT', '/rate-limits', {
      read15: 100,
      readDaily: 1000,
      overall15: 200,
      overallDaily: 2000,
      resetUsage: true,
    });
    assert.deepEqual(snap.limits, { overall15: 200, overallDaily: 2000, read15: 100, readDaily: 1000 });
  });
});

describe('RateLimiter', () => {
  test('counts per window on the given clock', () => {
    let now = Date.UTC(2026, 0, 1, 23, 44, 0);
    const rl = new RateLimiter(() => now, { read15: 2 });
    assert.equal(rl.take().limited, false);
    assert.equal(rl.take().limited, false);
    assert.equal(rl.take().limited, true);
    now = Date.UTC(2026, 0, 1, 23, 45, 0);
    const d = rl.take();
    assert.equal(d.limited, false);
    assert.equal(d.headers['x-readratelimit-usage'], '1,4');
    now = Date.UTC(2026, 0, 2, 0, 0, 0);
    assert.equal(rl.take().headers['x-ratelimit-usage'], '1,1');
  });
});
