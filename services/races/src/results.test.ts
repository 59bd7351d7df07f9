import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { RunningService } from '@runnerly/service-kit';
import type { TestServices } from '@runnerly/service-kit/testing';
import { data } from '@runnerly/data';
import { waitFor } from '@runnerly/testing';
import { racesReplicaAt, sampleRace, startRaces } from './testing.ts';

let sys: TestServices;
let later: RunningService;
const alice = randomUUID();
const bob = randomUUID();
const tokens: Record<string, string> = {};
before(async () => {
  sys = await startRaces('race_results', [data]);
  // The same races service the afternoon after the 12 April races.
  later = await racesReplicaAt(sys, '2026-04-12T15:00:00.000Z');
  tokens.alice = await sys.userToken(alice);
  tokens.bob = await sys.userToken(bob);
  tokens.service = await sys.serviceToken();
});
after(async () => {
  await later?.close();
  await sys.close();
});

async function call(who: string, method: string, url: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${tokens[who]}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const races = (who: string, method: string, path: string, body?: unknown) =>
  call(who, method, `${sys.urls.races}${path}`, body);
const racesLater = (who: string, method: string, path: string, body?: unknown) =>
  call(who, method, `${later.url}${path}`, body);

function run(userId: string, start_time: string, distance_m: number, elapsed_time_s: number) {
  return {
    user_id: userId,
    source: 'file',
    source_id: randomUUID().replace(/-/g, ''),
    name: 'Run',
    sport_type: 'Run',
    start_time,
    timezone: 'Europe/Paris',
    distance_m,
    moving_time_s: elapsed_time_s - 10,
    elapsed_time_s,
  };
}
async function importRuns(runs: unknown[]): Promise<string[]> {
  const res = await call('service', 'POST', `${sys.urls.data}/runs/batch`, { runs });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.runs.map((r: { id: string }) => r.id);
}
const entry = async (raceId: string, userId: string) =>
  (await races('service', 'GET', `/races/${raceId}/participants/${userId}`)).body;

describe('results', () => {
  it('takes the result from the imported run of the race day within 3% of the distance', async () => {
    // 09:30 in Paris on 12 April (07:30 UTC).
    const race = (await races('alice', 'POST', '/races', sampleRace({ name: 'Paris 10K results' }))).body;
    await races('bob', 'PUT', `/races/${race.id}/participants/${bob}`, { goal: { kind: 'time', target_s: 2880 } });
    const [, raceRunId] = await importRuns([
      run(bob, '2026-04-12T06:50:00Z', 3_000, 1_100), // the warm-up
      run(bob, '2026-04-12T07:31:10Z', 10_180, 2_874), // the race, GPS a little long
      run(bob, '2026-04-13T07:30:00Z', 10_000, 3_300), // the day after
      run(alice, '2026-04-12T07:31:00Z', 10_000, 3_000), // Alice ran it but did not mark it
    ]);
    const result = await waitFor(
      'the result from the race run',
      async () => (await entry(race.id, bob)).result,
      10_000,
    );
    assert.deepEqual(result, { elapsed_time_s: 2_874, run_id: raceRunId });
    assert.equal((await entry(race.id, alice)).code, 'not_running', 'no entry made for a runner who did not mark it');
    const mine = (await races('bob', 'GET', `/users/${bob}/races`)).body.races;
    assert.deepEqual(mine.find((e: { race: { id: string } }) => e.race.id === race.id).result, {
      elapsed_time_s: 2_874,
      run_id: raceRunId,
    });
  });

  it('finds nothing in runs of another day or distance, and a typed-in result then counts', async () => {
    const race = (await races('alice', 'POST', '/races', sampleRace({ name: 'Lyon half results', distance: 'half' })))
      .body;
    await races('bob', 'PUT', `/races/${race.id}/participants/${bob}`, { goal: { kind: 'finish' } });
    // A marker race in the same batch proves the batch was handled.
    const marker = (await races('alice', 'POST', '/races', sampleRace({ name: 'Marker 5K', distance: '5k' }))).body;
    await races('bob', 'PUT', `/races/${marker.id}/participants/${bob}`, { goal: { kind: 'finish' } });
    await importRuns([
      run(bob, '2026-04-12T07:40:00Z', 20_000, 6_000), // 5% short of a half
      run(bob, '2026-04-11T07:40:00Z', 21_100, 6_100), // the day before
      run(bob, '2026-04-12T12:00:00Z', 5_050, 1_500), // the marker's run
    ]);
    await waitFor('the marker result', async () => (await entry(marker.id, bob)).result, 10_000);
    assert.equal((await entry(race.id, bob)).result, null);

    const typed = await racesLater('bob', 'PUT', `/races/${race.id}/participants/${bob}/result`, {
      elapsed_time_s: 6_300,
    });
    assert.equal(typed.status, 200);
    assert.deepEqual(typed.body.result, { elapsed_time_s: 6_300, run_id: null });
    // A run imported afterwards does not replace what the runner typed.
    await importRuns([run(bob, '2026-04-12T07:35:00Z', 21_150, 6_250)]);
    const other = (await races('alice', 'POST', '/races', sampleRace({ name: 'Marker 2', distance: '5k' }))).body;
    await races('bob', 'PUT', `/races/${other.id}/participants/${bob}`, { goal: { kind: 'finish' } });
    await importRuns([run(bob, '2026-04-12T13:00:00Z', 5_000, 1_450)]);
    await waitFor('the second marker result', async () => (await entry(other.id, bob)).result, 10_000);
    assert.deepEqual((await entry(race.id, bob)).result, { elapsed_time_s: 6_300, run_id: null });

    const record = await racesLater('bob', 'PUT', `/races/${race.id}/participants/${bob}/result`, {
      elapsed_time_s: 45 * 60,
    });
    assert.equal(record.body.code, 'invalid_result');
    assert.deepEqual((await entry(race.id, bob)).result, { elapsed_time_s: 6_300, run_id: null });
  });

  it('drops a result when its run is deleted', async () => {
    const race = (
      await races(
        'alice',
        'POST',
        '/races',
        sampleRace({ name: 'Nantes 10K results', start_local: '2026-04-19T09:30' }),
      )
    ).body;
    await races('bob', 'PUT', `/races/${race.id}/participants/${bob}`, { goal: { kind: 'finish' } });
    // Another day than the other tests' runs: the data service would take it for one of them.
    const [runId] = await importRuns([run(bob, '2026-04-19T07:32:00Z', 9_900, 2_990)]);
    await waitFor('the result', async () => (await entry(race.id, bob)).result, 10_000);
    const deleted = await call('service', 'DELETE', `${sys.urls.data}/runs/${runId}`);
    assert.equal(deleted.status, 204);
    await waitFor('the result gone', async () => (await entry(race.id, bob)).result === null, 10_000);
  });

  it('lists a race that has started no more as upcoming, still in its date range', async () => {
    const race = (await races('alice', 'POST', '/races', sampleRace({ name: 'Upcoming check' }))).body;
    const upcomingNow = (await races('bob', 'GET', '/races?q=upcoming%20check')).body;
    assert.equal(upcomingNow.total, 1);
    const upcomingLater = (await racesLater('bob', 'GET', '/races?q=upcoming%20check')).body;
    assert.equal(upcomingLater.total, 0);
    const inRange = (await racesLater('bob', 'GET', '/races?q=upcoming%20check&from=2026-04-12&to=2026-04-12')).body;
    assert.deepEqual(
      inRange.races.map((r: { id: string }) => r.id),
      [race.id],
    );
  });
});
