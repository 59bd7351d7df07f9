import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from '@runnerly/testing/browser';
import { call, noChromium, signedInRunner, useBrowserSystem } from './browser-harness.ts';

const e2e = useBrowserSystem('records');
const shot = e2e.shot;
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };
const day = 86_400_000;

type Effort = [name: string, metres: number, seconds: number];

/** Races and hard runs of past years with best efforts, and easy runs of the last weeks. */
async function history(page: Page, userId: string): Promise<Record<string, string>> {
  const run = (name: string, start: string, km: number, efforts: Effort[] = []) => ({
    user_id: userId,
    source: 'file',
    source_id: `rec-${name.replace(/\W+/g, '-')}-${start.slice(0, 10)}`,
    name,
    sport_type: 'Run',
    start_time: start,
    timezone: 'Europe/Paris',
    distance_m: km * 1000,
    moving_time_s: Math.round(km * 290),
    elapsed_time_s: Math.round(km * 295),
    elevation_gain_m: 40,
    best_efforts: efforts.map(([n, distance_m, elapsed_time_s]) => ({ name: n, distance_m, elapsed_time_s })),
  });
  const now = Date.now();
  const ago = (days: number) => new Date(now - days * day).toISOString();
  const runs = [
    run('Spring 10K race', '2024-05-12T07:30:00Z', 10.1, [
      ['1 km', 1000, 230],
      ['5 km', 5000, 1240],
      ['10 km', 10000, 2500],
    ]),
    run('Lyon half marathon', '2025-04-06T06:30:00Z', 21.2, [
      ['1k', 1000, 225],
      ['5k', 5000, 1230],
      ['10k', 10000, 2520],
      ['Half-Marathon', 21097.5, 5400],
    ]),
    run('Parkrun PB', '2025-09-13T08:00:00Z', 5, [
      ['1k', 1000, 220],
      ['1 mile', 1609.3, 362],
      ['5k', 5000, 1195],
    ]),
    run('Autumn long run', '2025-11-02T08:00:00Z', 16, [
      ['5k', 5000, 1380],
      ['10k', 10000, 2600],
    ]),
    run('Tempo run', ago(2), 9, [
      ['1k', 1000, 235],
      ['5k', 5000, 1260],
    ]),
    run('Easy run', ago(1), 7),
    run('Recovery jog', ago(9), 5.5),
    run('Hill repeats', ago(70), 8),
  ];
  const res = await call<{ runs: Array<{ id: string }> }>(page, 'POST', '/api/data/runs/batch', { runs });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return Object.fromEntries(runs.map((r, i) => [r.name, res.body.runs[i]!.id]));
}

/** True when nothing is wider than the window (no sideways scrolling of the page). */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } })
      .document.documentElement;
    return d.scrollWidth <= d.clientWidth;
  });
}

/** True when the table's scrolling box does not have to scroll sideways. */
async function fitsBox(page: Page, table: string): Promise<boolean> {
  return page
    .locator(`.table-scroll:has(${table})`)
    .evaluate((el: { scrollWidth: number; clientWidth: number }) => el.scrollWidth <= el.clientWidth);
}

it(
  'shows personal records with their runs, ranks on the run page, and a training log, at desktop and phone width',
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const { context, page, problems, userId } = await signedInRunner(e2e, 'Kip');
    await page.setViewportSize(desktop);
    const ids = await history(page, userId);

    // Records, from the navigation: the fastest per distance, each linking to its run.
    await page.goto(`${base}/`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Records' }).click();
    await page.getByRole('heading', { name: 'Records', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: /fastest time per distance/ });
    await table.waitFor();
    // The row header is the distance, then how many runs have it.
    const row = (name: string) =>
      table.locator('tbody tr', { has: page.getByRole('rowheader', { name: new RegExp(`^${name}\\b`) }) });
    assert.match(await row('5K').innerText(), /19:55[\s\S]*Parkrun PB/, 'the fastest 5K, from a "5k" and a "5 km"');
    assert.match(await row('Half marathon').innerText(), /1:30:00[\s\S]*Lyon half marathon/);
    assert.match(await row('10K').innerText(), /41:40[\s\S]*Spring 10K race/);
    assert.equal(await row('Marathon').count(), 0, 'no marathon yet');
    await page.getByText(/No effort yet over .*Marathon/).waitFor();
    const headers = await table.locator('thead th').allInnerTexts();
    assert.deepEqual(headers, ['Distance', 'Time', 'Run', 'Next fastest']);
    await shot(page, 'records-01-all-time-desktop');

    // One year: 2024 had only the spring race.
    await page.getByLabel('Show').selectOption('2024');
    await page.getByRole('heading', { name: 'Records of 2024', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Fastest in 2024' }).waitFor();
    assert.match(await row('5K').innerText(), /20:40[\s\S]*Spring 10K race/);
    assert.equal(await row('Half marathon').count(), 0);
    await page.getByLabel('Show').selectOption('');
    await page.getByRole('heading', { name: 'Fastest ever' }).waitFor();

    // The run page: each best effort's rank.
    await row('Half marathon').getByRole('link', { name: 'Lyon half marathon' }).click();
    await page.getByRole('heading', { name: 'Lyon half marathon', level: 1 }).waitFor();
    const efforts = page.getByRole('table', { name: /Fastest times/ });
    const rank = (name: string) =>
      efforts.locator('tbody tr', { has: page.getByRole('rowheader', { name, exact: true }) }).locator('td.rank');
    await rank('5k').getByText('2nd fastest of 5').waitFor();
    assert.equal(await rank('10k').innerText(), '2nd fastest of 3 · fastest of 2025');
    assert.equal(await rank('Half-Marathon').innerText(), 'Your only one so far');
    assert.equal(await rank('1k').innerText(), '2nd fastest of 4');
    await shot(page, 'records-02-run-ranks-desktop');

    // The training log: totals, year over year, week by week.
    await nav.getByRole('link', { name: 'Log' }).click();
    await page.getByRole('heading', { name: 'Training log', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'All time' }).waitFor();
    assert.match(await page.getByRole('region', { name: 'Totals' }).innerText(), /All time[\s\S]*Runs\s*8/);
    const yoy = page.getByRole('region', { name: 'Year over year' });
    const chart = yoy.getByRole('img', { name: /Distance since 1 January/ });
    await chart.waitFor();
    assert.ok((await chart.locator('path.yoy-line').count()) >= 2, 'a line per year');
    const yearTable = yoy.getByRole('table', { name: /Distance per year/ });
    assert.match(
      await yearTable.locator('tbody tr', { has: page.getByRole('rowheader', { name: '2025' }) }).innerText(),
      /2025\s+\d+\s+42$/,
      '2025: 21.2 + 5 + 16 km',
    );
    const weeks = page.getByRole('table', { name: /Distance run each day/ });
    await weeks.waitFor();
    assert.equal(await weeks.locator('thead th').count(), 9, 'the week, seven days, the total');
    await weeks.getByRole('link', { name: /Easy run, 7\.0 km/ }).waitFor();
    await weeks.getByRole('link', { name: /Recovery jog, 5\.5 km/ }).waitFor();
    assert.equal(await weeks.getByRole('link', { name: /Hill repeats/ }).count(), 0);
    await shot(page, 'log-01-desktop');
    await page.getByRole('button', { name: '← Earlier' }).click();
    await weeks.getByRole('link', { name: /Hill repeats, 8\.0 km/ }).waitFor();
    assert.equal(await weeks.getByRole('link', { name: /Easy run/ }).count(), 0);
    await page.getByRole('button', { name: 'This week' }).click();
    await weeks.getByRole('link', { name: /Easy run/ }).click();
    await page.getByRole('heading', { name: 'Easy run', level: 1 }).waitFor();
    assert.match(page.url(), new RegExp(`/runs/${ids['Easy run']}$`));

    // Phone: both pages under More, legible without sideways scrolling.
    await page.setViewportSize(phone);
    await page.goto(`${base}/`);
    await nav.getByRole('button', { name: 'More' }).click();
    await nav.getByRole('link', { name: 'Records' }).waitFor();
    await shot(page, 'records-03-nav-more-phone');
    await nav.getByRole('link', { name: 'Records' }).click();
    await table.waitFor();
    assert.ok(await fitsWidth(page), 'the records page fits 390 px');
    assert.ok(await fitsBox(page, 'table.records'), 'the records table fits its card');
    await shot(page, 'records-04-phone');
    await nav.getByRole('button', { name: 'More' }).click();
    await nav.getByRole('link', { name: 'Log' }).click();
    await weeks.waitFor();
    await yoy.getByRole('img', { name: /Distance since 1 January/ }).waitFor();
    assert.ok(await fitsWidth(page), 'the log fits 390 px');
    assert.ok(await fitsBox(page, 'table.week-log'), 'the week table fits its card: no sideways scrolling');
    await shot(page, 'log-02-phone');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'log-03-phone-dark');
    await page.setViewportSize(desktop);
    await page.goto(`${base}/records`);
    await table.waitFor();
    await shot(page, 'records-05-desktop-dark');
    assert.deepEqual(problems, [], 'no console errors');
    await context.close();
  },
);
