import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from './service.ts';
import { sampleRun } from './testing.ts';

let sys: TestServices;
let token: string;
before(async () => {
  sys = await startTestServices('totals', [tokendealer, data]);
  token = await sys.serviceToken();
});
after(async () => {
  await sys.close();
});

async function get(path: string, bearer = token) {
  const res = await fetch(`${sys.urls.data}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { code?: string } };
}

/** Runs around the turn of a week and of a year, as lived in New York. */
async function runner() {
  const user = randomUUID();
  const at = (iso: string, km: number, more = {}) =>
    sampleRun(user, {
      start_time: iso,
      distance_m: km * 1000,
      moving_time_s: km * 300,
      elapsed_time_s: km * 300,
      ...more,
    });
  const runs = [
    at('2025-12-31T23:00:00Z', 10, { name: 'Last run of 2025' }), // 18:00 on the 31st in New York
    at('2026-01-01T03:30:00Z', 5, { name: 'Midnight run' }), // 22:30 on the 31st in New York, 2026 in UTC
    at('2026-01-04T15:00:00Z', 21.1, { name: 'Sunday long run', elevation_gain_m: 300 }),
    at('2026-01-05T12:00:00Z', 8, { name: 'Easy Monday', sport_type: 'TrailRun' }),
    at('2026-01-07T12:00:00Z', 6, { name: 'Intervals on the track', moving_time_s: 1500, elapsed_time_s: 1600 }),
  ];
  const res = await fetch(`${sys.urls.data}/runs/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ runs }),
  });
  assert.equal(res.status, 200);
  return user;
}

describe('totals per period', () => {
  it('adds up runs per year and per week in the runner’s zone and first day of week', async () => {
    const user = await runner();
    const ny = encodeURIComponent('America/New_York');
    const years = await get(`/users/${user}/totals?period=year&tz=${ny}&to=2026-06-30`);
    assert.equal(years.status, 200);
    assert.deepEqual(
      (years.body.buckets as Array<{ key: string; count: number; distance_m: number }>).map((b) => [
        b.key,
        b.count,
        b.distance_m,
      ]),
      [
        ['2025', 2, 15000],
        ['2026', 3, 35100],
      ],
      'all time, from the first run: the midnight run is still 2025 in New York',
    );
    const utcYears = await get(`/users/${user}/totals?period=year&tz=UTC&from=2026-01-01&to=2026-12-31`);
    assert.equal((utcYears.body.buckets as Array<{ count: number }>)[0]!.count, 4);

    const mondays = await get(`/users/${user}/totals?period=week&tz=${ny}&from=2025-12-29&to=2026-01-11`);
    assert.deepEqual(
      (mondays.body.buckets as Array<{ key: string; count: number }>).map((b) => [b.key, b.count]),
      [
        ['2025-12-29', 3],
        ['2026-01-05', 2],
      ],
    );
    const sundays = await get(
      `/users/${user}/totals?period=week&tz=${ny}&first_day=sunday&from=2025-12-28&to=2026-01-10`,
    );
    assert.deepEqual(
      (sundays.body.buckets as Array<{ key: string; count: number; elevation_gain_m: number }>).map((b) => [
        b.key,
        b.count,
      ]),
      [
        ['2025-12-28', 2],
        ['2026-01-04', 3],
      ],
    );
    assert.equal((sundays.body.all as { count: number }).count, 5);
  });

  it('answers a bad range or zone with a coded 400, and another user’s token with 403', async () => {
    const user = await runner();
    const backwards = await get(`/users/${user}/totals?period=month&from=2026-02-01&to=2026-01-01`);
    assert.deepEqual([backwards.status, backwards.body.code], [400, 'invalid_range']);
    const tooLong = await get(`/users/${user}/totals?period=day&from=2020-01-01&to=2026-01-01`);
    assert.deepEqual([tooLong.status, tooLong.body.code], [400, 'invalid_range']);
    const zone = await get(`/users/${user}/totals?period=week&tz=Mars/Olympus&to=2026-01-01`);
    assert.deepEqual([zone.status, zone.body.code], [400, 'invalid_timezone']);
    const other = await sys.userToken(randomUUID());
    assert.equal((await get(`/users/${user}/totals?period=year&to=2026-01-01`, other)).status, 403);
  });
});

describe('run search', () => {
  it('filters by calendar dates, type and name, sorts and pages, with the count and sums of all matches', async () => {
    const user = await runner();
    const names = (body: Record<string, unknown>) => (body.runs as Array<{ name: string }>).map((r) => r.name);
    const ny = encodeURIComponent('America/New_York');
    const y2025 = await get(`/users/${user}/runs/search?from=2025-12-31&to=2025-12-31&tz=${ny}`);
    assert.deepEqual(names(y2025.body), ['Midnight run', 'Last run of 2025']);
    const trail = await get(`/users/${user}/runs/search?type=TrailRun`);
    assert.deepEqual(names(trail.body), ['Easy Monday']);
    const byName = await get(`/users/${user}/runs/search?q=${encodeURIComponent('LONG')}`);
    assert.deepEqual(names(byName.body), ['Sunday long run']);
    const fastest = await get(`/users/${user}/runs/search?sort=pace&order=asc&limit=1`);
    assert.deepEqual(names(fastest.body), ['Intervals on the track']);
    const longest = await get(`/users/${user}/runs/search?sort=distance&limit=2&offset=1`);
    assert.deepEqual(names(longest.body), ['Last run of 2025', 'Easy Monday']);
    assert.equal(longest.body.total, 5);
    assert.deepEqual(longest.body.totals, { count: 5, distance_m: 50100, moving_time_s: 14730, elevation_gain_m: 468 });
    const literal = await get(`/users/${user}/runs/search?q=${encodeURIComponent('%')}`);
    assert.equal(literal.body.total, 0, 'a % in the words is a %, not a wildcard');
  });
});
