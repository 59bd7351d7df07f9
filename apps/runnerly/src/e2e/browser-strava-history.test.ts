import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Page } from '@runnerly/testing/browser';
import { noChromium, signedInRunner, useBrowserSystem } from './browser-harness.ts';

// A small read limit (27 calls a window at 90%) and a history of 60 activities: the charts of
// the whole history take several windows, so the page shows them part-way ("Charts for N of M").
const e2e = useBrowserSystem('strava-history', {
  STRAVA_SIM_ACTIVITIES: '60',
  STRAVA_SIM_RATE_LIMITS: '300,3000,30,3000',
});

/** Screenshots of this file also go to /tmp/shots/strava-<name>.png (looked at by hand). */
async function shot(page: Page, name: string) {
  await e2e.shot(page, `strava-${name}`);
  mkdirSync('/tmp/shots', { recursive: true });
  await page.screenshot({ path: `/tmp/shots/strava-${name}.png`, fullPage: true });
}

it(
  "shows how far the history's charts have come, and the shoes Strava names can be removed after a confirm",
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const { context, page, problems } = await signedInRunner(e2e, 'Eliud');
    await page.goto(`${base}/connections`);
    await page.getByRole('button', { name: 'Connect with Strava' }).click();
    await page.getByText('Strava simulator — not the real Strava').waitFor();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(/\/connections$/);
    await page.getByText(/History imported: \d+ runs? imported\./).waitFor({ timeout: 30_000 });
    // Idle, yet the page keeps asking while the charts come in (every 10 s).
    const partWay = page.getByText(/Charts for \d+ of \d+ runs: newest first/);
    await partWay.waitFor({ timeout: 30_000 });
    const [done, total] = (/Charts for (\d+) of (\d+)/.exec(await partWay.innerText()) ?? []).slice(1).map(Number);
    assert.ok(total! > 20 && done! < total!, `part-way: ${done} of ${total}`);
    const bar = page.locator('progress#strava-charts');
    assert.equal(Number(await bar.getAttribute('max')), total);
    await page.locator('section.strava').scrollIntoViewIfNeeded();
    await shot(page, 'charts-progress');

    // The shoes, named as Strava's athlete lists them (not "Strava shoes g…").
    const shoes = page.locator('section#shoes');
    const pair = shoes.locator('li', { hasText: 'Daily trainers' });
    for (let i = 0; i < 30; i++) {
      await page.goto(`${base}/account#shoes`);
      await shoes.getByRole('heading', { name: 'Shoes' }).waitFor();
      await page.waitForTimeout(500);
      if (await pair.count()) break;
    }
    await pair.waitFor({ timeout: 1000 });
    assert.equal(await shoes.getByText(/Strava shoes g/).count(), 0);
    await pair.getByRole('button', { name: 'Remove Daily trainers' }).click();
    await pair.getByText('Remove “Daily trainers”?').waitFor();
    await pair.getByRole('button', { name: 'Retire instead' }).waitFor();
    await shoes.scrollIntoViewIfNeeded();
    await shot(page, 'shoes-confirm');
    // "Keep it" changes nothing.
    await pair.getByRole('button', { name: 'Keep it' }).click();
    assert.equal(await pair.getByText('Remove “Daily trainers”?').count(), 0);
    await pair.getByRole('button', { name: 'Remove Daily trainers' }).click();
    await pair.getByRole('button', { name: 'Yes, remove it' }).click();
    await shoes.getByText('“Daily trainers” removed.').waitFor();
    assert.equal(await shoes.locator('li', { hasText: 'Daily trainers' }).count(), 0);
    await shot(page, 'shoes-removed');

    assert.deepEqual(
      problems.filter((p) => !/401|Unauthorized/.test(p) && !p.endsWith('/favicon.ico')),
      [],
      'no console errors',
    );
    await context.close();
  },
);
