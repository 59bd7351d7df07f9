import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from '@runnerly/data';
import { accounts } from '@runnerly/accounts';
import { accountScopes, scopes } from '@runnerly/contracts';
import { httpRecorder, type HttpRecorder } from '@runnerly/testing';
import {
  compressedForms,
  createService,
  ServiceClient,
  type CompressedForms,
  type ServiceApp,
} from '@runnerly/service-kit';
import { Counter } from 'prom-client';
import { gatewayApp } from './app.ts';
import type { GatewayDeps, GatewaySettings } from './deps.ts';
import { manualRun, runnerPassword, runnerSignUps, sessionsFor } from './testing.ts';

let sys: TestServices;
/** The real accounts service behind a recorder: which calls reached it. */
let accountsHop: HttpRecorder;
let signUp: (email: string) => Promise<void>;
let dir: string;
let store: Awaited<ReturnType<typeof sessionsFor>>;
const apps: ServiceApp[] = [];

before(async () => {
  sys = await startTestServices('gateway', [tokendealer, accounts, data], {
    scopes: [accountScopes.accountsLogin, accountScopes.accountsRead, accountScopes.accountsWrite, scopes.runsRead],
  });
  dir = mkdtempSync(join(tmpdir(), 'gateway-test-'));
  store = await sessionsFor(join(dir, 'data'));
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>Runnerly</title><div id="root"></div>');
  writeFileSync(join(dir, 'dist', 'assets', 'app-1234.js'), 'console.log(1)');
  accountsHop = await httpRecorder(sys.urls.accounts!);
  signUp = runnerSignUps(sys);
});
after(async () => {
  for (const a of apps) await a.close();
  await accountsHop.close();
  await sys.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A gateway in front of the real token dealer, accounts and data services. */
async function gatewayWith(
  settings: Partial<GatewaySettings> = {},
  urls: { data?: string; accounts?: string } = {},
  timeoutMs = 2000,
  trustProxy?: string,
  compressed?: CompressedForms,
): Promise<ServiceApp> {
  const serviceTokens = { getToken: () => sys.serviceToken() };
  const client = (service: string, baseUrl: string) =>
    new ServiceClient({ service, baseUrl, tokens: serviceTokens, timeoutMs, retries: 1 });
  const deps: GatewayDeps = {
    settings: {
      https: false,
      rateLimitAuth: 100,
      rateLimitApi: 1000,
      devMailbox: true,
      dashboardDir: join(dir, 'dist'),
      ...settings,
    },
    sessionKey: randomBytes(32),
    sessions: store.sessions,
    upstreams: {
      data: client('data', urls.data ?? sys.urls.data!),
      accounts: client('accounts', urls.accounts ?? accountsHop.url),
    },
    userTokens: { get: (userId) => sys.userToken(userId), forget() {} },
    ...(compressed ? { compressed } : {}),
  };
  const app = await createService({
    name: 'gateway',
    logLevel: 'silent',
    routes: gatewayApp(deps),
    ...(trustProxy ? { trustProxy } : {}),
  });
  apps.push(app);
  return app;
}

/** A browser: keeps cookies, echoes the CSRF cookie in `x-csrf-token` unless told not to. */
function browser(app: ServiceApp) {
  const jar = new Map<string, string>();
  async function request(
    method: string,
    url: string,
    body?: unknown,
    options: { csrf?: boolean | string; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = options.csrf ?? true;
    if (method !== 'GET' && csrf)
      headers['x-csrf-token'] = typeof csrf === 'string' ? csrf : (jar.get('runnerly_csrf') ?? '');
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (!c.value || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    return res;
  }
  return {
    jar,
    request,
    /** Logs in as this runner, signed up and activated at the accounts service the first time. */
    async login(email: string, password = runnerPassword) {
      await signUp(email);
      if (!jar.has('runnerly_csrf')) await request('GET', '/api/session');
      return request('POST', '/api/auth/login', { email, password });
    },
  };
}

describe('CSRF', () => {
  it('refuses a state-changing request without the x-csrf-token header, or with a wrong one', async () => {
    const app = await gatewayWith();
    const b = browser(app);
    await b.request('GET', '/api/session');
    assert.ok(b.jar.get('runnerly_csrf'), 'a first GET hands out the CSRF cookie');
    await signUp('a@example.com');
    const callsBefore = accountsHop.calls.length;
    const without = await b.request(
      'POST',
      '/api/auth/login',
      { email: 'a@example.com', password: runnerPassword },
      { csrf: false },
    );
    assert.equal(without.statusCode, 403);
    assert.equal(without.json().code, 'csrf');
    const wrong = await b.request(
      'POST',
      '/api/auth/login',
      { email: 'a@example.com', password: runnerPassword },
      { csrf: 'x'.repeat(32) },
    );
    assert.equal(wrong.statusCode, 403);
    assert.equal(wrong.json().code, 'csrf');
    assert.equal(accountsHop.calls.length, callsBefore, 'refused before any upstream call');
    const ok = await b.login('a@example.com');
    assert.equal(ok.statusCode, 200);
    const logout = await b.request('POST', '/api/auth/logout', undefined, { csrf: false });
    assert.equal(logout.statusCode, 403, 'logging someone out is a change too');
  });
});

describe('session', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie; Secure and HSTS only over https', async () => {
    const app = await gatewayWith();
    const b = browser(app);
    const res = await b.login('flags@example.com');
    assert.equal(res.statusCode, 200);
    assert.match(res.json().user.id, /^[0-9a-f-]{36}$/);
    const raw = ([] as string[])
      .concat(res.headers['set-cookie'] as string | string[])
      .find((c) => c.startsWith('runnerly_session='))!;
    assert.match(raw, /; HttpOnly/i);
    assert.match(raw, /; SameSite=Lax/i);
    assert.match(raw, /; Path=\//i);
    assert.doesNotMatch(raw, /; Secure/i);
    assert.equal(res.headers['strict-transport-security'], undefined);
    assert.ok(!raw.includes('flags@example.com'), 'the cookie is encrypted, not just signed');
    assert.equal((await b.request('GET', '/api/session')).json().user.email, 'flags@example.com');

    // Over https (behind the TLS proxy, which must be trusted to say so), the cookie is Secure.
    const secure = browser(await gatewayWith({ https: true }, {}, 2000, '127.0.0.1'));
    const https = { headers: { 'x-forwarded-proto': 'https' } };
    await secure.request('GET', '/api/session', undefined, https);
    const res2 = await secure.request(
      'POST',
      '/api/auth/login',
      { email: 'flags@example.com', password: runnerPassword },
      https,
    );
    const raw2 = ([] as string[])
      .concat(res2.headers['set-cookie'] as string | string[])
      .find((c) => c.startsWith('runnerly_session='))!;
    assert.match(raw2, /; Secure/i);
    assert.match(String(res2.headers['strict-transport-security']), /max-age=\d+/);
  });

  it('treats a tampered cookie as logged out, and logout ends the session', async () => {
    const app = await gatewayWith();
    const b = browser(app);
    await b.login('tamper@example.com');
    const value = b.jar.get('runnerly_session')!;
    b.jar.set('runnerly_session', value.slice(0, -4) + (value.endsWith('AAAA') ? 'BBBB' : 'AAAA'));
    assert.deepEqual((await b.request('GET', '/api/session')).json(), {
      signed_in: false,
      user: null,
      mailbox: true,
      map_tiles: null,
    });
    await b.login('tamper@example.com');
    assert.equal((await b.request('GET', '/api/session')).json().user.email, 'tamper@example.com');
    assert.equal((await b.request('POST', '/api/auth/logout')).statusCode, 204);
    assert.equal((await b.request('GET', '/api/session')).json().signed_in, false);
    assert.equal((await b.request('GET', '/api/me/runs')).statusCode, 401);
  });
});

describe("one user cannot reach another user's data", () => {
  it("refuses other users' runs and profile, early and downstream", async () => {
    const app = await gatewayWith();
    const alice = browser(app);
    const bob = browser(app);
    const aliceId = (await alice.login('alice@example.com')).json().user.id as string;
    const bobId = (await bob.login('bob@example.com')).json().user.id as string;
    const accountCallsBefore = accountsHop.calls.length;
    const run = (user: string) => ({
      user_id: user,
      source: 'manual',
      source_id: `manual-${randomUUID()}`,
      name: 'Easy',
      sport_type: 'Run',
      start_time: '2026-03-10T06:30:00.000Z',
      timezone: 'Europe/Paris',
      distance_m: 8000,
      moving_time_s: 2700,
      elapsed_time_s: 2700,
    });
    const added = await bob.request('POST', '/api/data/runs/batch', { runs: [run(bobId)] });
    assert.equal(added.statusCode, 200, added.body);
    const bobRunId = added.json().runs[0].id as string;

    const mine = await alice.request('POST', '/api/data/runs/batch', { runs: [run(aliceId)] });
    assert.equal(mine.statusCode, 200);
    const list = await alice.request('GET', '/api/me/runs');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().runs.map((r: { user_id: string }) => r.user_id),
      [aliceId],
    );

    const checks: Array<[string, string, unknown?]> = [
      ['GET', `/api/data/users/${bobId}/runs`],
      ['GET', `/api/data/users/${bobId}/months/2026-03/runs`],
      ['GET', `/api/data/users/${bobId}/records`],
      ['GET', `/api/data/users/${bobId}/gear`],
      ['POST', `/api/data/users/${bobId}/gear`, { name: 'Planted' }],
      ['POST', '/api/data/runs/batch', { runs: [run(bobId)] }],
      ['GET', `/api/accounts/users/${bobId}/profile`],
      ['PATCH', `/api/accounts/users/${bobId}/profile`, { name: 'Mallory' }],
      ['GET', `/api/accounts/users/${bobId}/export`],
    ];
    for (const [method, url, body] of checks) {
      const res = await alice.request(method, url, body);
      assert.equal(res.statusCode, 403, `${method} ${url} → ${res.statusCode}`);
      assert.equal(res.json().code, 'forbidden');
    }
    // Looked up by id: the data service itself hides Bob's run from Alice's user token.
    assert.equal((await alice.request('GET', `/api/data/runs/${bobRunId}`)).statusCode, 404);
    assert.equal((await alice.request('DELETE', `/api/data/runs/${bobRunId}`)).statusCode, 404);
    assert.equal((await alice.request('PATCH', `/api/data/runs/${bobRunId}`, { name: 'Mine now' })).statusCode, 404);
    assert.equal((await alice.request('GET', `/api/data/runs/${bobRunId}/streams`)).statusCode, 404);
    assert.equal((await alice.request('GET', `/api/data/runs/${bobRunId}/ranks`)).statusCode, 404);
    const bobShoes = await bob.request('POST', `/api/data/users/${bobId}/gear`, { name: 'Racers' });
    assert.equal(bobShoes.statusCode, 201, bobShoes.body);
    const shoesId = bobShoes.json().id as string;
    assert.equal(
      (await alice.request('PATCH', `/api/data/users/${aliceId}/gear/${shoesId}`, { name: 'Mine' })).statusCode,
      404,
    );
    assert.equal((await alice.request('DELETE', `/api/data/users/${aliceId}/gear/${shoesId}`)).statusCode, 404);
    assert.deepEqual(
      (await bob.request('GET', `/api/data/users/${bobId}/gear`)).json().gear.map((g: { name: string }) => g.name),
      ['Racers'],
    );
    assert.equal(
      (await bob.request('PATCH', `/api/data/runs/${bobRunId}`, { name: 'Renamed' })).json().name,
      'Renamed',
    );
    assert.equal((await bob.request('GET', `/api/data/runs/${bobRunId}`)).statusCode, 200, 'still there for Bob');
    assert.ok(
      !accountsHop.calls.slice(accountCallsBefore).some((c) => c.includes(`/users/${bobId}`)),
      'no call reached accounts for Bob',
    );
    // Routes outside the routing table do not exist, and anonymous callers get 401.
    assert.equal((await alice.request('POST', '/api/accounts/login', { email: 'x', password: 'y' })).statusCode, 404);
    assert.equal((await browser(app).request('GET', `/api/data/users/${aliceId}/runs`)).statusCode, 401);
  });
});

describe('compressed answers', () => {
  it("sends a runner's repeated read as it was compressed the first time, still checked each time, and never to another runner", async () => {
    const sent = new Counter({ name: 'test_compressed_sent', help: 'test', registers: [] });
    const sentCount = async () => (await sent.get()).values[0]?.value ?? 0;
    const app = await gatewayWith({}, {}, 2000, undefined, compressedForms({ sent }));
    const dana = browser(app);
    const eve = browser(app);
    const danaId = (await dana.login('dana@example.com')).json().user.id as string;
    const eveId = (await eve.login('eve@example.com')).json().user.id as string;
    const added = await dana.request('POST', '/api/data/runs/batch', {
      runs: Array.from({ length: 10 }, (_, i) => manualRun(danaId, i, `Dana's run ${i}`)),
    });
    assert.equal(added.statusCode, 200);
    await eve.request('POST', '/api/data/runs/batch', {
      runs: Array.from({ length: 10 }, (_, i) => manualRun(eveId, i, `Eve's run ${i}`)),
    });
    const gzip = { headers: { 'accept-encoding': 'gzip' } };
    const read = (who: ReturnType<typeof browser>) => who.request('GET', '/api/me/runs?limit=10', undefined, gzip);
    const before = await sentCount();
    const first = await read(dana);
    const second = await read(dana);
    const third = await read(dana);
    assert.equal(first.headers['content-encoding'], 'gzip');
    assert.equal(await sentCount(), before + 2, 'the second and third are the first one’s bytes');
    assert.deepEqual(second.rawPayload, first.rawPayload);
    assert.equal(third.headers.etag, first.headers.etag);
    assert.equal(third.headers['content-encoding'], 'gzip');
    const plain = await dana.request('GET', '/api/me/runs?limit=10');
    assert.deepEqual(JSON.parse(gunzipSync(third.rawPayload).toString()), plain.json());

    // Eve at the same URL: her own runs, compressed for her.
    const hers = await read(eve);
    assert.deepEqual(
      JSON.parse(gunzipSync(hers.rawPayload).toString()).runs.map((r: { user_id: string }) => r.user_id),
      Array(10).fill(eveId),
    );
    // Signed out: refused, nothing kept is sent.
    const out = browser(app);
    const refused = await out.request('GET', '/api/me/runs?limit=10', undefined, gzip);
    assert.equal(refused.statusCode, 401);
    assert.ok(!refused.rawPayload.includes(Buffer.from("Dana's run")));
    // A change: a new tag upstream, compressed afresh.
    const id = added.json().runs[9].id as string;
    const renamed = await dana.request('PATCH', `/api/data/runs/${id}`, { name: 'Renamed since' });
    assert.equal(renamed.statusCode, 200, renamed.body);
    const after = await sentCount();
    const fresh = await read(dana);
    assert.equal(await sentCount(), after);
    assert.notEqual(fresh.headers.etag, first.headers.etag);
    assert.ok(gunzipSync(fresh.rawPayload).toString().includes('Renamed since'));
  });
});

describe('records', () => {
  it("serves the runner's own records and a run's ranks from the Data Service", async () => {
    const app = await gatewayWith();
    const carol = browser(app);
    const carolId = (await carol.login('carol@example.com')).json().user.id as string;
    const run = (at: string, fiveK: number) => ({
      user_id: carolId,
      source: 'manual',
      source_id: `manual-${randomUUID()}`,
      name: `5K in ${fiveK} s`,
      sport_type: 'Run',
      start_time: at,
      timezone: 'Europe/Paris',
      distance_m: 6000,
      moving_time_s: 1800,
      elapsed_time_s: 1800,
      best_efforts: [{ name: '5K', distance_m: 5000, elapsed_time_s: fiveK }],
    });
    const added = await carol.request('POST', '/api/data/runs/batch', {
      runs: [run('2025-05-10T06:30:00.000Z', 1400), run('2026-03-10T06:30:00.000Z', 1450)],
    });
    assert.equal(added.statusCode, 200, added.body);
    const [first, second] = added.json().runs.map((r: { id: string }) => r.id) as [string, string];
    const records = await carol.request('GET', `/api/data/users/${carolId}/records?year=2026`);
    assert.equal(records.statusCode, 200, records.body);
    const fiveK = records.json().records.find((r: { distance: string }) => r.distance === '5k');
    assert.deepEqual(
      fiveK.efforts.map((e: { run_id: string }) => e.run_id),
      [second],
    );
    const ranks = await carol.request('GET', `/api/data/runs/${second}/ranks`);
    assert.equal(ranks.statusCode, 200);
    assert.deepEqual(
      ranks.json().efforts.map((e: { rank: number; year_rank: number }) => [e.rank, e.year_rank]),
      [[2, 1]],
    );
    const best = await carol.request('GET', `/api/data/runs/${first}/ranks`);
    assert.deepEqual(best.json().efforts[0].rank, 1, 'the 2025 run holds the record');
  });
});

describe('rate limits', () => {
  it('limits login attempts per IP much more tightly than reads', async () => {
    const app = await gatewayWith({ rateLimitAuth: 3, rateLimitApi: 50 });
    const b = browser(app);
    await b.request('GET', '/api/session');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await b.request('POST', '/api/auth/login', { email: 'rl@example.com', password: 'wrong' })).statusCode,
      );
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    const limited = await b.request('POST', '/api/auth/login', { email: 'rl@example.com', password: 'wrong' });
    assert.equal(limited.json().code, 'rate_limited');
    assert.ok(limited.headers['retry-after']);
    assert.equal((await b.request('GET', '/api/session')).statusCode, 200, 'reads still pass');
    const spoofed = await b.request(
      'POST',
      '/api/auth/login',
      { email: 'rl@example.com', password: 'wrong' },
      { headers: { 'x-forwarded-for': '203.0.113.9' } },
    );
    assert.equal(spoofed.statusCode, 429, 'X-Forwarded-For is ignored unless the proxy is trusted');
  });

  it('behind a trusted proxy, limits each client address separately', async () => {
    const app = await gatewayWith({ rateLimitAuth: 2, rateLimitApi: 50 }, {}, 2000, '127.0.0.1');
    const b = browser(app);
    await b.request('GET', '/api/session');
    const from = (ip: string) =>
      b.request(
        'POST',
        '/api/auth/login',
        { email: 'proxy@example.com', password: 'wrong' },
        { headers: { 'x-forwarded-for': ip } },
      );
    const first = [
      (await from('203.0.113.5')).statusCode,
      (await from('203.0.113.5')).statusCode,
      (await from('203.0.113.5')).statusCode,
    ];
    assert.deepEqual(first, [401, 401, 429]);
    assert.equal((await from('203.0.113.6')).statusCode, 401, 'another client behind the same proxy is not limited');
  });
});

describe('upstream failures', () => {
  async function deadPort(): Promise<string> {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as { port: number }).port;
    await new Promise((r) => s.close(r));
    return `http://127.0.0.1:${port}`;
  }

  it('answers 502/503 {code, message} quickly when a service is down', async () => {
    const dead = await deadPort();
    const app = await gatewayWith({}, { data: dead, accounts: dead });
    const b = browser(app);
    await signUp('down@example.com');
    const t0 = Date.now();
    const login = await b.login('down@example.com');
    assert.ok([502, 503].includes(login.statusCode), String(login.statusCode));
    assert.equal(typeof login.json().code, 'string');
    assert.equal(typeof login.json().message, 'string');
    const fine = browser(await gatewayWith({}, { data: dead }));
    await fine.login('down@example.com');
    const runs = await fine.request('GET', '/api/me/runs');
    assert.ok([502, 503].includes(runs.statusCode), String(runs.statusCode));
    assert.match(runs.json().code, /^upstream_/);
    assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
  });

  it('answers 504 when a service hangs, instead of hanging too', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const hang: Server = createServer((s) => {
      sockets.add(s);
    });
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hang.address() as { port: number }).port}`;
    try {
      const b = browser(await gatewayWith({}, { data: url }, 300));
      await b.login('hang@example.com');
      const t0 = Date.now();
      const res = await b.request('GET', '/api/me/runs');
      assert.equal(res.statusCode, 504);
      assert.equal(res.json().code, 'upstream_timeout');
      // 300 ms timeout, one retry; undici's timers tick at a coarse grain, hence the margin.
      assert.ok(Date.now() - t0 < 4000, `took ${Date.now() - t0} ms`);
    } finally {
      for (const s of sockets) s.destroy();
      hang.close();
    }
  });
});

describe('security headers and the dashboard', () => {
  it('sends a strict CSP and the usual headers on pages and API answers', async () => {
    const app = await gatewayWith();
    for (const url of ['/', '/api/session']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.ok(res.headers['x-frame-options']);
      assert.equal(res.headers['referrer-policy'], 'same-origin');
      assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain http');
    }
  });

  it('serves the dashboard, with index.html for client-side routes but JSON 404s under /api', async () => {
    const app = await gatewayWith();
    const page = await app.inject({ url: '/account/settings' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<div id="root">/);
    assert.equal(page.headers['cache-control'], 'no-cache');
    const asset = await app.inject({ url: '/assets/app-1234.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['cache-control']), /immutable/);
    assert.equal((await app.inject({ url: '/assets/missing.js' })).statusCode, 404);
    assert.equal(
      (await app.inject({ url: '/../../etc/passwd' })).statusCode === 200
        ? (await app.inject({ url: '/../../etc/passwd' })).body.includes('root:')
        : false,
      false,
    );
    const api = await app.inject({ url: '/api/nothing/here' });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().code, 'not_found');
    const big = await browser(app).request('POST', '/api/auth/signup', {
      email: 'a@b.c',
      password: 'x'.repeat(300 * 1024),
    });
    assert.ok([403, 413].includes(big.statusCode), 'bodies are bounded');
  });

  it('hides the development mailbox when mail goes out by SMTP', async () => {
    const smtp = await gatewayWith({ devMailbox: false });
    assert.equal((await smtp.inject({ url: '/api/mailbox' })).statusCode, 404);
  });
});

describe("a plan's public iCal feed", () => {
  it('answers 404 {code, message} for any name that is not a feed, however long, never asking for a session', async () => {
    const app = await gatewayWith();
    for (const name of ['nope.ics', `${'x'.repeat(43)}.txt`, `%7B%22${'x'.repeat(160)}`, `${'a'.repeat(500)}.ics`]) {
      const res = await app.inject({ url: `/api/training/feeds/${name}` });
      assert.equal(res.statusCode, 404, name);
      assert.deepEqual(res.json(), { code: 'not_found', message: 'No calendar here.' });
    }
  });
});
