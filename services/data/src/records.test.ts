import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import type { BestEffort, RunRanks, UserRecords } from '@runnerly/contracts';
import { waitFor } from '@runnerly/testing';
import { data } from './service.ts';
import { sampleRun } from './testing.ts';

let sys: TestServices;
let token: string;
before(async () => {
  sys = await startTestServices('records', [tokendealer, data]);
  token = await sys.serviceToken();
});
after(async () => {
  await sys.close();
});

async function call<T>(method: string, path: string, body?: unknown, bearer = token) {
  const res = await fetch(`${sys.urls.data}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T & { code?: string } };
}

async function addRuns(runs: ReturnType<typeof sampleRun>[]): Promise<string[]> {
  const res = await call<{ runs: Array<{ id: string }> }>('POST', '/runs/batch', { runs });
  assert.equal(res.status, 200);
  return res.body.runs.map((r) => r.id);
}

/** A run with these best efforts, named as its source names them. */
const withEfforts = (user: string, start: string, name: string, efforts: BestEffort[]) =>
  sampleRun(user, {
    start_time: start,
    name,
    distance_m: 12_000,
    moving_time_s: 3600,
    elapsed_time_s: 3700,
    best_efforts: efforts,
  });

const fiveK = (s: number, name = '5k', distance_m = 5000): BestEffort => ({ name, distance_m, elapsed_time_s: s });

function record(body: UserRecords, distance: string) {
  return body.records.find((r) => r.distance === distance)!;
}

describe('personal records', () => {
  it('lists the fastest efforts per distance, all time and per year, each with its run', async () => {
    const user = randomUUID();
    const [old, fast, slow, newYear] = await addRuns([
      withEfforts(user, '2025-06-01T07:00:00Z', 'Summer 5K', [
        fiveK(1260),
        { name: '1 mile', distance_m: 1609.3, elapsed_time_s: 380 },
      ]),
      withEfforts(user, '2026-03-01T07:00:00Z', 'Parkrun', [
        fiveK(1250, '5 km', 5003),
        { name: '1k', distance_m: 1000, elapsed_time_s: 230 },
      ]),
      withEfforts(user, '2026-04-01T07:00:00Z', 'Easy long run', [
        fiveK(1500),
        { name: '10k', distance_m: 10000, elapsed_time_s: 3100 },
      ]),
      // 23:30 on New Year's Eve in Paris (22:30 UTC): a 2025 run.
      withEfforts(user, '2025-12-31T22:30:00Z', 'New Year run', [
        fiveK(1255),
        { name: 'odd', distance_m: 7000, elapsed_time_s: 2000 },
      ]),
    ]);
    const all = await call<UserRecords>('GET', `/users/${user}/records`);
    assert.equal(all.status, 200);
    assert.equal(all.body.year, null);
    assert.deepEqual(all.body.years, [2026, 2025]);
    assert.deepEqual(
      all.body.records.map((r) => r.distance),
      ['400m', 'half-mile', '1k', '1mi', '2mi', '5k', '10k', '15k', '10mi', '20k', 'half', '30k', 'marathon'],
      'every standard distance, shortest first; the 7 km effort counts for none',
    );
    const five = record(all.body, '5k');
    assert.equal(five.count, 4);
    assert.deepEqual(
      five.efforts.map((e) => [e.rank, e.run_id, e.run_name, e.elapsed_time_s, e.year]),
      [
        [1, fast, 'Parkrun', 1250, 2026],
        [2, newYear, 'New Year run', 1255, 2025],
        [3, old, 'Summer 5K', 1260, 2025],
      ],
      'a "5 km" of 5003 m is a 5K; the podium only',
    );
    assert.deepEqual(
      record(all.body, '1mi').efforts.map((e) => e.run_id),
      [old],
    );
    assert.deepEqual(record(all.body, 'marathon'), {
      distance: 'marathon',
      name: 'Marathon',
      distance_m: 42195,
      count: 0,
      efforts: [],
    });

    const y2025 = await call<UserRecords>('GET', `/users/${user}/records?year=2025`);
    assert.equal(y2025.body.year, 2025);
    assert.deepEqual(
      record(y2025.body, '5k').efforts.map((e) => e.run_id),
      [newYear, old],
      'the run of New Year’s Eve in Paris counts for 2025',
    );
    assert.deepEqual(record(y2025.body, '10k').efforts, []);
    const y2026 = await call<UserRecords>('GET', `/users/${user}/records?year=2026`);
    assert.deepEqual(
      record(y2026.body, '5k').efforts.map((e) => [e.rank, e.run_id]),
      [
        [1, fast],
        [2, slow],
      ],
    );

    const ranks = await call<RunRanks>('GET', `/runs/${slow}/ranks`);
    assert.equal(ranks.status, 200);
    assert.equal(ranks.body.year, 2026);
    assert.deepEqual(
      ranks.body.efforts.map((e) => [e.distance, e.rank, e.of, e.year_rank, e.year_of]),
      [
        ['5k', 4, 4, 2, 2],
        ['10k', 1, 1, 1, 1],
      ],
    );
  });

  it('when the run that held a record is deleted, the next best takes over', async () => {
    const user = randomUUID();
    const [holder, second, third] = await addRuns([
      withEfforts(user, '2026-02-01T07:00:00Z', 'Record', [fiveK(1190)]),
      withEfforts(user, '2026-02-08T07:00:00Z', 'Close', [fiveK(1200)]),
      withEfforts(user, '2026-02-15T07:00:00Z', 'Tied', [fiveK(1200)]),
    ]);
    const before = await call<RunRanks>('GET', `/runs/${third}/ranks`);
    assert.deepEqual(
      before.body.efforts.map((e) => [e.rank, e.of]),
      [[2, 3]],
      'the same time shares a rank',
    );
    assert.equal((await call('DELETE', `/runs/${holder}`)).status, 204);
    const after = await call<UserRecords>('GET', `/users/${user}/records`);
    assert.deepEqual(
      record(after.body, '5k').efforts.map((e) => [e.rank, e.run_id]),
      [
        [1, second],
        [1, third],
      ],
    );
    assert.equal(record(after.body, '5k').count, 2);
    assert.deepEqual((await call<RunRanks>('GET', `/runs/${third}/ranks`)).body.efforts[0]!.rank, 1);
    assert.equal((await call('GET', `/runs/${holder}/ranks`)).status, 404);
  });

  it('follows a run stored again from a richer source, and forgets a deleted account', async () => {
    const user = randomUUID();
    const file = sampleRun(user, { start_time: '2026-05-03T08:00:00Z', distance_m: 10_000, best_efforts: [] });
    const [id] = await addRuns([file]);
    assert.equal(record((await call<UserRecords>('GET', `/users/${user}/records`)).body, '10k').count, 0);
    // The same activity from Strava, with its best efforts: merged into the stored run.
    const strava = sampleRun(user, {
      source: 'strava',
      source_id: '12345678901',
      start_time: '2026-05-03T08:00:30Z',
      distance_m: 10_020,
      best_efforts: [{ name: '10K', distance_m: 10_000, elapsed_time_s: 2900 }],
      splits_km: [{ index: 1, distance_m: 1000, elapsed_time_s: 290, moving_time_s: 290 }],
      streams: { time: [0, 1], distance: [0, 3] },
    });
    const [merged] = await addRuns([strava]);
    assert.equal(merged, id);
    const ten = record((await call<UserRecords>('GET', `/users/${user}/records`)).body, '10k');
    assert.deepEqual(
      ten.efforts.map((e) => [e.run_id, e.elapsed_time_s]),
      [[id, 2900]],
    );
    await sys.bus.publish('account.deleted', { user_id: user });
    await waitFor(
      'the records to go',
      async () => (await call<UserRecords>('GET', `/users/${user}/records`)).body.years.length === 0,
      5000,
    );
  });

  it('takes the best efforts of a run that came without them from the samples attached later', async () => {
    const user = randomUUID();
    // A Strava summary: no best efforts; its samples arrive afterwards (4 m/s for 6.4 km).
    const [id] = await addRuns([
      sampleRun(user, { source: 'strava', source_id: '99887766554', distance_m: 6400, moving_time_s: 1600 }),
    ]);
    const time = Array.from({ length: 1601 }, (_, i) => i);
    const put = await call('PUT', `/runs/${id}/streams`, { time, distance: time.map((t) => t * 4) });
    assert.equal(put.status, 204);
    const five = record((await call<UserRecords>('GET', `/users/${user}/records`)).body, '5k');
    assert.deepEqual(
      five.efforts.map((e) => [e.run_id, e.elapsed_time_s]),
      [[id, 1250]],
    );
    const run = await call<{ best_efforts: BestEffort[] }>('GET', `/runs/${id}`);
    assert.deepEqual(
      run.body.best_efforts.map((b) => b.name),
      ['400m', '1/2 mile', '1k', '1 mile', '2 mile', '5k'],
    );
    // Samples sent again change nothing that was known.
    await call('PUT', `/runs/${id}/streams`, { time, distance: time.map((t) => t * 3) });
    assert.equal(
      record((await call<UserRecords>('GET', `/users/${user}/records`)).body, '5k').efforts[0]!.elapsed_time_s,
      1250,
    );
  });

  it("never shows another runner's records or ranks: 403 for the records, 404 for a run", async () => {
    const bob = randomUUID();
    const [bobRun] = await addRuns([withEfforts(bob, '2026-01-10T07:00:00Z', 'Bob', [fiveK(1300)])]);
    const alice = await sys.userToken(randomUUID());
    const records = await call('GET', `/users/${bob}/records`, undefined, alice);
    assert.deepEqual([records.status, records.body.code], [403, 'forbidden']);
    const ranks = await call('GET', `/runs/${bobRun}/ranks`, undefined, alice);
    assert.deepEqual([ranks.status, ranks.body.code], [404, 'not_found']);
    const own = await call<UserRecords>('GET', `/users/${bob}/records`, undefined, await sys.userToken(bob));
    assert.equal(record(own.body, '5k').efforts[0]!.run_id, bobRun);
    const bad = await call('GET', `/users/${bob}/records?year=nineteen`);
    assert.equal(bad.status, 400);
  });
});
