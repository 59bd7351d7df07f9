import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningStravaSim } from './index.ts';
import { TEST_CLIENT, api, connectAthlete, control, startTestSim } from './testing.ts';

const form = (o: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(o),
});

describe('OAuth', () => {
  let s: RunningStravaSim;
  let athletes: Array<{ id: number }>;
  const token = (o: Record<string, string>) =>
    fetch(
      `${s.url}/oauth/token`,
      form({ client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret, ...o }),
    );

  before(async () => {
    s = await startTestSim();
    athletes = await control(s.url, 'GET', '/athletes');
  });
  after(() => s.close());

  const authorizeUrl = (extra: Record<string, string> = {}) =>
    `${s.url}/oauth/authorize?${new URLSearchParams({
      client_id: TEST_CLIENT.clientId,
      redirect_uri: 'http://localhost:9/cb',
      response_type: 'code',
      scope: 'read,activity:read_all',
      approval_prompt: 'force',
      state: 'st4te',
      ...extra,
    })}`;

  test('the authorize page is labelled as the simulator and lists athletes and scopes', async () => {
    const res = await fetch(authorizeUrl());
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Strava simulator/);
    assert.match(html, new RegExp(`value="${athletes[1]!.id}"`));
    assert.match(html, /name="granted_scope" value="activity:read_all" checked/);
  });

  test('approving on the page redirects with state, code and the scope left ticked', async () => {
    // Submit the page's own form: its hidden fields, an athlete, only the required scope ticked.
    const html = await (await fetch(authorizeUrl({ scope: 'read,activity:read,activity:read_all' }))).text();
    const fields = new URLSearchParams();
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
      fields.append(m[1]!, m[2]!.replace(/&amp;/g, '&'));
    fields.append('athlete_id', String(athletes[1]!.id));
    fields.append('decision', 'approve');
    const res = await fetch(`${s.url}/oauth/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields,
      redirect: 'manual',
    });
    assert.equal(res.status, 302);
    const loc = new URL(res.headers.get('location')!);
    assert.equal(loc.origin + loc.pathname, 'http://localhost:9/cb');
    assert.equal(loc.searchParams.get('state'), 'st4te');
    assert.equal(loc.searchParams.get('scope'), 'read', 'unticked scopes are not granted');
    const t = await token({ code: loc.searchParams.get('code')!, grant_type: 'authorization_code' });
    assert.equal(t.status, 200);
    const body = (await t.json()) as { access_token: string; athlete: { id: number } };
    assert.equal(body.athlete.id, athletes[1]!.id);
    const list = await api(s.url, body.access_token, '/athlete/activities');
    assert.equal(list.status, 401);
    assert.deepEqual(await list.json(), {
      message: 'Authorization Error',
      errors: [{ resource: 'AccessToken', field: 'activity:read_permission', code: 'missing' }],
    });
  });

  test('approval_prompt=auto skips the page for a remembered athlete who already granted the scopes', async () => {
    const first = await fetch(authorizeUrl({ sim_auto: 'approve', sim_athlete: String(athletes[0]!.id) }), {
      redirect: 'manual',
    });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const code = new URL(first.headers.get('location')!).searchParams.get('code')!;
    assert.equal((await token({ code, grant_type: 'authorization_code' })).status, 200);
    const again = await fetch(authorizeUrl({ approval_prompt: 'auto' }), { redirect: 'manual', headers: { cookie } });
    assert.equal(again.status, 302);
    assert.ok(new URL(again.headers.get('location')!).searchParams.get('code'));
    const forced = await fetch(authorizeUrl({ approval_prompt: 'force' }), { redirect: 'manual', headers: { cookie } });
    assert.equal(forced.status, 200, 'force always shows the page');
  });

  test('denying redirects with error=access_denied and the state', async () => {
    const res = await fetch(authorizeUrl({ sim_auto: 'deny' }), { redirect: 'manual' });
    assert.equal(res.status, 302);
    const loc = new URL(res.headers.get('location')!);
    assert.equal(loc.searchParams.get('error'), 'access_denied');
    assert.equal(loc.searchParams.get('state'), 'st4te');
    assert.equal(loc.searchParams.get('code'), null);
  });

  test('auto-approve can untick scopes', async () => {
    const c = await connectAthlete(s.url, athletes[0]!.id, 'read,activity:read_all,profile:read_all');
    assert.equal(c.scope, 'read,activity:read_all,profile:read_all');
    const res = await fetch(
      authorizeUrl({ sim_auto: 'approve', sim_athlete: String(athletes[0]!.id), sim_scope: 'read' }),
      { redirect: 'manual' },
    );
    assert.equal(new URL(res.headers.get('location')!).searchParams.get('scope'), 'read');
  });

  test('a token response looks like Strava and a code works once', async () => {
    const res = await fetch(authorizeUrl({ sim_auto: 'approve', sim_athlete: String(athletes[2]!.id) }), {
      redirect: 'manual',
    });
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    const first = await token({ code, grant_type: 'authorization_code' });
    assert.equal(first.status, 200);
    const body = (await first.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), [
      'access_token',
      'athlete',
      'expires_at',
      'expires_in',
      'refresh_token',
      'token_type',
    ]);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 21600);
    const again = await token({ code, grant_type: 'authorization_code' });
    assert.equal(again.status, 400);
    assert.deepEqual(await again.json(), {
      message: 'Bad Request',
      errors: [{ resource: 'AuthorizationCode', field: 'code', code: 'invalid' }],
    });
  });

  test('codes are short-lived', async () => {
    const res = await fetch(authorizeUrl({ sim_auto: 'approve', sim_athlete: String(athletes[2]!.id) }), {
      redirect: 'manual',
    });
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    await control(s.url, 'POST', '/clock/advance', { minutes: 11 });
    const r = await token({ code, grant_type: 'authorization_code' });
    assert.equal(r.status, 400);
  });

  test('a bad client is refused with 401', async () => {
    const r = await fetch(
      `${s.url}/oauth/token`,
      form({ client_id: TEST_CLIENT.clientId, client_secret: 'nope', code: 'x', grant_type: 'authorization_code' }),
    );
    assert.equal(r.status, 401);
    assert.deepEqual(await r.json(), {
      message: 'Authorization Error',
      errors: [{ resource: 'Application', field: 'client_secret', code: 'invalid' }],
    });
    const bad = await fetch(authorizeUrl({ client_id: '999' }));
    assert.equal(bad.status, 400);
  });

  test('refresh: same access token while more than 1 h left, then a new one; rotation kills the old refresh token', async () => {
    const c = await connectAthlete(s.url, athletes[0]!.id);
    const r1 = await token({ grant_type: 'refresh_token', refresh_token: c.refresh_token });
    assert.equal(r1.status, 200);
    const t1 = (await r1.json()) as {
      access_token: string;
      refresh_token: string;
      expires_at: number;
      athlete?: unknown;
    };
    assert.equal(t1.access_token, c.access_token, 'more than 1 h left: same access token');
    assert.equal(t1.refresh_token, c.refresh_token);
    assert.equal(t1.athlete, undefined, 'athlete only on the code grant');

    await control(s.url, 'POST', '/clock/advance', { hours: 5, minutes: 1 });
    const r2 = await token({ grant_type: 'refresh_token', refresh_token: c.refresh_token });
    const t2 = (await r2.json()) as {
      access_token: string;
      refresh_token: string;
      expires_at: number;
      expires_in: number;
    };
    assert.notEqual(t2.access_token, c.access_token, 'less than 1 h left: a new access token');
    assert.notEqual(t2.refresh_token, c.refresh_token);
    assert.equal(t2.expires_in, 21600);
    assert.equal(
      (await api(s.url, c.access_token, '/athlete')).status,
      200,
      'the old access token stays valid until it expires',
    );
    assert.equal((await api(s.url, t2.access_token, '/athlete')).status, 200);

    const old = await token({ grant_type: 'refresh_token', refresh_token: c.refresh_token });
    assert.equal(old.status, 400);
    assert.deepEqual(await old.json(), {
      message: 'Bad Request',
      errors: [{ resource: 'RefreshToken', field: 'refresh_token', code: 'invalid' }],
    });

    await control(s.url, 'POST', '/clock/advance', { hours: 1 });
    const expired = await api(s.url, c.access_token, '/athlete');
    assert.equal(expired.status, 401, 'the old access token expired');
    assert.deepEqual(await expired.json(), {
      message: 'Authorization Error',
      errors: [{ resource: 'Athlete', field: 'access_token', code: 'invalid' }],
    });
  });

  test('revoke (Basic client auth) invalidates every token of the grant', async () => {
    const c = await connectAthlete(s.url, athletes[1]!.id);
    assert.equal((await api(s.url, c.access_token, '/athlete')).status, 200);
    const unauth = await fetch(`${s.url}/oauth/revoke`, form({ token: c.access_token }));
    assert.equal(unauth.status, 401);
    const r = await fetch(`${s.url}/oauth/revoke`, {
      ...form({ token: c.refresh_token }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${TEST_CLIENT.clientId}:${TEST_CLIENT.clientSecret}`).toString('base64')}`,
      },
    });
    assert.equal(r.status, 200);
    assert.equal((await api(s.url, c.access_token, '/athlete')).status, 401);
    assert.equal((await token({ grant_type: 'refresh_token', refresh_token: c.refresh_token })).status, 400);
  });

  test('deauthorize with the access token revokes the grant', async () => {
    const c = await connectAthlete(s.url, athletes[2]!.id);
    const r = await fetch(`${s.url}/oauth/deauthorize`, form({ access_token: c.access_token }));
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { access_token: c.access_token });
    assert.equal((await api(s.url, c.access_token, '/athlete')).status, 401);
    const again = await fetch(`${s.url}/oauth/deauthorize`, form({ access_token: c.access_token }));
    assert.equal(again.status, 401);
  });

  test('a token in the query string is refused', async () => {
    const c = await connectAthlete(s.url, athletes[0]!.id);
    const r = await fetch(`${s.url}/api/v3/athlete?access_token=${c.access_token}`);
    assert.equal(r.status, 401);
  });
});
