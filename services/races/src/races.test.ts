import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestServices } from '@runnerly/service-kit/testing';
import { waitFor } from '@runnerly/testing';
import { sampleRace, startRaces } from './testing.ts';

let sys: TestServices;
const alice = randomUUID();
const bob = randomUUID();
const tokens: Record<string, string> = {};
before(async () => {
  sys = await startRaces('races');
  tokens.alice = await sys.userToken(alice);
  tokens.bob = await sys.userToken(bob);
  tokens.service = await sys.serviceToken();
});
after(async () => {
  await sys.close();
});

async function call(who: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sys.urls.races}${path}`, {
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
const listAll = async (query = '') => (await call('bob', 'GET', `/races?limit=100${query}`)).body;

describe('adding races', () => {
  it('stores a race with its start in its own zone; every runner sees it', async () => {
    const added = await call(
      'alice',
      'POST',
      '/races',
      sampleRace({ name: '  Semi de   Paris ', start_local: '2026-03-29T08:45', distance: 'half' }),
    );
    assert.equal(added.status, 201);
    const race = added.body;
    assert.equal(race.name, 'Semi de Paris', 'trimmed, single spaces');
    assert.equal(race.start_time, '2026-03-29T06:45:00.000Z', '08:45 in Paris on the day summer time starts');
    assert.equal(race.distance_m, 21097.5);
    assert.deepEqual([race.created_by, race.participants, race.status], [alice, 0, 'scheduled']);
    const seen = await call('bob', 'GET', `/races/${race.id}`);
    assert.deepEqual(seen.body, race);
    assert.ok(
      (await listAll()).races.some((r: { id: string }) => r.id === race.id),
      "the race is in another runner's list",
    );
  });

  it('refuses the same race twice (any case and spacing) and points to the existing one', async () => {
    const first = (await call('alice', 'POST', '/races', sampleRace({ name: 'Lyon Urban Trail', distance: '10k' })))
      .body;
    const again = await call('bob', 'POST', '/races', sampleRace({ name: 'lyon  urban TRAIL', distance: '10k' }));
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'race_exists');
    assert.equal(again.body.race_id, first.id);
    const otherDistance = await call('bob', 'POST', '/races', sampleRace({ name: 'Lyon Urban Trail', distance: '5k' }));
    assert.equal(otherDistance.status, 201, 'the 5K of the same event is another race');
    const named = await listAll('&q=urban%20trail');
    assert.equal(named.total, 2);
  });

  it('refuses bad races with a clear message and stores nothing', async () => {
    const before = (await listAll()).total;
    const cases: Array<[Partial<Parameters<typeof sampleRace>[0]>, string, RegExp]> = [
      [{ start_local: '2026-03-10T13:30', timezone: 'Europe/Paris' }, 'race_in_past', /in the past/],
      [{ start_local: '2025-10-01T09:00' }, 'race_in_past', /2025-10-01 09:00 in Europe\/Paris/],
      [{ timezone: 'Mars/Olympus_Mons' }, 'invalid_timezone', /Unknown time zone "Mars\/Olympus_Mons"/],
      [{ start_local: '2026-02-30T09:00' }, 'invalid_date', /not a date/],
      [{ start_local: '2036-04-01T09:00' }, 'invalid_date', /5 years ahead/],
      [{ distance: 'custom', distance_m: 0 }, 'invalid_distance', /more than 0 m/],
      [{ distance: 'custom', distance_m: -5000 }, 'invalid_distance', /more than 0 m/],
      [{ distance: 'custom', distance_m: 42_195_000 }, 'invalid_distance', /longest races/],
      [{ distance: 'custom' }, 'invalid_distance', /needs distance_m/],
      [{ distance: 'marathon', distance_m: 21097 }, 'invalid_distance', /marathon is 42195 m/],
      [{ name: '   ' }, 'invalid_race', /name must not be empty/],
      [{ url: 'javascript:alert(1)' }, 'invalid_request', /url/],
    ];
    for (const [overrides, code, message] of cases) {
      const res = await call('alice', 'POST', '/races', sampleRace(overrides));
      assert.equal(res.status, 400, JSON.stringify(overrides));
      assert.equal(res.body.code, code, JSON.stringify(overrides));
      assert.match(res.body.message, message);
    }
    assert.equal((await listAll()).total, before);
  });

  it('accepts a custom distance in metres', async () => {
    const res = await call(
      'alice',
      'POST',
      '/races',
      sampleRace({ name: 'Eco-Trail 80', distance: 'custom', distance_m: 80_000, timezone: 'America/New_York' }),
    );
    assert.equal(res.status, 201);
    assert.equal(res.body.distance_m, 80_000);
    assert.equal(res.body.start_time, '2026-04-12T13:30:00.000Z');
  });

  it('is added by a runner: a service token cannot add one, a token without races:write neither', async () => {
    const service = await call('service', 'POST', '/races', sampleRace());
    assert.equal(service.status, 403);
    tokens.readOnly = await sys.userToken(alice, ['races:read']);
    const readOnly = await call('readOnly', 'POST', '/races', sampleRace());
    assert.equal(readOnly.status, 403);
    assert.match(readOnly.body.message, /races:write/);
  });
});

describe('only the creator changes a race', () => {
  it("refuses another runner's edit, cancel and delete, and leaves the race as it was", async () => {
    const race = (await call('alice', 'POST', '/races', sampleRace({ name: 'Marseille-Cassis' }))).body;
    for (const [method, body] of [
      ['PATCH', { name: 'Stolen race' }],
      ['PATCH', { status: 'cancelled' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await call('bob', method, `/races/${race.id}`, body);
      assert.equal(res.status, 403, `${method} ${JSON.stringify(body)}`);
      assert.equal(res.body.code, 'not_creator');
    }
    const still = (await call('alice', 'GET', `/races/${race.id}`)).body;
    assert.deepEqual(still, race);
  });

  it('lets the creator change it, checked like a new race', async () => {
    const race = (await call('alice', 'POST', '/races', sampleRace({ name: 'Nice Half' }))).body;
    const moved = await call('alice', 'PATCH', `/races/${race.id}`, {
      start_local: '2026-04-19T08:00',
      distance: 'half',
      place: 'Nice, Promenade des Anglais',
    });
    assert.equal(moved.status, 200);
    assert.deepEqual(
      [moved.body.start_time, moved.body.distance_m, moved.body.place],
      ['2026-04-19T06:00:00.000Z', 21097.5, 'Nice, Promenade des Anglais'],
    );
    const past = await call('alice', 'PATCH', `/races/${race.id}`, { start_local: '2026-03-01T08:00' });
    assert.equal(past.body.code, 'race_in_past');
    const other = (await call('alice', 'POST', '/races', sampleRace({ name: 'Nice Half', distance: '10k' }))).body;
    const clash = await call('alice', 'PATCH', `/races/${other.id}`, {
      distance: 'half',
      start_local: '2026-04-19T10:00',
    });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.race_id, race.id);
    assert.equal((await call('alice', 'GET', `/races/${race.id}`)).body.start_time, '2026-04-19T06:00:00.000Z');
  });

  it('deletes a race nobody marked; one with participants can only be cancelled', async () => {
    const lonely = (await call('alice', 'POST', '/races', sampleRace())).body;
    assert.equal((await call('alice', 'DELETE', `/races/${lonely.id}`)).status, 204);
    assert.equal((await call('bob', 'GET', `/races/${lonely.id}`)).status, 404);

    const race = (await call('alice', 'POST', '/races', sampleRace())).body;
    await call('bob', 'PUT', `/races/${race.id}/participants/${bob}`, { goal: { kind: 'finish' } });
    const refused = await call('alice', 'DELETE', `/races/${race.id}`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'race_has_participants');
    assert.match(refused.body.message, /1 runner has marked this race.*only cancelled/);
    const cancelled = await call('alice', 'PATCH', `/races/${race.id}`, { status: 'cancelled' });
    assert.deepEqual([cancelled.body.status, cancelled.body.participants], ['cancelled', 1]);
    const bobs = (await call('bob', 'GET', `/users/${bob}/races`)).body.races;
    assert.equal(bobs.find((e: { race: { id: string } }) => e.race.id === race.id).race.status, 'cancelled');
    const mark = await call('alice', 'PUT', `/races/${race.id}/participants/${alice}`, { goal: { kind: 'finish' } });
    assert.equal(mark.body.code, 'race_cancelled');
  });
});

describe("I'm running it", () => {
  it('marks a race with a goal, counts the runner, lists it as theirs only', async () => {
    const race = (await call('alice', 'POST', '/races', sampleRace({ name: 'Bordeaux 10K' }))).body;
    const marked = await call('bob', 'PUT', `/races/${race.id}/participants/${bob}`, {
      goal: { kind: 'time', target_s: 45 * 60 },
    });
    assert.equal(marked.status, 200);
    assert.deepEqual(marked.body.goal, { kind: 'time', target_s: 2700 });
    assert.equal(marked.body.result, null);
    assert.equal(marked.body.race.participants, 1);
    const changed = await call('bob', 'PUT', `/races/${race.id}/participants/${bob}`, { goal: { kind: 'finish' } });
    assert.deepEqual(changed.body.goal, { kind: 'finish' });
    assert.equal(changed.body.race.participants, 1, 'changing the goal is no second entry');
    const mine = (await call('bob', 'GET', `/users/${bob}/races`)).body.races;
    assert.ok(mine.some((e: { race: { id: string } }) => e.race.id === race.id));
    const hers = (await call('alice', 'GET', `/users/${alice}/races`)).body.races;
    assert.ok(!hers.some((e: { race: { id: string } }) => e.race.id === race.id));
    const byService = (await call('service', 'GET', `/users/${bob}/races`)).body.races;
    assert.deepEqual(byService, mine, 'a service token reads any runner’s races');
  });

  it("refuses one runner reading or changing another's entries", async () => {
    const race = (await call('alice', 'POST', '/races', sampleRace())).body;
    await call('bob', 'PUT', `/races/${race.id}/participants/${bob}`, { goal: { kind: 'finish' } });
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/users/${bob}/races`],
      ['GET', `/races/${race.id}/participants/${bob}`],
      ['PUT', `/races/${race.id}/participants/${bob}`, { goal: { kind: 'time', target_s: 3600 } }],
      ['DELETE', `/races/${race.id}/participants/${bob}`],
      ['PUT', `/races/${race.id}/participants/${bob}/result`, { elapsed_time_s: 3000 }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call('alice', method, path, body);
      assert.equal(res.status, 403, `${method} ${path}`);
    }
    const entry = (await call('bob', 'GET', `/races/${race.id}/participants/${bob}`)).body;
    assert.deepEqual([entry.goal, entry.result], [{ kind: 'finish' }, null]);
  });

  it('refuses goals faster than the world record or slower than walking', async () => {
    const race = (await call('alice', 'POST', '/races', sampleRace({ distance: 'marathon' }))).body;
    const fast = await call('bob', 'PUT', `/races/${race.id}/participants/${bob}`, {
      goal: { kind: 'time', target_s: 1 * 3600 + 50 * 60 },
    });
    assert.equal(fast.status, 400);
    assert.equal(fast.body.code, 'invalid_goal');
    assert.match(fast.body.message, /1:50:00 is faster than the world record for 42.2 km/);
    const slow = await call('bob', 'PUT', `/races/${race.id}/participants/${bob}`, {
      goal: { kind: 'time', target_s: 12 * 3600 },
    });
    assert.match(slow.body.message, /slower than walking/);
    const none = await call('bob', 'GET', `/races/${race.id}/participants/${bob}`);
    assert.equal(none.body.code, 'not_running', 'nothing was stored');
    const sub3 = await call('bob', 'PUT', `/races/${race.id}/participants/${bob}`, {
      goal: { kind: 'time', target_s: 2 * 3600 + 59 * 60 },
    });
    assert.equal(sub3.status, 200);
  });

  it('unmarks a race', async () => {
    const race = (await call('alice', 'POST', '/races', sampleRace())).body;
    await call('bob', 'PUT', `/races/${race.id}/participants/${bob}`, { goal: { kind: 'finish' } });
    assert.equal((await call('bob', 'DELETE', `/races/${race.id}/participants/${bob}`)).status, 204);
    assert.equal((await call('bob', 'GET', `/races/${race.id}`)).body.participants, 0);
    assert.equal((await call('bob', 'DELETE', `/races/${race.id}/participants/${bob}`)).body.code, 'not_running');
  });

  it('takes no typed-in result before the race', async () => {
    const race = (await call('alice', 'POST', '/races', sampleRace())).body;
    await call('bob', 'PUT', `/races/${race.id}/participants/${bob}`, { goal: { kind: 'finish' } });
    const early = await call('bob', 'PUT', `/races/${race.id}/participants/${bob}/result`, { elapsed_time_s: 2900 });
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'race_not_started');
  });
});

describe('events', () => {
  it('publishes race.created and race.updated with the race, through the outbox', async () => {
    const seen: Array<{ topic: string; race: { id: string; name: string; status: string } }> = [];
    await sys.bus.subscribe('test.race-events', ['race.created', 'race.updated'], async (m) => {
      seen.push({ topic: m.topic, race: (m.payload as { race: (typeof seen)[number]['race'] }).race });
    });
    const race = (await call('alice', 'POST', '/races', sampleRace({ name: 'Evented 10K' }))).body;
    await call('alice', 'PATCH', `/races/${race.id}`, { name: 'Evented 10K (new course)' });
    await call('alice', 'PATCH', `/races/${race.id}`, { status: 'cancelled' });
    await call('bob', 'PATCH', `/races/${race.id}`, { name: 'Not his' });
    const mine = () => seen.filter((e) => e.race.id === race.id);
    await waitFor('three events of the race', () => mine().length >= 3, 10_000);
    assert.deepEqual(
      mine().map((e) => [e.topic, e.race.name, e.race.status]),
      [
        ['race.created', 'Evented 10K', 'scheduled'],
        ['race.updated', 'Evented 10K (new course)', 'scheduled'],
        ['race.updated', 'Evented 10K (new course)', 'cancelled'],
      ],
    );
  });
});

describe('two runners adding the same race at once', () => {
  it('store it once; the other is pointed to it', async () => {
    const input = sampleRace({ name: 'Simultaneous Half', distance: 'half' });
    const answers = await Promise.all([
      call('alice', 'POST', '/races', input),
      call('bob', 'POST', '/races', { ...input, name: 'simultaneous half' }),
    ]);
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 409);
    assert.deepEqual([created.length, refused.length], [1, 1]);
    assert.equal(refused[0]!.body.race_id, created[0]!.body.id);
    assert.equal((await listAll('&q=simultaneous%20half')).total, 1);
  });
});

describe('a deleted account', () => {
  it("takes the runner's entries along; the races they added stay", async () => {
    const carol = randomUUID();
    tokens.carol = await sys.userToken(carol);
    const hers = (await call('carol', 'POST', '/races', sampleRace({ name: 'Carol race' }))).body;
    const other = (await call('alice', 'POST', '/races', sampleRace({ name: 'Alice race for Carol' }))).body;
    await call('carol', 'PUT', `/races/${other.id}/participants/${carol}`, { goal: { kind: 'finish' } });
    await call('bob', 'PUT', `/races/${hers.id}/participants/${bob}`, { goal: { kind: 'finish' } });
    await sys.bus.publish('account.deleted', { user_id: carol });
    await waitFor(
      "Carol's entries gone",
      async () => (await call('service', 'GET', `/users/${carol}/races`)).body.races.length === 0,
      10_000,
    );
    assert.equal((await call('bob', 'GET', `/races/${other.id}`)).body.participants, 0);
    const kept = (await call('bob', 'GET', `/races/${hers.id}`)).body;
    assert.deepEqual([kept.name, kept.participants], ['Carol race', 1]);
  });
});

describe('the list', () => {
  it('filters by name, distance and date range, soonest first, in pages', async () => {
    const tag = `Zq${Date.now().toString(36)}`;
    const days = ['2026-05-03', '2026-05-10', '2026-05-17', '2026-05-24', '2026-05-31'];
    for (const [i, day] of days.entries())
      await call(
        'alice',
        'POST',
        '/races',
        sampleRace({ name: `${tag} run ${i}`, start_local: `${day}T09:00`, distance: i % 2 ? '5k' : '10k' }),
      );
    const q = `&q=${tag}`;
    const all = await listAll(q);
    assert.deepEqual(
      all.races.map((r: { name: string }) => r.name),
      days.map((_, i) => `${tag} run ${i}`),
    );
    assert.deepEqual(
      (await listAll(`${q}&distance=5k`)).races.map((r: { name: string }) => r.name),
      [`${tag} run 1`, `${tag} run 3`],
    );
    assert.deepEqual(
      (await listAll(`${q}&from=2026-05-10&to=2026-05-24`)).races.map((r: { name: string }) => r.name),
      [`${tag} run 1`, `${tag} run 2`, `${tag} run 3`],
    );
    const page1 = (await call('bob', 'GET', `/races?limit=2${q}`)).body;
    assert.deepEqual([page1.races.length, page1.total, page1.next_offset], [2, 5, 2]);
    const page3 = (await call('bob', 'GET', `/races?limit=2&offset=4${q}`)).body;
    assert.deepEqual([page3.races.length, page3.next_offset], [1, null]);
    assert.equal(page3.races[0].name, `${tag} run 4`);
    const wildcard = await listAll('&q=%25');
    assert.equal(wildcard.total, 0, 'a % typed is a % to find, not a wildcard');
    const backwards = await call('bob', 'GET', '/races?from=2026-05-10&to=2026-05-01');
    assert.equal(backwards.body.code, 'invalid_range');
    const badDate = await call('bob', 'GET', '/races?from=next-week');
    assert.equal(badDate.status, 400);
    const noDay = await call('bob', 'GET', '/races?to=2026-02-30');
    assert.deepEqual([noDay.status, noDay.body.code], [400, 'invalid_date']);
    assert.match(noDay.body.message, /2026-02-30 is not a calendar date/);
  });
});
