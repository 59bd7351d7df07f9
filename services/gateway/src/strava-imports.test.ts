import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { accountScopes, importScopes, scopes } from '@runnerly/contracts';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from '@runnerly/data';
import { accounts } from '@runnerly/accounts';
import { stravaSimService } from '@runnerly/strava-sim';
import { strava } from '@runnerly/strava';
import { imports } from '@runnerly/imports';
import { upload } from '@runnerly/imports/testing';
import { syntheticRun, writeGpx } from '@runnerly/activity-files/fixtures';
import { createService, listen, ServiceClient, type ServiceApp } from '@runnerly/service-kit';
import { gatewayApp } from './app.ts';
import type { GatewayDeps, GatewaySettings } from './deps.ts';
import { httpBrowser, runnerSignUps, sessionsFor } from './testing.ts';
import { httpRecorder } from '@runnerly/testing';
import { Redis } from 'ioredis';
import { tokenExchange } from './user-tokens.ts';

const hookSecret = 'gateway-test-webhook-path-secret';
// A gateway in front of the real strava, imports, data and token dealer services (the whole
// system), with the gateway's own credentials as `npm start` provisions them (its userScopes):
// routing to Strava and imports, uploads, and the export of all of one's data.
let sys: TestServices;
let creds: { clientId: string; clientSecret: string };
let dir: string;
let store: Awaited<ReturnType<typeof sessionsFor>>;
const apps: ServiceApp[] = [];
const clients: ServiceClient[] = [];
let signUp: (email: string) => Promise<void>;

before(async () => {
  sys = await startTestServices('gw_strava', [tokendealer, accounts, data, stravaSimService, strava, imports], {
    // A short history: these tests are about routing, not about syncing a long one.
    env: { STRAVA_SIM_ACTIVITIES: '40', STRAVA_WEBHOOK_PATH_SECRET: hookSecret },
    scopes: [scopes.runsRead, accountScopes.accountsLogin, accountScopes.accountsRead],
    userScopes: [importScopes.importsWrite],
  });
  const { gateway: module } = await import('./service.ts');
  creds = await sys.registerClient({
    clientId: 'gateway',
    scopes: module.clientScopes,
    userScopes: module.userScopes ?? [],
  });
  signUp = runnerSignUps(sys);
  dir = mkdtempSync(join(tmpdir(), 'gateway-si-'));
  store = await sessionsFor(join(dir, 'data'));
});
after(async () => {
  for (const a of apps) await a.close();
  for (const c of clients) await c.close();
  await sys.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A gateway; `urls` points an upstream elsewhere (a closed port: down) or, with null, leaves it unconfigured. */
async function gateway(
  settings: Partial<GatewaySettings> = {},
  urls: Partial<Record<'data' | 'strava' | 'imports', string | null>> = {},
  uploadsTo = sys.urls.imports!,
  extra: Partial<GatewayDeps> = {},
): Promise<string> {
  const tokenUrl = `${sys.urls.tokendealer}/oauth/token`;
  const serviceTokens = { getToken: () => sys.serviceToken() };
  const client = (service: string, baseUrl: string, timeoutMs = 5000) => {
    const c = new ServiceClient({ service, baseUrl, tokens: serviceTokens, timeoutMs, retries: 0 });
    clients.push(c);
    return c;
  };
  const { gateway: module } = await import('./service.ts');
  const deps: GatewayDeps = {
    settings: {
      https: false,
      rateLimitAuth: 100,
      rateLimitApi: 1000,
      devMailbox: false,
      dashboardDir: dir,
      requestTimeoutMs: 15_000,
      ...settings,
    },
    sessionKey: randomBytes(32),
    sessions: store.sessions,
    upstreams: {
      data: client('data', urls.data ?? sys.urls.data!),
      accounts: client('accounts', sys.urls.accounts!),
      strava: urls.strava === null ? undefined : client('strava', urls.strava ?? sys.urls.strava!),
      imports: urls.imports === null ? undefined : client('imports', urls.imports ?? sys.urls.imports!),
      stravaWebhook: client('strava', sys.urls.strava!, 1800),
    },
    streamUrls: { imports: uploadsTo },
    userTokens: tokenExchange({ tokenUrl, ...creds, scopes: module.userScopes ?? [] }),
    ...extra,
  };
  const app = await createService({ name: 'gateway', logLevel: 'silent', routes: gatewayApp(deps) });
  apps.push(app);
  return listen(app, 0, '127.0.0.1');
}

/** A browser at this gateway; its runners are signed up at the accounts service the first time they log in. */
const browser = (base: string) => httpBrowser(base, signUp);

function gpxForm(name = 'morning.gpx', seed = 7): FormData {
  const run = syntheticRun({
    seed,
    startTime: Date.parse('2026-02-01T07:00:00Z') + seed * 86_400_000,
    legs: [{ seconds: 900, speed: 3.2 }],
  });
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(writeGpx(run))], { type: 'application/gpx+xml' }), name);
  return form;
}

describe('Strava and imports through the gateway', () => {
  it("reaches one's own link, status and imports, and refuses another user's (403) before any call", async () => {
    const base = await gateway();
    const alice = browser(base);
    const aliceId = await alice.login('alice-si@example.com');
    const bobId = await browser(base).login('bob-si@example.com');

    const status = await alice.request('GET', `/api/strava/users/${aliceId}/status`);
    assert.equal(status.status, 200, JSON.stringify(status.body));
    assert.equal(status.body.state, 'unlinked');
    const link = await alice.request('POST', `/api/strava/users/${aliceId}/link`);
    assert.equal(link.status, 200, JSON.stringify(link.body));
    assert.match(link.body.authorize_url, /\/oauth\/authorize\?.*state=/);
    assert.equal(
      (await alice.request('DELETE', `/api/strava/users/${aliceId}/link?delete_runs=false`)).status,
      404,
      'not linked yet: the strava service says so',
    );
    const list = await alice.request('GET', `/api/imports/users/${aliceId}/imports`);
    assert.equal(list.status, 200, JSON.stringify(list.body));

    const checks: Array<[string, string, FormData?]> = [
      ['GET', `/api/strava/users/${bobId}/status`],
      ['POST', `/api/strava/users/${bobId}/link`],
      ['DELETE', `/api/strava/users/${bobId}/link?delete_runs=true`],
      ['GET', `/api/imports/users/${bobId}/imports`],
      ['GET', `/api/imports/users/${bobId}/imports/00000000-0000-4000-8000-000000000000`],
      ['POST', `/api/imports/users/${bobId}/imports`, gpxForm()],
    ];
    for (const [method, path, form] of checks) {
      const res = await alice.request(method, path, form ? { form } : {});
      assert.equal(res.status, 403, `${method} ${path} → ${res.status}`);
      assert.equal(res.body.code, 'forbidden');
    }
    // No session: 401; no CSRF header on a change: 403 csrf, uploads included.
    const anonymous = browser(base);
    assert.equal((await anonymous.request('GET', `/api/strava/users/${aliceId}/status`)).status, 401);
    assert.equal(
      (await anonymous.request('POST', `/api/imports/users/${aliceId}/imports`, { form: gpxForm() })).status,
      401,
    );
    const noCsrf = await alice.request('POST', `/api/imports/users/${aliceId}/imports`, {
      form: gpxForm(),
      csrf: false,
    });
    assert.equal(noCsrf.status, 403);
    assert.equal(noCsrf.body.code, 'csrf');
    assert.equal((await alice.request('POST', `/api/strava/users/${aliceId}/link`, { csrf: false })).body.code, 'csrf');
  });

  it("lets Strava's redirect and webhook through without a session or CSRF", async () => {
    const base = await gateway();
    const stranger = browser(base);
    const back = await stranger.request(
      'GET',
      '/api/strava/oauth/callback?state=not-a-state&code=abc&scope=read,activity:read_all',
    );
    assert.equal(back.status, 302);
    assert.match(back.headers.get('location') ?? '', /\/connections\?strava=invalid_state$/);
    const challenge = await stranger.request(
      'GET',
      `/api/strava/webhook/${hookSecret}?hub.mode=subscribe&hub.challenge=abc&hub.verify_token=wrong`,
    );
    assert.equal(challenge.status, 403, 'the strava service checks the verify token');
    assert.notEqual(challenge.body.code, 'csrf');
    const event = await stranger.request('POST', `/api/strava/webhook/${hookSecret}`, {
      json: {
        object_type: 'activity',
        object_id: 1,
        aspect_type: 'create',
        owner_id: 424242,
        subscription_id: 1,
        event_time: 1_700_000_000,
      },
    });
    // Reaches the strava service (no session, no CSRF), which refuses another subscription's event.
    assert.equal(event.status, 403, JSON.stringify(event.body));
    assert.equal(event.body.code, 'unknown_subscription');

    // The whole link through the gateway: the simulator approves on its own (auto-approve).
    const alice = browser(base);
    const aliceId = await alice.login('alice-link@example.com');
    const link = await alice.request('POST', `/api/strava/users/${aliceId}/link`);
    const authorize = new URL(link.body.authorize_url as string);
    authorize.searchParams.set('sim_auto', 'approve');
    const approved = await fetch(authorize, { redirect: 'manual' });
    assert.equal(approved.status, 302);
    const callback = new URL(approved.headers.get('location')!);
    assert.equal(callback.pathname, '/api/strava/oauth/callback');
    const linked = await stranger.request('GET', `/api/strava/oauth/callback${callback.search}`);
    assert.equal(linked.status, 302);
    assert.match(linked.headers.get('location') ?? '', /\/connections\?strava=linked$/);
    const status = await alice.request('GET', `/api/strava/users/${aliceId}/status`);
    assert.equal(status.body.linked, true);
    const unlink = await alice.request('DELETE', `/api/strava/users/${aliceId}/link?delete_runs=true`);
    assert.equal(unlink.status, 200, JSON.stringify(unlink.body));
  });

  it('offers no open redirect in the Strava flows: where a runner lands and where Strava sends them back are ours', async () => {
    const base = await gateway();
    const alice = browser(base);
    const aliceId = await alice.login('alice-redirects@example.com');
    // Asking for another place to come back to changes nothing: the callback is the configured one.
    const link = await alice.request(
      'POST',
      `/api/strava/users/${aliceId}/link?redirect_uri=${encodeURIComponent('https://evil.example/cb')}&next=https://evil.example`,
    );
    assert.equal(link.status, 200, JSON.stringify(link.body));
    const authorize = new URL(link.body.authorize_url as string);
    const callbackUrl = new URL(authorize.searchParams.get('redirect_uri')!);
    assert.equal(callbackUrl.pathname, '/api/strava/oauth/callback');
    assert.doesNotMatch(authorize.href, /evil\.example/);
    // Whatever the callback carries, it sends the browser to the dashboard's Connections page.
    const stranger = browser(base);
    for (const extra of [
      'redirect_uri=https://evil.example/',
      'next=//evil.example/x',
      'return_to=https://evil.example',
      'state=https://evil.example',
    ]) {
      const back = await stranger.request('GET', `/api/strava/oauth/callback?code=abc&scope=read&${extra}`);
      assert.equal(back.status, 302, extra);
      const to = back.headers.get('location') ?? '';
      assert.match(to, /^http:\/\/127\.0\.0\.1:8080\/connections\?strava=[a-z_]+$/, `${extra} → ${to}`);
    }
  });

  it('takes the imports replicas in turn for uploads when IMPORTS_URL lists several', async () => {
    const [a, b] = await Promise.all([httpRecorder(sys.urls.imports!), httpRecorder(sys.urls.imports!)]);
    try {
      const base = await gateway({}, {}, `${a.url},${b.url}`);
      const alice = browser(base);
      const aliceId = await alice.login('alice-replicas@example.com');
      for (const seed of [21, 22]) {
        const res = await alice.request('POST', `/api/imports/users/${aliceId}/imports`, {
          form: gpxForm('r.gpx', seed),
        });
        assert.equal(res.status, 202, JSON.stringify(res.body));
      }
      const uploads = (r: typeof a) => r.calls.filter((c) => c.startsWith('POST ')).length;
      assert.deepEqual([uploads(a), uploads(b)], [1, 1], 'one upload each');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('counts the rate limit across gateway replicas that share Redis', async () => {
    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    const redisPrefix = `test:gateway:rate:${randomUUID()}:`;
    try {
      const shared = { redis, redisPrefix };
      const [one, two] = await Promise.all([
        gateway({ rateLimitApi: 6 }, {}, undefined, shared),
        gateway({ rateLimitApi: 6 }, {}, undefined, shared),
      ]);
      // Six requests a minute in all, whichever replica takes them: the seventh is refused.
      const statuses = [];
      for (let i = 0; i < 7; i++) statuses.push((await fetch(`${i % 2 ? two : one}/api/session`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429]);
      const refused = await fetch(`${one}/api/session`);
      assert.equal(refused.status, 429);
      assert.equal(((await refused.json()) as { code: string }).code, 'rate_limited');
    } finally {
      const keys = await redis.keys(`${redisPrefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('streams an upload to the imports service and the job finishes with the run added', async () => {
    const base = await gateway();
    const alice = browser(base);
    const aliceId = await alice.login('uploader@example.com');
    const res = await alice.request('POST', `/api/imports/users/${aliceId}/imports`, {
      form: gpxForm('tempo.gpx', 11),
    });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const jobId = res.body.job_id as string;
    let job: any;
    for (let i = 0; i < 100; i++) {
      job = (await alice.request('GET', `/api/imports/users/${aliceId}/imports/${jobId}`)).body;
      if (job.status === 'done' || job.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(job.status, 'done', JSON.stringify(job));
    assert.equal(job.files[0].name, 'tempo.gpx');
    assert.equal(job.files[0].status, 'added');
    const run = await alice.request('GET', `/api/data/runs/${job.files[0].run_id}`);
    assert.equal(run.status, 200);
    assert.equal(run.body.user_id, aliceId);
    const list = await alice.request('GET', `/api/imports/users/${aliceId}/imports`);
    assert.ok(JSON.stringify(list.body).includes(jobId));
    // Bob's token cannot read Alice's job: the imports service hides it.
    const bob = browser(base);
    await bob.login('bob-uploader@example.com');
    assert.equal((await bob.request('GET', `/api/imports/users/${aliceId}/imports/${jobId}`)).status, 403);
  });

  it('refuses an upload over the limit with 413, and anything but multipart with 415', async () => {
    const base = await gateway({ uploadLimitBytes: 4096 });
    const alice = browser(base);
    const aliceId = await alice.login('big@example.com');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(64 * 1024)]), 'big.gpx');
    const big = await alice.request('POST', `/api/imports/users/${aliceId}/imports`, { form });
    assert.equal(big.status, 413, JSON.stringify(big.body));
    const json = await alice.request('POST', `/api/imports/users/${aliceId}/imports`, { json: { files: [] } });
    assert.equal(json.status, 415);
  });

  it(
    'ends an upload that trickles in slower than the minimum rate with 408 {code, message}',
    { timeout: 30_000 },
    async () => {
      // A window of 1 s (the grace period too) keeps the test short; by default 10 s at 10 KB/s.
      const base = await gateway({ uploadMinBytesPerSecond: 1024, uploadRateWindowMs: 1000 });
      const alice = browser(base);
      const aliceId = await alice.login('trickle@example.com');
      const cookie = [...alice.jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const boundary = 'trickle-boundary';
      const socket = connect(Number(new URL(base).port), '127.0.0.1');
      socket.on('error', () => {}); // writes after the server closed the connection
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString()));
      const closed = new Promise((ok) => socket.once('close', ok));
      socket.write(
        [
          `POST /api/imports/users/${aliceId}/imports HTTP/1.1`,
          'Host: 127.0.0.1',
          `Cookie: ${cookie}`,
          `x-csrf-token: ${alice.jar.get('runnerly_csrf')}`,
          `Content-Type: multipart/form-data; boundary=${boundary}`,
          'Content-Length: 100000',
          '',
          `--${boundary}`,
          'Content-Disposition: form-data; name="file"; filename="slow.gpx"',
          'Content-Type: application/gpx+xml',
          '',
          '<?xml version="1.0"?>',
        ].join('\r\n'),
      );
      // 40 bytes every 200 ms: 200 B/s, a real client on a socket, far below 1 KB/s.
      const trickle = setInterval(() => socket.write('<!-- slow -->'.padEnd(40, ' ')), 200);
      await closed;
      clearInterval(trickle);
      const [head, ...rest] = answer.split('\r\n\r\n');
      assert.match(head!, /^HTTP\/1\.1 408 /, answer.slice(0, 300));
      const body = JSON.parse(rest.join('\r\n\r\n')) as { code: string; message: string };
      assert.equal(body.code, 'upload_too_slow');
      assert.match(body.message, /slower than 1 KB\/s over 1 s/);
    },
  );
});

/** A loopback URL where nothing listens (a service that is down). */
async function closedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return `http://127.0.0.1:${port}`;
}

describe('exporting all my data', () => {
  const runOf = (user: string, day: number) => ({
    user_id: user,
    source: 'manual',
    source_id: `manual-${randomUUID()}`,
    name: `Run ${day}`,
    sport_type: 'Run',
    start_time: new Date(Date.parse('2025-01-01T06:30:00Z') + day * 86_400_000).toISOString(),
    timezone: 'Europe/Paris',
    distance_m: 5000 + day,
    moving_time_s: 1800,
    elapsed_time_s: 1800,
  });

  it('holds the account, every run and import job (over several pages), and nothing of another runner', async () => {
    const base = await gateway();
    const alice = browser(base);
    const aliceId = await alice.login('alice-export@example.com');
    const bob = browser(base);
    const bobId = await bob.login('bob-export@example.com');
    const added = await alice.request('POST', '/api/data/runs/batch', {
      json: { runs: Array.from({ length: 130 }, (_, i) => runOf(aliceId, i)) },
    });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const aliceRuns = (added.body.runs as Array<{ id: string }>).map((r) => r.id);
    const bobAdded = await bob.request('POST', '/api/data/runs/batch', {
      json: { runs: [runOf(bobId, 1), runOf(bobId, 2)] },
    });
    assert.equal(bobAdded.status, 200);
    const bobRuns = (bobAdded.body.runs as Array<{ id: string }>).map((r) => r.id);
    const shoes = await alice.request('POST', `/api/data/users/${aliceId}/gear`, { json: { name: 'Racers' } });
    assert.equal(shoes.status, 201);
    await alice.request('PATCH', `/api/data/runs/${aliceRuns[0]}`, { json: { gear_id: shoes.body.id } });
    await bob.request('POST', `/api/data/users/${bobId}/gear`, { json: { name: 'Bob shoes' } });
    // 100 older jobs as well (files that are not activities): the job list takes two pages too
    const importsToken = await sys.userToken(aliceId);
    const old: Array<{ id: string }> = [];
    for (let i = 0; i < 100; i++) {
      const job = await upload(sys.urls.imports!, aliceId, importsToken, [
        { name: `notes-${i}.gpx`, bytes: 'not a GPX' },
      ]);
      assert.equal(job.status, 202, JSON.stringify(job.body));
      old.push({ id: job.body.job_id as string });
    }
    const uploaded = await alice.request('POST', `/api/imports/users/${aliceId}/imports`, {
      form: gpxForm('export.gpx', 21),
    });
    assert.equal(uploaded.status, 202, JSON.stringify(uploaded.body));
    const jobId = uploaded.body.job_id as string;
    let job: any;
    for (let i = 0; i < 100 && job?.status !== 'done'; i++) {
      job = (await alice.request('GET', `/api/imports/users/${aliceId}/imports/${jobId}`)).body;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(job.status, 'done', JSON.stringify(job));

    const res = await alice.request('GET', '/api/me/export');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="runnerly-export.json"');
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const out = res.body;
    assert.equal(out.user_id, aliceId);
    assert.equal(out.account.profile.user_id, aliceId);
    assert.equal(out.account.profile.email, 'alice-export@example.com');
    assert.equal(out.runs.length, 131, 'the 130 runs and the imported one');
    const ids = new Set((out.runs as Array<{ id: string; user_id: string }>).map((r) => r.id));
    assert.equal(ids.size, 131, 'no run twice across pages');
    for (const id of [...aliceRuns, job.files[0].run_id]) assert.ok(ids.has(id), `run ${id} exported`);
    assert.ok((out.runs as Array<{ user_id: string }>).every((r) => r.user_id === aliceId));
    for (const id of bobRuns) assert.ok(!ids.has(id), "none of Bob's runs");
    assert.deepEqual(
      (out.imports as Array<{ job_id: string }>).map((j) => j.job_id),
      [jobId, ...old.map((j) => j.id).reverse()],
      'every job, newest first',
    );
    assert.deepEqual(
      (out.gear as Array<{ name: string; run_count: number }>).map((g) => [g.name, g.run_count]),
      [['Racers', 1]],
      "her shoes, none of Bob's",
    );
    assert.equal(out.strava, undefined, 'not linked: no Strava section');

    const bobs = (await bob.request('GET', '/api/me/export')).body;
    assert.equal(bobs.user_id, bobId);
    assert.deepEqual((bobs.runs as Array<{ id: string }>).map((r) => r.id).sort(), [...bobRuns].sort());
    assert.deepEqual(bobs.imports, []);
    assert.ok(!JSON.stringify(bobs).includes(aliceId), "nothing of Alice in Bob's export");
    assert.equal((await browser(base).request('GET', '/api/me/export')).status, 401);
  });

  it('includes the Strava link when linked', async () => {
    const base = await gateway();
    const alice = browser(base);
    const aliceId = await alice.login('alice-export-strava@example.com');
    const link = await alice.request('POST', `/api/strava/users/${aliceId}/link`);
    const authorize = new URL(link.body.authorize_url as string);
    authorize.searchParams.set('sim_auto', 'approve');
    const approved = await fetch(authorize, { redirect: 'manual' });
    const linked = await alice.request(
      'GET',
      `/api/strava/oauth/callback${new URL(approved.headers.get('location')!).search}`,
    );
    assert.match(linked.headers.get('location') ?? '', /strava=linked$/);
    try {
      const out = (await alice.request('GET', '/api/me/export')).body;
      assert.equal(out.strava.linked, true);
      assert.ok(out.strava.athlete.id);
    } finally {
      assert.equal((await alice.request('DELETE', `/api/strava/users/${aliceId}/link?delete_runs=true`)).status, 200);
    }
  });

  it('fails with {code, message} when a service is down instead of leaving its data out; an unconfigured service is left out', async () => {
    const down = await closedUrl();
    for (const service of ['data', 'strava', 'imports'] as const) {
      const alice = browser(await gateway({}, { [service]: down }));
      await alice.login('alice-export-down@example.com');
      const res = await alice.request('GET', '/api/me/export');
      assert.ok([502, 503].includes(res.status), `${service} down → ${res.status}`);
      assert.equal(typeof res.body.code, 'string');
      assert.equal(typeof res.body.message, 'string');
      assert.equal(res.headers.get('content-disposition'), null, 'no half-made file');
    }
    const alice = browser(await gateway({}, { strava: null, imports: null }));
    await alice.login('alice-export-down@example.com');
    const res = await alice.request('GET', '/api/me/export');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.strava, undefined);
    assert.equal(res.body.imports, undefined);
    assert.ok(Array.isArray(res.body.runs));
  });
});
