import { it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { encodePolyline } from '@runnerly/activity-files';
import type { Page } from '@runnerly/testing/browser';
import { call, noChromium, openPage, signedInRunner, useBrowserSystem } from './browser-harness.ts';

const e2e = useBrowserSystem('dashboard');
const shot = e2e.shot;
const phone = { width: 390, height: 844 };
const desktop = { width: 1100, height: 800 };

/** Ten runs over the last weeks, with routes, through the API the pages use. */
async function tenRuns(page: Page, userId: string): Promise<string[]> {
  const day = 86_400_000;
  const now = Date.now();
  const runs = Array.from({ length: 10 }, (_, i) => {
    const km = 5 + ((i * 3) % 11);
    const pts: Array<[number, number]> = Array.from({ length: 30 }, (_, k) => [
      45.76 + 0.01 * Math.sin((k / 29) * 2 * Math.PI + i),
      4.83 + 0.015 * (k / 29),
    ]);
    return {
      user_id: userId,
      source: 'manual',
      source_id: `dash-${now}-${i}`,
      name: `Run number ${i + 1}`,
      sport_type: i % 4 === 3 ? 'TrailRun' : 'Run',
      start_time: new Date(now - i * 2 * day - 3600_000).toISOString(),
      timezone: 'Europe/Paris',
      distance_m: km * 1000,
      moving_time_s: km * 300 + i * 7,
      elapsed_time_s: km * 300 + i * 7,
      elevation_gain_m: 20 + i * 9,
      average_heartrate: 140 + i,
      summary_polyline: encodePolyline(pts),
    };
  });
  const res = await call<{ runs: Array<{ id: string }> }>(page, 'POST', '/api/data/runs/batch', { runs });
  assert.equal(res.status, 200);
  return res.body.runs.map((r) => r.id);
}

it(
  'loads Home with one call per thing and a small first load, at desktop and phone width',
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const { context, page, problems, userId } = await signedInRunner(e2e, 'Hana');
    await tenRuns(page, userId);

    // A full load of Home, as after typing the address: every call and every script counted.
    const calls: string[] = [];
    const scripts: Array<Promise<number>> = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/')) calls.push(`${r.method()} ${url.pathname}${url.search}`);
    });
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push(r.body().then((b) => gzipSync(b).length));
    });
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Run number 10' }).waitFor();
    await page.getByText(/\d+ runs? ·/).waitFor();
    await page.waitForLoadState('networkidle');
    const duplicates = calls.filter((c, i) => calls.indexOf(c) !== i);
    assert.deepEqual(duplicates, [], `no call twice: ${calls.join(', ')}`);
    assert.ok(!calls.some((c) => c.includes('/api/mailbox')), 'the nav does not ask the mailbox');
    assert.ok(calls.length <= 6, `a handful of calls: ${calls.join(', ')}`);
    const jsGzip = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
    assert.ok(jsGzip <= 200 * 1024, `first-load JS ${jsGzip} B gzip`);
    console.log(`# Home full load: ${calls.length} API calls (${calls.join(', ')}); first-load JS ${jsGzip} B gzip`);
    await shot(page, 'dash-01-home-desktop');

    // Phone: a bar of tabs at the bottom, the rest under More; compact rows.
    await page.setViewportSize(phone);
    await page.reload();
    await page.getByRole('link', { name: 'Run number 10' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    const navBox = (await nav.boundingBox())!;
    assert.ok(navBox.height <= 64, `nav is one row (${navBox.height} px)`);
    assert.ok(navBox.y + navBox.height >= phone.height - 1, 'nav sits at the bottom of the screen');
    const rows = page.locator('table.runs tbody tr');
    assert.equal(await rows.count(), 10);
    const rowBox = (await rows.nth(0).boundingBox())!;
    assert.ok(rowBox.height <= 90, `a compact run row (${rowBox.height} px)`);
    const bodyHeight = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement
          .scrollHeight,
    );
    assert.ok(bodyHeight < 1700, `Home is ${bodyHeight} px tall at 390 px`);
    const label = page.locator('.week-days .bar-label').first();
    const labelBox = (await label.boundingBox())!;
    assert.ok(labelBox.height >= 11, `weekday labels are legible (${labelBox.height} px)`);
    await shot(page, 'dash-02-home-phone');
    await nav.getByRole('button', { name: 'More' }).click();
    await nav.getByRole('link', { name: 'Account' }).waitFor();
    await shot(page, 'dash-03-nav-more-phone');
    await nav.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Account', exact: true }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Connections' }).isVisible(), false, 'the menu closes');
    await page.setViewportSize(desktop);

    // The Runs page at phone width: its weekly chart's labels are legible.
    await page.setViewportSize(phone);
    await page.goto(`${base}/runs`);
    await page.locator('.bar-chart .bar-label').first().waitFor();
    const chartLabel = (await page.locator('.bar-chart .bar-label').first().boundingBox())!;
    assert.ok(chartLabel.height >= 11, `chart labels are legible (${chartLabel.height} px)`);
    const totals = page.getByRole('region', { name: 'Totals' });
    await totals.getByRole('heading', { name: 'All time' }).waitFor();
    assert.match(
      await totals.innerText(),
      /All time[\s\S]*Runs\s*10/,
      'all time: the ten runs, added up by the Data Service',
    );
    await shot(page, 'dash-04-runs-phone');
    await page.setViewportSize(desktop);
    await shot(page, 'dash-04b-runs-desktop');
    assert.deepEqual(problems, [], 'no console errors');
    await context.close();
  },
);

it(
  'says "signed out" without an error, and after logging in returns to the page asked for',
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const runner = await signedInRunner(e2e, 'Ines');
    const [id] = await tenRuns(runner.page, runner.userId);
    const email = (await call<{ user: { email: string } }>(runner.page, 'GET', '/api/session')).body.user.email;
    await runner.context.close();

    const { context, page, problems } = await openPage(e2e);
    await page.goto(`${base}/runs/${id}?from=mail`);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('next'), `/runs/${id}?from=mail`);
    const session = await call<{ signed_in: boolean; user: null }>(page, 'GET', '/api/session');
    assert.equal(session.status, 200);
    assert.deepEqual([session.body.signed_in, session.body.user], [false, null]);
    await page.getByText('Log in to see this page.').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a long enough password 42');
    await page.setViewportSize(phone);
    await shot(page, 'dash-05-login-next-phone');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Run number 1' }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/runs/${id}`);
    await shot(page, 'dash-06-run-after-login-phone');

    // Another origin in `next` leads Home, not away.
    assert.equal((await call(page, 'POST', '/api/auth/logout', {})).status, 204);
    await page.goto(`${base}/login?next=${encodeURIComponent('//evil.example/x')}`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a long enough password 42');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Last 10 runs' }).waitFor();
    assert.equal(page.url(), `${base}/`);
    assert.deepEqual(problems, [], 'no console errors, not even a 401');
    await context.close();
  },
);

it('explains a made-up activation link, and says the account is deleted', { skip: noChromium }, async () => {
  const base = e2e.sys.urls.gateway!;
  const { context, page, problems } = await signedInRunner(e2e, 'Jo');
  await page.goto(`${base}/activate?token=made-up`);
  await page.getByText('This activation link is not valid').waitFor();
  assert.equal(await page.getByText(/must|pattern|minLength/).count(), 0, 'no validator words');
  await shot(page, 'dash-07-activate-bad');

  const email = (await call<{ user: { email: string } }>(page, 'GET', '/api/session')).body.user.email;
  await page.goto(`${base}/account`);
  await page.getByRole('heading', { name: 'Account', exact: true }).waitFor();
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: /Delete/ }) });
  await form.getByRole('textbox').last().fill(email);
  await form.getByRole('button', { name: /Delete/ }).click();
  await page
    .getByText('Your account and all its data are deleted.')
    .waitFor({ timeout: 10_000 })
    .catch(async (err: unknown) => {
      await shot(page, 'dash-08-deleted-failed');
      throw new Error(`${String(err)} at ${page.url()}; console: ${problems.join(' | ')}`);
    });
  await shot(page, 'dash-08-deleted');
  assert.deepEqual(
    problems.filter((p) => !/400/.test(p)),
    [],
    'no console errors (besides the refused activation)',
  );
  await context.close();
});
