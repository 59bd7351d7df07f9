// No secret reaches the logs. The whole system runs as `runnerly start` does, in a process of its
// own, with debug logs as JSON lines; a runner signs up, activates, logs in, changes and resets
// the password, links Strava (the simulator), uploads a file and logs out, all through the
// gateway as a browser would; then every line every service wrote is searched for each secret
// the flows handled: passwords, activation and reset tokens, the session cookie, the CSRF token,
// access tokens (JWTs), client secrets and keys.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { roadRun, writeGpx } from '@runnerly/activity-files/fixtures';
import { planUrls } from '@runnerly/service-kit';
import { httpBrowser, mailboxLink } from '@runnerly/gateway/testing';
import { waitFor } from '@runnerly/testing';
import { activeServices } from '../registry.ts';

const root = resolve(import.meta.dirname, '..', '..', '..', '..');
const main = join(root, 'apps', 'runnerly', 'src', 'main.ts');

describe('the logs of every service', () => {
  let dataDir: string;
  let system: ChildProcess;
  let output = '';
  let base: string;
  const secrets = new Map<string, string>();
  const keep = (what: string, value: string | undefined | null) => {
    assert.ok(value && value.length >= 8, `${what} is known to the test`);
    secrets.set(what, value);
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'runnerly-logs-'));
    const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'debug', LOG_FORMAT: 'json', NODE_OPTIONS: '' };
    const planned = await planUrls(
      (await activeServices(env)).map((s) => ({ name: s.module.name, offset: s.offset })),
      0,
      '127.0.0.1',
    );
    base = planned.gateway!;
    system = spawn(process.execPath, ['--import', 'tsx', main, 'start'], {
      cwd: root,
      env: { ...env, RUNNERLY_BASE_PORT: new URL(base).port },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [system.stdout!, system.stderr!]) stream.on('data', (d: Buffer) => (output += d.toString()));
    await waitFor(
      'the system ready',
      async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200,
      120_000,
      250,
    );
  });
  after(async () => {
    if (system && system.exitCode === null) {
      const exit = new Promise((r) => system.once('exit', r));
      system.kill('SIGTERM');
      await exit;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('hold no password, token, cookie or key after every flow that handles one', async () => {
    const email = 'logs.runner@example.com';
    const password = 'a long passphrase nobody logs 7';
    const newPassword = 'another passphrase, never logged 9';
    const resetPassword = 'third passphrase from the reset mail 3';
    keep('password', password);
    keep('new password', newPassword);
    keep('reset password', resetPassword);
    const browser = httpBrowser(base, async () => {});
    const appLink = async (subject: RegExp) => new URL(await mailboxLink(browser, subject), base);

    await browser.request('GET', '/api/session');
    assert.equal((await browser.request('POST', '/api/auth/signup', { json: { email, password } })).status, 202);
    const activation = (await appLink(/confirm/i)).searchParams.get('token');
    keep('activation token', activation);
    assert.equal((await browser.request('POST', '/api/auth/activate', { json: { token: activation } })).status, 200);
    const login = await browser.request('POST', '/api/auth/login', { json: { email, password } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const userId = login.body.user.id as string;
    keep('session cookie', [...browser.jar].find(([k]) => /sess/i.test(k))?.[1]);
    keep('CSRF token', browser.jar.get('runnerly_csrf'));

    const changed = await browser.request('POST', '/api/me/password', {
      json: { current_password: password, new_password: newPassword },
    });
    assert.ok(changed.status === 200 || changed.status === 204, JSON.stringify(changed.body));
    assert.equal((await browser.request('POST', '/api/auth/forgot', { json: { email } })).status, 202);
    const reset = (await appLink(/reset/i)).searchParams.get('token');
    keep('reset token', reset);
    const done = await browser.request('POST', '/api/auth/reset', { json: { token: reset, password: resetPassword } });
    assert.ok(done.status === 200 || done.status === 204, JSON.stringify(done.body));
    // The reset ended every session: a fresh one (and its CSRF token) before logging in again.
    await browser.request('GET', '/api/session');
    const again = await browser.request('POST', '/api/auth/login', { json: { email, password: resetPassword } });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    keep('session cookie after the reset', [...browser.jar].find(([k]) => /sess/i.test(k))?.[1]);

    // Strava, through the simulator: the tokens it hands out go through the strava service.
    const link = await browser.request('POST', `/api/strava/users/${userId}/link`);
    assert.equal(link.status, 200, JSON.stringify(link.body));
    const authorize = new URL(link.body.authorize_url as string);
    authorize.searchParams.set('sim_auto', 'approve');
    const approved = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(approved.headers.get('location')!);
    keep('Strava authorization code', callback.searchParams.get('code'));
    const linked = await browser.request('GET', `/api/strava/oauth/callback${callback.search}`);
    assert.match(linked.headers.get('location') ?? '', /strava=linked$/);

    const form = new FormData();
    form.append('files', new Blob([writeGpx(roadRun(21, Date.parse('2026-03-02T07:00:00Z')))]), 'morning.gpx');
    const upload = await browser.request('POST', `/api/imports/users/${userId}/imports`, { form });
    assert.equal(upload.status, 202, JSON.stringify(upload.body));
    await waitFor('the import done', async () => {
      const job = await browser.request('GET', `/api/imports/users/${userId}/imports/${upload.body.job_id}`);
      return job.body.status === 'done';
    });
    await waitFor('the Strava backfill under way', async () => {
      const status = await browser.request('GET', `/api/strava/users/${userId}/status`);
      return status.body.linked === true && status.body.pages_done > 0;
    });
    assert.ok([200, 204].includes((await browser.request('POST', '/api/auth/logout')).status));

    // The keys and client secrets the system made for itself on first start.
    for (const file of readdirSync(join(dataDir, 'credentials')))
      keep(
        `client secret (${file})`,
        (
          JSON.parse(readFileSync(join(dataDir, 'credentials', file), 'utf8')) as {
            clientSecret: string;
          }
        ).clientSecret,
      );

    // Let the last lines out, then read everything the services wrote.
    await new Promise((r) => setTimeout(r, 500));
    const lines = output.split('\n').filter(Boolean);
    assert.ok(lines.length > 100, `debug logs of every flow (${lines.length} lines)`);
    const services = new Set(
      lines.map((l) => (l.startsWith('{') ? (JSON.parse(l) as { service?: string }).service : '')),
    );
    for (const s of ['gateway', 'accounts', 'data', 'strava', 'imports', 'tokendealer'])
      assert.ok(services.has(s), `${s} logged`);
    for (const [what, value] of secrets) {
      const found = lines.find((l) => l.includes(value));
      assert.equal(found, undefined, `the ${what} is in the logs: ${found?.slice(0, 300)}`);
    }
    // No bearer token of any kind: a JWT (header.payload.signature) never shows.
    const jwt = lines.find((l) => /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./.test(l));
    assert.equal(jwt, undefined, `a JWT is in the logs: ${jwt?.slice(0, 300)}`);
    const authorization = lines.find((l) => /"authorization":|"cookie":|Bearer [A-Za-z0-9]/i.test(l));
    assert.equal(authorization, undefined, `a credential header is in the logs: ${authorization?.slice(0, 300)}`);
  });
});
