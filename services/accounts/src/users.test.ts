import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, newEmail, startAccountsTestSystem, tokenFromMail, type AccountsTestSystem } from './testing.ts';
import { waitFor } from '@runnerly/testing';

let sys: AccountsTestSystem;
let gw: string;
const api = (method: string, path: string, body?: unknown, bearer = gw) =>
  call(sys.urls.accounts!, method, path, body, bearer);
before(async () => {
  sys = await startAccountsTestSystem('users');
  gw = await sys.gatewayToken();
});
after(async () => {
  await sys.close();
});

async function activeUser(tag: string): Promise<{ email: string; id: string; token: string }> {
  const email = newEmail(tag);
  await api('POST', '/signup', { email, password: 'correct horse battery', name: tag });
  const res = await api('POST', '/activate', {
    token: tokenFromMail((await sys.mailTo(email, 'Confirm your Runnerly account')).text, '/activate'),
  });
  return { email, id: res.body.user_id, token: await sys.userToken(res.body.user_id) };
}

describe('profile', () => {
  it("reads and changes one's own profile", async () => {
    const ann = await activeUser('ann');
    const initial = await api('GET', `/users/${ann.id}/profile`, undefined, ann.token);
    assert.equal(initial.status, 200);
    assert.equal(initial.body.email, ann.email);
    assert.deepEqual(
      [initial.body.units, initial.body.time_zone, initial.body.first_day_of_week, initial.body.email_preferences],
      ['km', 'UTC', 'monday', { monthly_report: true }],
    );
    const patch = {
      name: 'Ann Runner',
      age: 40,
      sex: 'female',
      weight_kg: 58.5,
      max_hr: 185,
      rest_hr: 48,
      units: 'mi',
      time_zone: 'Europe/Paris',
      first_day_of_week: 'sunday',
      email_preferences: { monthly_report: false },
    };
    const res = await api('PATCH', `/users/${ann.id}/profile`, patch, ann.token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.birth_year, new Date().getUTCFullYear() - 40);
    assert.equal(res.body.age, 40);
    assert.deepEqual(
      [
        res.body.name,
        res.body.sex,
        res.body.weight_kg,
        res.body.max_hr,
        res.body.rest_hr,
        res.body.units,
        res.body.time_zone,
        res.body.first_day_of_week,
        res.body.email_preferences,
      ],
      ['Ann Runner', 'female', 58.5, 185, 48, 'mi', 'Europe/Paris', 'sunday', { monthly_report: false }],
    );
    const cleared = await api('PATCH', `/users/${ann.id}/profile`, { weight_kg: null, birth_year: 1990 }, ann.token);
    assert.deepEqual([cleared.body.weight_kg, cleared.body.birth_year, cleared.body.units], [null, 1990, 'mi']);
    assert.deepEqual((await api('GET', `/users/${ann.id}/profile`, undefined, ann.token)).body, cleared.body);
  });

  it('refuses bad profiles with 400 and changes nothing', async () => {
    const bob = await activeUser('bob');
    const cases: Array<[unknown, string]> = [
      [{ time_zone: 'Mars/Olympus' }, 'invalid_profile'],
      [{ age: 30, birth_year: 1990 }, 'invalid_profile'],
      [{ max_hr: 110, rest_hr: 115 }, 'invalid_profile'],
      [{ units: 'furlongs' }, 'invalid_request'],
      [{ weight_kg: -3 }, 'invalid_request'],
      [{ email: 'x@y.z' }, 'invalid_request'],
      [{ email_preferences: { spam: true } }, 'invalid_request'],
      [{}, 'invalid_request'],
    ];
    for (const [body, code] of cases) {
      const res = await api('PATCH', `/users/${bob.id}/profile`, body, bob.token);
      assert.deepEqual([res.status, res.body.code], [400, code], JSON.stringify(body));
    }
    const profile = (await api('GET', `/users/${bob.id}/profile`, undefined, bob.token)).body;
    assert.deepEqual([profile.time_zone, profile.max_hr, profile.units, profile.birth_year], ['UTC', null, 'km', null]);
  });
});

describe('user tokens', () => {
  it('reach their own user only, on every route', async () => {
    const alice = await activeUser('alice');
    const bob = await activeUser('bob');
    const routes: Array<[string, string, unknown]> = [
      ['GET', `/users/${bob.id}/profile`, undefined],
      ['PATCH', `/users/${bob.id}/profile`, { name: 'pwned' }],
      [
        'POST',
        `/users/${bob.id}/password`,
        { current_password: 'correct horse battery', new_password: 'alice owns you now' },
      ],
      ['DELETE', `/users/${bob.id}`, undefined],
      ['GET', `/users/${bob.id}/export`, undefined],
    ];
    for (const [method, path, body] of routes) {
      const res = await api(method, path, body, alice.token);
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.code, 'forbidden');
    }
    const profile = await api('GET', `/users/${bob.id}/profile`, undefined, bob.token);
    assert.equal(profile.body.name, 'bob');
    assert.equal(
      (await api('POST', '/login', { email: bob.email, password: 'correct horse battery', ip: '10.3.0.1' })).status,
      200,
    );
    // A user token cannot use the gateway's visitor routes either.
    assert.equal(
      (await api('POST', '/signup', { email: newEmail(), password: 'correct horse battery' }, alice.token)).status,
      403,
    );
    // A service token with the scope acts for anyone.
    assert.equal((await api('GET', `/users/${bob.id}/profile`, undefined, gw)).status, 200);
    assert.equal((await api('GET', '/users/6f1c1f36-9f1e-4d7e-8d2a-4f5b7a1c2d3e/profile', undefined, gw)).status, 404);
  });
});

describe('export and deletion', () => {
  it('exports everything about the user, without hashes', async () => {
    const carl = await activeUser('carl');
    await api('POST', '/login', { email: carl.email, password: 'wrong password', ip: '10.4.0.1' });
    const res = await api('GET', `/users/${carl.id}/export`, undefined, carl.token);
    assert.equal(res.status, 200);
    assert.equal(res.body.profile.email, carl.email);
    assert.deepEqual(
      res.body.tokens.map((t: { kind: string; used_at: string | null }) => [t.kind, t.used_at !== null]),
      [['activation', true]],
    );
    assert.deepEqual(
      res.body.failed_logins.map((f: { ip: string }) => f.ip),
      ['10.4.0.1'],
    );
    const text = JSON.stringify(res.body);
    assert.ok(!text.includes('argon2') && !text.includes('hash'), 'no hashes in the export');
  });

  it('deletes the account and, through account.deleted, its runs in the data service', async () => {
    const dora = await activeUser('dora');
    const run = (i: number) => ({
      user_id: dora.id,
      source: 'file',
      source_id: `dora${i}`,
      name: 'Easy run',
      sport_type: 'Run',
      start_time: `2026-03-1${i}T06:30:00.000Z`,
      timezone: 'Europe/Paris',
      distance_m: 8000,
      moving_time_s: 2600,
      elapsed_time_s: 2700,
    });
    const added = await call(sys.urls.data!, 'POST', '/runs/batch', { runs: [run(1), run(2), run(3)] }, dora.token);
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const count = async () =>
      (await call(sys.urls.data!, 'GET', `/users/${dora.id}/runs?limit=100`, undefined, gw)).body.runs.length as number;
    assert.equal(await count(), 3);
    const res = await api('DELETE', `/users/${dora.id}`, undefined, dora.token);
    assert.equal(res.status, 204);
    assert.equal((await api('GET', `/users/${dora.id}/profile`, undefined, gw)).status, 404);
    assert.equal(
      (await api('POST', '/login', { email: dora.email, password: 'correct horse battery', ip: '10.5.0.1' })).status,
      401,
    );
    await waitFor('the data service to delete the runs', async () => (await count()) === 0, 10_000);
    assert.equal((await api('DELETE', `/users/${dora.id}`, undefined, gw)).status, 404);
    // The address is free again.
    assert.equal((await api('POST', '/signup', { email: dora.email, password: 'correct horse battery' })).status, 202);
    await sys.mailTo(dora.email, 'Confirm your Runnerly account');
  });
});
