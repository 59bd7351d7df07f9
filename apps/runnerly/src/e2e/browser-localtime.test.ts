// Local time in the browser: an account made in a Paris browser is in Paris; each run shows the
// clock of the place it was run (its zone named when it is not the runner's); week totals are
// asked in the runner's zone; a browser elsewhere changes nothing.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from '@runnerly/testing/browser';
import { activationToken, call, noChromium, useBrowserSystem } from './browser-harness.ts';

const e2e = useBrowserSystem('localtime');
const shots = '/tmp/shots';
const shot = async (page: Page, name: string) => {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/localtime-${name}.png`, fullPage: true });
  await e2e.shot(page, `localtime-${name}`);
};

async function browserIn(timezoneId: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await e2e.browser.newContext({ viewport: { width: 1200, height: 850 }, timezoneId, locale: 'en-GB' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${m.text()} ${m.location().url}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page, problems };
}

it(
  'shows a 07:30 Paris run at 07:30 to a runner who signed up in Paris, whatever the browser zone later',
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const email = `amelie-${Date.now()}@example.com`;
    const password = 'a long enough password 42';
    const paris = await browserIn('Europe/Paris');
    const { page } = paris;

    // Sign-up through the form: the browser's zone goes with it.
    await page.goto(`${base}/signup`);
    await page.getByLabel('Name (optional)').fill('Amélie');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/check-mailbox/);
    const token = await activationToken(page, email);
    assert.equal((await call(page, 'POST', '/api/auth/activate', { token })).status, 200);
    const login = await call<{ user: { id: string } }>(page, 'POST', '/api/auth/login', { email, password });
    assert.equal(login.status, 200);
    const userId = login.body.user.id;
    const profile = await call<{ time_zone: string }>(page, 'GET', '/api/me/profile');
    assert.equal(profile.body.time_zone, 'Europe/Paris', "the account's zone is the browser's");

    // Three January mornings at 07:30 local: Paris, New York, and a file that gave only its +01:00 offset.
    const run = (name: string, start_time: string, timezone: string) => ({
      user_id: userId,
      source: 'file',
      source_id: `lt-${name.replace(/\W+/g, '-')}`,
      name,
      sport_type: 'Run',
      start_time,
      timezone,
      distance_m: 10_000,
      moving_time_s: 3000,
      elapsed_time_s: 3050,
    });
    const runs = [
      run('Paris morning run', '2026-01-10T06:30:00Z', 'Europe/Paris'),
      run('Central Park loop', '2026-01-11T12:30:00Z', 'America/New_York'),
      run('Treadmill by the offset', '2026-01-12T06:30:00Z', 'Etc/GMT-1'),
    ];
    const added = await call<{ runs: Array<{ id: string }> }>(page, 'POST', '/api/data/runs/batch', { runs });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const [parisId] = added.body.runs.map((r) => r.id);

    // Home: the week's totals are asked in the runner's zone.
    const totals: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/totals?')) totals.push(r.url());
    });
    await page.goto(`${base}/`);
    const table = page.getByRole('table').filter({ hasText: 'Paris morning run' });
    await table.waitFor();
    const row = (name: string) =>
      table.locator('tbody tr', { hasText: name }).locator('td[data-label="Date"] .date-long');
    assert.equal(await row('Paris morning run').innerText(), 'Sat, 10 Jan 2026, 07:30');
    assert.equal(await row('Central Park loop').innerText(), 'Sun, 11 Jan 2026, 07:30 (New York)');
    assert.equal(await row('Treadmill by the offset').innerText(), 'Mon, 12 Jan 2026, 07:30 (UTC+1)');
    assert.ok(totals.length > 0, 'week totals asked');
    for (const url of totals) assert.equal(new URL(url).searchParams.get('tz'), 'Europe/Paris', url);
    await shot(page, '01-home-paris-browser');

    // The run page says the same.
    await page.goto(`${base}/runs/${parisId}`);
    await page.getByRole('heading', { name: 'Paris morning run', level: 1 }).waitFor();
    await page.getByText('Sat, 10 Jan 2026, 07:30', { exact: true }).waitFor();
    await shot(page, '02-run-paris-browser');
    assert.deepEqual(paris.problems, []);
    await paris.context.close();

    // Later, in a browser in Los Angeles: the runner's zone is still Paris, nothing moves.
    const away = await browserIn('America/Los_Angeles');
    await away.page.goto(`${base}/login`);
    assert.equal((await call(away.page, 'POST', '/api/auth/login', { email, password })).status, 200);
    await away.page.goto(`${base}/runs`);
    const list = away.page.getByRole('table').filter({ hasText: 'Paris morning run' });
    await list.waitFor();
    const date = (name: string) =>
      list.locator('tbody tr', { hasText: name }).locator('td[data-label="Date"] .date-long');
    assert.equal(await date('Paris morning run').innerText(), 'Sat, 10 Jan 2026, 07:30');
    assert.equal(await date('Central Park loop').innerText(), 'Sun, 11 Jan 2026, 07:30 (New York)');
    await shot(away.page, '03-runs-los-angeles-browser');
    assert.deepEqual(away.problems, []);
    await away.context.close();
  },
);
