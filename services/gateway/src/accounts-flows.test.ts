import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { accountScopes, scopes } from '@runnerly/contracts';
import { listMailbox, readMailbox } from '@runnerly/mail';
import { openServiceDatabase } from '@runnerly/service-kit';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { waitFor } from '@runnerly/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { accounts } from '@runnerly/accounts';
import { data } from '@runnerly/data';
import { gateway } from './service.ts';
import { migrations } from './migrations.ts';
import { databaseSessions, redisSessions, Sessions } from './session-store.ts';
import type { GatewayTables } from './tables.ts';

// The real gateway in front of the real accounts, data and token dealer: a copied session
// cookie stops working once its runner logs out, changes or resets the password, or is deleted.
let sys: TestServices;
const password = 'correct horse battery staple 42';

before(async () => {
  sys = await startTestServices('gw_sessions', [tokendealer, accounts, data, gateway], {
    scopes: [accountScopes.accountsWrite, scopes.runsRead],
    env: { GATEWAY_RATE_LIMIT_AUTH: '1000', ACCOUNTS_LOG_LEVEL: 'error' },
  });
});
after(async () => {
  await sys.close();
});

/** A browser over HTTP: keeps cookies, echoes the CSRF cookie in x-csrf-token. */
function browser(jar = new Map<string, string>()) {
  async function request(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'test-browser' };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') headers['x-csrf-token'] = jar.get('runnerly_csrf') ?? '';
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${sys.urls.gateway}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (!value || /max-age=0|expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name!);
      else jar.set(name!, value);
    }
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
  return {
    jar,
    request,
    /** Another browser holding a copy of this one's cookies. */
    copy: () => browser(new Map(jar)),
    async login(email: string, pw = password) {
      if (!jar.has('runnerly_csrf')) await request('GET', '/api/session');
      return request('POST', '/api/auth/login', { email, password: pw });
    },
  };
}

async function mail(to: string, subject: string) {
  const hit = await waitFor(
    `a mail "${subject}" to ${to}`,
    async () => (await listMailbox(sys.dataDir, { to })).find((m) => m.subject.includes(subject)),
    5000,
    20,
  );
  return (await readMailbox(sys.dataDir, hit.id))!;
}
const tokenIn = (text: string, path: string) => new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text)![1]!;

/** A new, activated runner signed in in a browser. */
async function runner(email: string) {
  const b = browser();
  await b.request('GET', '/api/session');
  assert.equal((await b.request('POST', '/api/auth/signup', { email, password })).status, 202);
  const activation = await mail(email, 'Confirm');
  assert.equal(
    (await b.request('POST', '/api/auth/activate', { token: tokenIn(activation.text, '/activate') })).status,
    200,
  );
  const login = await b.login(email);
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return { b, id: (login.body.user as { id: string }).id };
}

describe('sessions are server-side and revocable', () => {
  it('rotates the session id on login', async () => {
    const b = browser();
    await b.request('GET', '/api/session');
    const visitor = b.jar.get('runnerly_session');
    assert.ok(visitor, 'a visitor gets a session (it holds the CSRF secret)');
    const { b: signedIn } = await runner('rotate@example.com');
    const before = signedIn.copy();
    before.jar.set('runnerly_session', visitor);
    assert.equal(
      (await before.request('GET', '/api/session')).body.signed_in,
      false,
      'a visitor cookie is not signed in',
    );
    assert.notEqual(signedIn.jar.get('runnerly_session'), visitor);
    assert.ok(!String(signedIn.jar.get('runnerly_session')).includes('rotate'), 'the cookie is only an id');
  });

  it('a copied cookie stops working after logout', async () => {
    const { b } = await runner('logout@example.com');
    const thief = b.copy();
    assert.equal((await thief.request('GET', '/api/me/profile')).status, 200);
    assert.equal((await b.request('POST', '/api/auth/logout')).status, 204);
    assert.equal((await thief.request('GET', '/api/session')).body.signed_in, false);
    assert.equal((await thief.request('GET', '/api/me/profile')).status, 401);
  });

  it('a copied cookie stops working after a password change; the browser that changed it stays in', async () => {
    const { b } = await runner('change@example.com');
    const thief = b.copy();
    const other = browser();
    assert.equal((await other.login('change@example.com')).status, 200);
    const changed = await b.request('POST', '/api/me/password', {
      current_password: password,
      new_password: 'another long passphrase 77',
    });
    assert.equal(changed.status, 204, JSON.stringify(changed.body));
    assert.equal((await thief.request('GET', '/api/me/profile')).status, 401);
    assert.equal((await other.request('GET', '/api/me/profile')).status, 401, 'other browsers are signed out');
    assert.equal((await b.request('GET', '/api/me/profile')).status, 200);
    assert.equal((await b.request('POST', '/api/auth/logout')).status, 204, 'its new CSRF token works');
  });

  it('a copied cookie stops working after a password reset', async () => {
    const { b } = await runner('reset@example.com');
    const thief = b.copy();
    const anon = browser();
    await anon.request('GET', '/api/session');
    assert.equal((await anon.request('POST', '/api/auth/forgot', { email: 'reset@example.com' })).status, 202);
    const reset = await mail('reset@example.com', 'Reset');
    const res = await anon.request('POST', '/api/auth/reset', {
      token: tokenIn(reset.text, '/reset-password'),
      password: 'a brand new passphrase 31',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal((await thief.request('GET', '/api/me/profile')).status, 401);
    assert.equal((await b.request('GET', '/api/session')).body.signed_in, false);
  });

  it('a copied cookie stops working after the account is deleted, through the gateway or not', async () => {
    const deleted = await runner('delete@example.com');
    const b = deleted.b;
    const thief = b.copy();
    assert.equal((await b.request('DELETE', '/api/me')).status, 204);
    assert.equal((await thief.request('GET', '/api/session')).body.signed_in, false);
    const link = await thief.request('POST', `/api/strava/users/${deleted.id}/link`);
    assert.ok([401, 403].includes(link.status), `a Strava link cannot be started: ${link.status}`);

    // Deleted elsewhere (the accounts service directly): account.deleted ends the sessions.
    const { b: other, id } = await runner('delete2@example.com');
    const res = await fetch(`${sys.urls.accounts}/users/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await sys.serviceToken([accountScopes.accountsWrite])}` },
    });
    assert.equal(res.status, 204);
    await waitFor(
      'the session to end',
      async () => (await other.request('GET', '/api/session')).body.signed_in === false,
    );
  });

  it('lists my sessions and ends one or all the others', async () => {
    const { b } = await runner('list@example.com');
    const phone = browser();
    const tablet = browser();
    assert.equal((await phone.login('list@example.com')).status, 200);
    assert.equal((await tablet.login('list@example.com')).status, 200);
    const list = (await b.request('GET', '/api/me/sessions')).body.sessions as Array<{ id: string; current: boolean }>;
    assert.equal(list.length, 3);
    assert.equal(list.filter((s) => s.current).length, 1);
    assert.ok(list.every((s) => /^[0-9a-f]{32}$/.test(s.id) && !Object.values(b.jar).includes(s.id)));
    const phoneId = ((await phone.request('GET', '/api/me/sessions')).body.sessions as typeof list).find(
      (s) => s.current,
    )!.id;
    assert.equal((await b.request('DELETE', `/api/me/sessions/${phoneId}`)).status, 204);
    assert.equal((await phone.request('GET', '/api/session')).body.signed_in, false);
    assert.equal((await tablet.request('GET', '/api/session')).body.signed_in, true);
    const stranger = await runner('stranger@example.com');
    const tabletId = list.find((s) => !s.current && s.id !== phoneId)!.id;
    assert.equal((await stranger.b.request('DELETE', `/api/me/sessions/${tabletId}`)).status, 404, 'not yours');
    assert.equal((await b.request('DELETE', '/api/me/sessions')).body.ended, 1);
    assert.equal((await tablet.request('GET', '/api/session')).body.signed_in, false);
    assert.equal((await b.request('GET', '/api/session')).body.signed_in, true, 'this one stays');
  });
});

describe('session expiry', () => {
  it('ends a session after the idle time and after the absolute lifetime', async () => {
    const database = await openServiceDatabase<GatewayTables>(
      'gateway',
      { databaseUrl: sys.databaseUrls.gateway, dataDir: sys.dataDir },
      migrations,
    );
    try {
      let now = Date.parse('2026-05-01T08:00:00Z');
      const hour = 3600_000;
      const sessions = new Sessions(
        databaseSessions(database.db),
        { idleMs: 2 * hour, absoluteMs: 5 * hour, anonymousIdleMs: hour },
        () => now,
      );
      const user = { id: '00000000-0000-4000-8000-000000000001', email: 'clock@example.com', name: null };
      await sessions.write('sid-idle', { user } as never);
      await sessions.write('sid-abs', { user } as never);
      now += 1.5 * hour;
      assert.ok(await sessions.read('sid-abs'), 'used within the idle time');
      now += 1.5 * hour;
      assert.equal(await sessions.read('sid-idle'), undefined, 'idle for 3 h');
      assert.ok(await sessions.read('sid-abs'));
      now += 1.5 * hour;
      assert.ok(await sessions.read('sid-abs'));
      now += 1.5 * hour;
      assert.equal(await sessions.read('sid-abs'), undefined, 'past 5 h since login, however busy');
      await sessions.write('sid-visitor', { csrf: 'x' } as never);
      now += 1.5 * hour;
      assert.equal(await sessions.read('sid-visitor'), undefined, 'a visitor session idles out sooner');
    } finally {
      await database.close();
    }
  });
});

describe('sessions in Redis (REDIS_URL)', () => {
  it('keeps the same rules: expiry, list, end one, end all', async () => {
    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    const prefix = `runnerly-test:${randomUUID()}:`;
    try {
      let now = Date.parse('2026-05-01T08:00:00Z');
      const hour = 3600_000;
      const sessions = new Sessions(
        redisSessions(redis, prefix),
        { idleMs: 2 * hour, absoluteMs: 5 * hour, anonymousIdleMs: hour },
        () => now,
      );
      const user = { id: '00000000-0000-4000-8000-000000000002', email: 'redis@example.com', name: null };
      for (const sid of ['a', 'b', 'c']) await sessions.write(`sid-${sid}`, { user } as never);
      const list = await sessions.list(user.id, 'sid-a');
      assert.equal(list.length, 3);
      assert.equal(list.filter((s) => s.current).length, 1);
      assert.ok(await sessions.endOne(user.id, list.find((s) => !s.current)!.id));
      assert.equal((await sessions.list(user.id, 'sid-a')).length, 2);
      assert.equal(await sessions.endAll(user.id, 'sid-a'), 1);
      assert.ok(await sessions.read('sid-a'));
      now += 3 * hour;
      assert.equal(await sessions.read('sid-a'), undefined, 'idle for 3 h');
      assert.deepEqual(await sessions.list(user.id, undefined), []);
      const keys = await redis.keys(`${prefix}*`);
      assert.ok(
        keys.every((k) => !k.includes('sid-')),
        'only hashes of ids are stored',
      );
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });
});

describe('the development mailbox', () => {
  type Mail = { to: string; subject: string; links: Array<{ appPath: string | null }> };
  const box = async (b: ReturnType<typeof browser>) => (await b.request('GET', '/api/mailbox')).body.messages as Mail[];

  it("shows a browser only the mails its own requests caused, and a signed-in runner's own", async () => {
    const newcomer = browser();
    await newcomer.request('GET', '/api/session');
    assert.equal(
      (await newcomer.request('POST', '/api/auth/signup', { email: 'new@example.com', password })).status,
      202,
    );
    await mail('new@example.com', 'Confirm');
    const mine = await box(newcomer);
    assert.deepEqual(
      mine.map((m) => m.to),
      ['new@example.com'],
    );
    assert.match(mine[0]!.links[0]!.appPath!, /^\/activate\?token=/, 'the activation link, before any login');

    const stranger = browser();
    assert.deepEqual(await box(stranger), [], 'an anonymous browser sees nothing');
    const plain = await fetch(`${sys.urls.gateway}/mailbox`, { headers: { accept: 'application/json' } });
    assert.deepEqual(((await plain.json()) as { messages: unknown[] }).messages, []);

    // A reset asked from another browser: its link shows there, not to the newcomer's browser or anyone else.
    const { b: runnerBrowser } = await runner('owner@example.com');
    const asker = browser();
    await asker.request('GET', '/api/session');
    assert.equal((await asker.request('POST', '/api/auth/forgot', { email: 'owner@example.com' })).status, 202);
    await mail('owner@example.com', 'Reset');
    assert.deepEqual(
      (await box(asker)).map((m) => m.subject),
      ['Reset your Runnerly password'],
    );
    assert.ok(!(await box(newcomer)).some((m) => m.to === 'owner@example.com'));
    assert.deepEqual(await box(stranger), []);
    // The signed-in runner sees every mail to their address (and no one else's).
    const own = await box(runnerBrowser);
    assert.ok(own.length >= 2 && own.every((m) => m.to === 'owner@example.com'));
  });

  it('is never served to the network: the gateway refuses to start on a non-loopback address without SMTP', async () => {
    await assert.rejects(
      gateway.start({
        env: {
          HOST: '0.0.0.0',
          PORT: '0',
          LOG_LEVEL: 'silent',
          DATA_DIR: sys.dataDir,
          TOKENDEALER_URL: sys.urls.tokendealer!,
          ...(sys.databaseUrls.gateway ? { DATABASE_URL: sys.databaseUrls.gateway } : {}),
        },
        bus: sys.bus,
      }),
      /SMTP_URL: required when the gateway listens on 0\.0\.0\.0/,
    );
  });
});

describe('hardening at the public port', () => {
  it('answers odd URLs and oversized headers with 4xx {code, message}, hides /metrics, and marks answers no-store', async () => {
    const g = sys.urls.gateway!;
    for (const path of ['/%00', `/${'a'.repeat(300)}`, '/api/data/runs/%00', '/api/%E0%A4%A', '/%E0%A4%A']) {
      const res = await fetch(`${g}${path}`, { headers: { accept: 'application/json' } });
      const body = (await res.json()) as { code?: unknown; message?: unknown };
      assert.ok(res.status >= 400 && res.status < 500, `${path} → ${res.status}`);
      assert.deepEqual([typeof body.code, typeof body.message], ['string', 'string'], path);
      assert.doesNotMatch(String(body.code), /^FST_/);
    }
    const big = await fetch(`${g}/api/session`, { headers: { 'x-big': 'a'.repeat(20_000) } });
    assert.equal(big.status, 431);
    assert.equal(((await big.json()) as { code: string }).code, 'headers_too_large');
    const metrics = await fetch(`${g}/metrics`, { headers: { accept: 'application/json' } });
    assert.doesNotMatch(await metrics.text(), /process_cpu/, 'no metrics on the public port');
    const { b, id } = await runner('nostore@example.com');
    for (const limit of ['Infinity', '1e400', 'NaN']) {
      const res = await b.request('GET', `/api/me/runs?limit=${limit}`);
      assert.equal(res.status, 400, `limit=${limit}`);
      const direct = await fetch(
        `${sys.urls.data}/users/${b.jar.size ? '00000000-0000-4000-8000-000000000009' : ''}/runs?limit=${limit}`,
        {
          headers: { authorization: `Bearer ${await sys.serviceToken([scopes.runsRead])}` },
        },
      );
      assert.equal(direct.status, 400, `data limit=${limit}`);
    }
    const deep = await fetch(`${g}/api/data/runs/batch`, {
      method: 'POST',
      headers: {
        cookie: [...b.jar].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': b.jar.get('runnerly_csrf')!,
        'content-type': 'application/json',
      },
      body: `{"runs":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    });
    assert.ok(deep.status >= 400 && deep.status < 500, `deep JSON → ${deep.status}`);
    // PostgreSQL cannot store NUL in text: every service refuses it the same way in both modes (was a 500).
    const nul = [
      await b.request('PATCH', '/api/me/profile', { name: 'a\u0000b' }),
      await b.request('POST', '/api/auth/login', { email: 'a\u0000@example.com', password: 'x' }),
      await b.request('GET', `/api/data/users/${id}/runs/search?q=%00`),
    ];
    for (const res of nul) {
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.code, 'invalid_request');
    }
    for (const path of ['/api/session', '/api/me/profile', '/api/me/runs', '/api/me/sessions']) {
      const res = await fetch(`${g}${path}`, {
        headers: { cookie: [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('cache-control'), 'no-store', path);
    }
  });
});
