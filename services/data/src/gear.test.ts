import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from './service.ts';
import { sampleRun } from './testing.ts';

let sys: TestServices;
before(async () => {
  sys = await startTestServices('gear', [tokendealer, data]);
});
after(async () => {
  await sys.close();
});

/** A runner's client: a user token of their own. */
async function runner() {
  const id = randomUUID();
  const bearer = await sys.userToken(id);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sys.urls.data}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const addRuns = async (...distances: number[]) => {
    const res = await call('POST', '/runs/batch', { runs: distances.map((d) => sampleRun(id, { distance_m: d })) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.runs.map((r: { id: string }) => r.id) as string[];
  };
  const shoes = async (name: string) => {
    const res = await call('POST', `/users/${id}/gear`, { name, brand: 'Saucony' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  };
  const gear = async () =>
    (await call('GET', `/users/${id}/gear`)).body.gear as Array<{
      id: string;
      name: string;
      distance_m: number;
      run_count: number;
      retired: boolean;
    }>;
  return { id, call, addRuns, shoes, gear };
}

describe('editing a run', () => {
  it('changes name, sport, kind of session and description, and only those', async () => {
    const me = await runner();
    const [run] = await me.addRuns(10_000);
    const before = (await me.call('GET', `/runs/${run}`)).body;
    const res = await me.call('PATCH', `/runs/${run}`, {
      name: '  Hill reps  ',
      sport_type: 'TrailRun',
      workout_type: 'workout',
      description: '8 × 90 s up the hill',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const after = (await me.call('GET', `/runs/${run}`)).body;
    assert.deepEqual(
      [after.name, after.sport_type, after.workout_type, after.description],
      ['Hill reps', 'TrailRun', 'workout', '8 × 90 s up the hill'],
    );
    assert.equal(after.distance_m, before.distance_m);
    assert.equal(after.start_time, before.start_time);
    const cleared = await me.call('PATCH', `/runs/${run}`, { workout_type: null, description: null });
    assert.deepEqual(
      [cleared.body.workout_type, cleared.body.description, cleared.body.name],
      [null, null, 'Hill reps'],
    );
    const listed = (await me.call('GET', `/users/${me.id}/runs`)).body.runs[0];
    assert.deepEqual([listed.sport_type, listed.workout_type], ['TrailRun', null]);
  });

  it('refuses bad input with a code and changes nothing', async () => {
    const me = await runner();
    const [run] = await me.addRuns(10_000);
    const before = (await me.call('GET', `/runs/${run}`)).body;
    for (const body of [
      { name: '   ' },
      { name: '' },
      { name: 'x'.repeat(201) },
      { sport_type: 'Swim' },
      { workout_type: 'nap' },
      { gear_id: 'not-a-uuid' },
      { name: 'Fine', distance_m: 1 },
      {},
    ]) {
      const res = await me.call('PATCH', `/runs/${run}`, body);
      assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.status}`);
      assert.equal(typeof res.body.code, 'string');
      assert.equal(typeof res.body.message, 'string');
    }
    assert.deepEqual((await me.call('GET', `/runs/${run}`)).body, before);
  });

  it("is refused on another runner's run, and with another runner's shoes, as absent", async () => {
    const alice = await runner();
    const bob = await runner();
    const [aliceRun] = await alice.addRuns(10_000);
    const [bobRun] = await bob.addRuns(5_000);
    const bobShoes = await bob.shoes('Bob racers');
    const res = await alice.call('PATCH', `/runs/${bobRun}`, { name: 'Mine now' });
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'not_found');
    assert.equal((await alice.call('DELETE', `/runs/${bobRun}`)).status, 404);
    const borrowed = await alice.call('PATCH', `/runs/${aliceRun}`, { name: 'Borrowed', gear_id: bobShoes });
    assert.equal(borrowed.status, 404);
    assert.match(borrowed.body.message, /gear/i);
    assert.equal((await alice.call('GET', `/runs/${aliceRun}`)).body.name, 'Morning run', 'nothing changed');
    assert.equal((await bob.call('GET', `/runs/${bobRun}`)).body.name, 'Morning run');
    assert.equal((await bob.gear())[0]!.distance_m, 0);
  });
});

describe('shoes', () => {
  it('sum the distance of their runs, kept right when runs change shoes, distance or are deleted', async () => {
    const me = await runner();
    const [a, b, c] = await me.addRuns(10_000, 5_000.4, 21_097.5);
    const road = await me.shoes('Road');
    const trail = await me.shoes('Trail');
    for (const run of [a, b, c]) assert.equal((await me.call('PATCH', `/runs/${run}`, { gear_id: road })).status, 200);
    let list = await me.gear();
    assert.deepEqual(
      list.map((g) => [g.name, g.distance_m, g.run_count]),
      [
        ['Road', 36_097.9, 3],
        ['Trail', 0, 0],
      ],
    );
    assert.equal((await me.call('GET', `/runs/${c}`)).body.gear_id, road);

    await me.call('PATCH', `/runs/${c}`, { gear_id: trail });
    list = await me.gear();
    assert.deepEqual(
      list.map((g) => [g.distance_m, g.run_count]),
      [
        [15_000.4, 2],
        [21_097.5, 1],
      ],
    );
    assert.equal((await me.call('DELETE', `/runs/${a}`)).status, 204);
    await me.call('PATCH', `/runs/${c}`, { gear_id: null });
    list = await me.gear();
    assert.deepEqual(
      list.map((g) => [g.distance_m, g.run_count]),
      [
        [5_000.4, 1],
        [0, 0],
      ],
    );
    const one = await me.call('GET', `/users/${me.id}/gear/${road}`);
    assert.equal(one.body.distance_m, 5_000.4);
  });

  it('are added, renamed and retired by their runner; removing a pair leaves its runs without shoes', async () => {
    const me = await runner();
    const [run] = await me.addRuns(8_000);
    const created = await me.call('POST', `/users/${me.id}/gear`, { name: 'Pegasus', brand: 'Nike', model: '41' });
    assert.equal(created.status, 201);
    assert.deepEqual(
      [created.body.name, created.body.brand, created.body.model, created.body.retired, created.body.source],
      ['Pegasus', 'Nike', '41', false, 'manual'],
    );
    const id = created.body.id as string;
    await me.call('PATCH', `/runs/${run}`, { gear_id: id });
    const renamed = await me.call('PATCH', `/users/${me.id}/gear/${id}`, { name: 'Old Pegasus', retired: true });
    assert.deepEqual(
      [renamed.status, renamed.body.name, renamed.body.retired, renamed.body.distance_m],
      [200, 'Old Pegasus', true, 8000],
    );
    const newer = await me.shoes('New pair');
    assert.deepEqual(
      (await me.gear()).map((g) => g.id),
      [newer, id],
      'pairs in use come first',
    );
    assert.equal((await me.call('DELETE', `/users/${me.id}/gear/${id}`)).status, 204);
    assert.equal((await me.call('GET', `/users/${me.id}/gear/${id}`)).status, 404);
    assert.equal((await me.call('GET', `/runs/${run}`)).body.gear_id, null);
    assert.equal((await me.call('DELETE', `/users/${me.id}/gear/${id}`)).status, 404);
  });

  it('refuse bad input with a code and change nothing', async () => {
    const me = await runner();
    const id = await me.shoes('Road');
    const before = await me.gear();
    for (const [method, path, body] of [
      ['POST', `/users/${me.id}/gear`, { name: '' }],
      ['POST', `/users/${me.id}/gear`, { name: '  ' }],
      ['POST', `/users/${me.id}/gear`, { brand: 'No name' }],
      ['POST', `/users/${me.id}/gear`, { name: 'x'.repeat(101) }],
      ['PATCH', `/users/${me.id}/gear/${id}`, { name: ' ' }],
      ['PATCH', `/users/${me.id}/gear/${id}`, { retired: 'yes' }],
      ['PATCH', `/users/${me.id}/gear/${id}`, { distance_m: 5 }],
      ['PATCH', `/users/${me.id}/gear/${id}`, {}],
    ] as const) {
      const res = await me.call(method, path, body);
      assert.equal(res.status, 400, `${method} ${JSON.stringify(body)} → ${res.status}`);
      assert.equal(typeof res.body.code, 'string');
    }
    assert.deepEqual(await me.gear(), before);
  });

  it('of another runner are out of reach', async () => {
    const alice = await runner();
    const bob = await runner();
    const bobShoes = await bob.shoes('Bob racers');
    assert.equal((await alice.call('GET', `/users/${bob.id}/gear`)).status, 403);
    assert.equal((await alice.call('POST', `/users/${bob.id}/gear`, { name: 'Planted' })).status, 403);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'Mine now' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await alice.call(method, `/users/${alice.id}/gear/${bobShoes}`, body);
      assert.equal(res.status, 404, `${method} → ${res.status}`);
      assert.equal(res.body.code, 'not_found');
    }
    assert.deepEqual(
      (await bob.gear()).map((g) => g.name),
      ['Bob racers'],
    );
  });
});

describe('shoes from a source', () => {
  it("are the runner's pair with that Strava gear id, added once, renamed by the runner and kept", async () => {
    const me = await runner();
    const other = await runner();
    const fromStrava = (distance_m: number, strava_gear_id = 'g123') =>
      sampleRun(me.id, { distance_m, gear: { strava_gear_id, name: 'Daily trainers' }, workout_type: 'long_run' });
    const first = await me.call('POST', '/runs/batch', { runs: [fromStrava(10_000), fromStrava(5_000)] });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    let list = await me.gear();
    assert.deepEqual(
      list.map((g) => [g.name, g.distance_m, g.run_count]),
      [['Daily trainers', 15_000, 2]],
    );
    const pair = (await me.call('GET', `/users/${me.id}/gear/${list[0]!.id}`)).body;
    assert.deepEqual([pair.source, pair.strava_gear_id], ['strava', 'g123']);
    assert.equal((await me.call('GET', `/runs/${first.body.runs[0].id}`)).body.workout_type, 'long_run');

    await me.call('PATCH', `/users/${me.id}/gear/${pair.id}`, { name: 'Pegasus 41' });
    await me.call('POST', '/runs/batch', { runs: [fromStrava(7_000), fromStrava(3_000, 'g456')] });
    list = await me.gear();
    assert.deepEqual(
      list.map((g) => [g.name, g.distance_m, g.run_count]),
      [
        ['Pegasus 41', 22_000, 3],
        ['Daily trainers', 3_000, 1],
      ],
    );
    // A pair known by its id only (a summary) takes its name from a later run; a renamed one keeps the runner's.
    const unnamed = (strava_gear_id: string, name: string) =>
      sampleRun(me.id, { distance_m: 1_000, gear: { strava_gear_id, name } });
    await me.call('POST', '/runs/batch', { runs: [unnamed('g789', 'Strava shoes g789')] });
    await me.call('POST', '/runs/batch', {
      runs: [unnamed('g789', 'Trail shoes'), unnamed('g123', 'Daily trainers')],
    });
    assert.deepEqual(
      (await me.gear()).map((g) => g.name),
      ['Pegasus 41', 'Daily trainers', 'Trail shoes'],
    );
    // Another runner's same Strava id is their own pair.
    await other.call('POST', '/runs/batch', {
      runs: [sampleRun(other.id, { gear: { strava_gear_id: 'g123', name: 'Daily trainers' } })],
    });
    assert.equal((await other.gear()).length, 1);
    assert.equal((await me.gear()).length, 3);
  });
});

describe("a source's details and Strava's shoe list", () => {
  it("sets calories, laps, splits and best efforts; keeps the run's own description; refuses bad input and others' runs", async () => {
    const me = await runner();
    const other = await runner();
    const [run] = await me.addRuns(10_000);
    assert.equal((await me.call('PATCH', `/runs/${run}`, { description: 'My words' })).status, 200);
    const details = {
      description: 'Strava words',
      calories: 612.5,
      laps: [
        { index: 1, name: 'Lap 1', distance_m: 5000, elapsed_time_s: 1500, moving_time_s: 1490 },
        { index: 2, distance_m: 5000, elapsed_time_s: 1450, moving_time_s: 1450, average_heartrate: 151 },
      ],
      splits_km: [{ index: 1, distance_m: 1000, elapsed_time_s: 300, moving_time_s: 298 }],
      best_efforts: [{ name: '5k', distance_m: 5000, elapsed_time_s: 1400 }],
    };
    assert.equal((await other.call('PUT', `/runs/${run}/details`, details)).status, 404, "another runner's run");
    assert.equal((await me.call('PUT', `/runs/${run}/details`, { calories: -1 })).status, 400);
    assert.equal((await me.call('PUT', `/runs/${run}/details`, {})).status, 400);
    assert.equal((await me.call('PUT', `/runs/${run}/details`, { laps: [{ index: 0 }] })).status, 400);
    const untouched = (await me.call('GET', `/runs/${run}`)).body;
    assert.equal(untouched.calories, null);
    assert.equal(untouched.laps, null);

    assert.equal((await me.call('PUT', `/runs/${run}/details`, details)).status, 204);
    const stored = (await me.call('GET', `/runs/${run}`)).body;
    assert.equal(stored.description, 'My words', "the runner's description stays");
    assert.equal(stored.calories, 612.5);
    assert.deepEqual(stored.laps, details.laps);
    assert.deepEqual(stored.splits_km, details.splits_km);
    assert.deepEqual(stored.best_efforts, details.best_efforts);
    const list = (await me.call('GET', `/users/${me.id}/runs?limit=5`)).body;
    assert.equal(list.runs[0].calories, 612.5);
    assert.equal(list.runs[0].laps, undefined, 'lists carry no laps');
    assert.equal((await me.call('PUT', `/runs/${randomUUID()}/details`, details)).status, 404);
  });

  it('names placeholder pairs as Strava lists them, retires what Strava retired, adds nothing, keeps the runner’s names', async () => {
    const me = await runner();
    const run = (i: number, gear: string) =>
      sampleRun(me.id, {
        source: 'strava',
        source_id: String(9_000_000 + i),
        start_time: new Date(Date.UTC(2026, 2, 1 + i, 7)).toISOString(),
        gear: { strava_gear_id: gear, name: `Strava shoes ${gear}` },
      });
    assert.equal(
      (await me.call('POST', '/runs/batch', { runs: [run(1, 'g1'), run(2, 'g2'), run(3, 'g3')] })).status,
      200,
    );
    const g3 = (await me.gear()).find((g) => g.name === 'Strava shoes g3')!;
    assert.equal((await me.call('PATCH', `/users/${me.id}/gear/${g3.id}`, { name: 'Track spikes' })).status, 200);
    const res = await me.call('PUT', `/users/${me.id}/gear/strava`, {
      shoes: [
        { strava_gear_id: 'g1', name: 'Daily trainers' },
        { strava_gear_id: 'g2', name: 'Old racers', retired: true },
        { strava_gear_id: 'g3', name: 'Strava name' },
        { strava_gear_id: 'g9', name: 'Never run in' },
      ],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const names = (await me.gear()).map((g) => [g.name, g.retired, g.run_count]);
    assert.deepEqual(names.sort(), [
      ['Daily trainers', false, 1],
      ['Old racers', true, 1],
      ['Track spikes', false, 1],
    ]);
    const other = await runner();
    assert.equal((await other.call('PUT', `/users/${me.id}/gear/strava`, { shoes: [] })).status, 403);
    assert.equal(
      (await me.call('PUT', `/users/${me.id}/gear/strava`, { shoes: [{ strava_gear_id: 'g 1', name: 'x' }] })).status,
      400,
    );
  });
});
