import { it } from 'node:test';
import assert from 'node:assert/strict';
import { encodePolyline } from '@runnerly/activity-files';
import { call, noChromium, signedInRunner, useBrowserSystem } from './browser-harness.ts';

const e2e = useBrowserSystem('runs');
const shot = e2e.shot;

/** A 5.4 km loop near Lyon, one sample every 5 s, with a hill and a faster middle kilometre. */
function recordedRun(start: Date) {
  const time: number[] = [];
  const distance: number[] = [];
  const latlng: Array<[number, number]> = [];
  const altitude: number[] = [];
  const heartrate: number[] = [];
  const cadence: number[] = [];
  const [lat0, lng0] = [45.764, 4.8357];
  let d = 0;
  for (let i = 0; i <= 330; i++) {
    const t = i * 5;
    const speed = d > 2000 && d < 3000 ? 3.7 : 3.1 + 0.15 * Math.sin(i / 9);
    if (i) d += speed * 5;
    const a = (d / 5400) * 2 * Math.PI;
    time.push(t);
    distance.push(Math.round(d * 10) / 10);
    latlng.push([lat0 + 0.008 * Math.sin(a) + 0.002 * Math.sin(3 * a), lng0 + 0.012 * (1 - Math.cos(a))]);
    altitude.push(170 + 25 * Math.sin(a) ** 2);
    heartrate.push(Math.round(138 + d / 200 + (speed > 3.5 ? 12 : 0)));
    cadence.push(170 + (speed > 3.5 ? 8 : 0));
  }
  return {
    source: 'file',
    source_id: `e2e-file-${start.getTime()}`,
    name: 'Lyon loop',
    sport_type: 'Run',
    start_time: start.toISOString(),
    timezone: 'Europe/Paris',
    distance_m: d,
    moving_time_s: time[time.length - 1]!,
    elapsed_time_s: time[time.length - 1]!,
    elevation_gain_m: 52,
    average_heartrate: 151,
    max_heartrate: 171,
    average_cadence: 172,
    summary_polyline: encodePolyline(latlng.filter((_, i) => i % 4 === 0)),
    device: 'Forerunner 265',
    best_efforts: [
      { name: '1 km', distance_m: 1000, elapsed_time_s: 272 },
      { name: '5 km', distance_m: 5000, elapsed_time_s: 1560 },
    ],
    streams: { time, distance, latlng, altitude, heartrate, cadence },
  };
}

it(
  'shows a run with its route, charts and splits, renames and deletes runs, totals per week and month',
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    // An active account, through the API the pages use.
    const { context, page, problems, userId } = await signedInRunner(e2e, 'Grace');

    // A recorded run (streams + polyline), a summary-only run with splits, and older runs for the totals.
    const day = 86_400_000;
    const now = Date.now();
    const recorded = { user_id: userId, ...recordedRun(new Date(now - 2 * 3600_000)) };
    const summaryOnly = {
      user_id: userId,
      source: 'strava',
      source_id: '98765432101',
      strava_activity_id: '98765432101',
      name: 'Track session',
      sport_type: 'Run',
      start_time: new Date(now - 1 * day - 3 * 3600_000).toISOString(),
      timezone: 'Europe/Paris',
      distance_m: 3000,
      moving_time_s: 840,
      elapsed_time_s: 900,
      summary_polyline: encodePolyline([
        [45.75, 4.85],
        [45.751, 4.853],
        [45.752, 4.85],
        [45.751, 4.847],
        [45.75, 4.85],
      ]),
      splits_km: [1, 2, 3].map((index) => ({
        index,
        distance_m: 1000,
        elapsed_time_s: 280,
        moving_time_s: 280,
        elevation_difference_m: 0,
        average_heartrate: 160,
      })),
    };
    const older = Array.from({ length: 8 }, (_, i) => ({
      user_id: userId,
      source: 'manual',
      source_id: `manual-e2e-${i}`,
      name: `Easy ${i + 1}`,
      sport_type: i % 3 ? 'Run' : 'TrailRun',
      start_time: new Date(now - (9 + i * 11) * day).toISOString(),
      timezone: 'Europe/Paris',
      distance_m: 6000 + i * 1500,
      moving_time_s: 1900 + i * 480,
      elapsed_time_s: 1900 + i * 480,
    }));
    const batch = await call<{ runs: Array<{ id: string; source_id: string }> }>(page, 'POST', '/api/data/runs/batch', {
      runs: [recorded, summaryOnly, ...older],
    });
    assert.equal(batch.status, 200, JSON.stringify(batch.body));
    const recordedId = batch.body.runs.find((r) => r.source_id === recorded.source_id)!.id;

    // Home: the rows link to their runs and draw tiny routes; this week adds up.
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'This week' }).waitFor();
    const link = page.getByRole('link', { name: 'Lyon loop' });
    await link.waitFor();
    assert.ok((await page.locator('td.mini-route svg path.route-line').count()) >= 2, 'tiny routes');
    await page.locator('.week-total .big', { hasText: /km/ }).waitFor();

    // The run page.
    await link.click();
    await page.getByRole('heading', { name: 'Lyon loop', level: 1 }).waitFor();
    assert.match(page.url(), new RegExp(`/runs/${recordedId}$`));
    const route = page.getByRole('img', { name: /Route of the run/ });
    await route.waitFor();
    assert.ok((await route.locator('path.route-line').getAttribute('d'))!.length > 100, 'the route is drawn');
    assert.equal(await route.locator('circle.route-start').count(), 1);
    const stats = await page.locator('dl.stats dt').allInnerTexts();
    assert.deepEqual(stats.slice(0, 4), ['Date', 'Distance', 'Time', 'Pace']);
    const chart = page.locator('svg.chart-svg');
    await chart.waitFor();
    assert.equal(await chart.locator('path.series').count(), 3, 'pace, heart rate and elevation lines');
    const splitRows = page.getByRole('table', { name: /Splits per kilometre/ }).locator('tbody tr');
    assert.equal(await splitRows.count(), 6, '5 whole km and the rest');
    assert.match(await splitRows.first().innerText(), /\d:\d\d \/km/);
    await page
      .getByRole('table', { name: /Fastest times/ })
      .getByText('4:32', { exact: true })
      .waitFor();
    await page.getByText('File upload').waitFor();
    // The cursor reads the three values at one distance.
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + 60);
    const readout = await page.locator('.chart-readout').innerText();
    assert.match(readout, /\d\.\d\d km/);
    assert.match(readout, /Pace \d:\d\d \/km/);
    assert.match(readout, /Heart rate \d+ bpm/);
    assert.match(readout, /Elevation \d+ m/);
    assert.equal(await chart.locator('line.cursor').count(), 3, 'one cursor across the three charts');
    await shot(page, '12-run-detail');

    // Rename inline.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Run name').fill('Lyon loop with strides');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Lyon loop with strides', level: 1 }).waitFor();
    await page.getByText('Changes saved.').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Lyon loop with strides', level: 1 }).waitFor();

    await page.setViewportSize({ width: 390, height: 800 });
    await page.locator('svg.chart-svg').waitFor();
    await page.waitForTimeout(100);
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )) as number;
    assert.ok(overflow <= 0, `no sideways scrolling at phone width (${overflow}px)`);
    await shot(page, '14-run-detail-phone');
    await page.setViewportSize({ width: 1100, height: 800 });

    // Runs: totals per week and month, filters, paging.
    await page.getByRole('link', { name: 'Runs', exact: true }).click();
    await page.getByRole('heading', { name: 'All runs' }).waitFor();
    const bars = page.getByRole('img', { name: /Distance per week/ });
    await bars.waitFor();
    assert.equal(await bars.locator('rect.bar').count(), 12);
    await page.getByRole('table', { name: /Distance per week/ }).waitFor();
    await page.getByRole('row', { name: /Lyon loop with strides/ }).waitFor();
    await page.getByLabel('Type').selectOption('TrailRun');
    await page.getByText('3 runs match.').waitFor();
    assert.equal(await page.locator('table.runs tbody tr').count(), 3);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('button', { name: 'Monthly' }).click();
    await page.getByRole('img', { name: /Distance per month/ }).waitFor();
    assert.equal(
      await page
        .getByRole('img', { name: /Distance per month/ })
        .locator('rect.bar')
        .count(),
      12,
    );
    await page.getByRole('button', { name: 'Weekly' }).click();
    await shot(page, '13-runs');

    // A run without streams says the charts need a file; deleting asks first, then goes home.
    await page.getByRole('link', { name: 'Track session' }).click();
    await page.getByRole('heading', { name: 'Track session', level: 1 }).waitFor();
    await page.getByText(/Charts need a recorded file/).waitFor();
    assert.equal(
      await page
        .getByRole('table', { name: /Splits per kilometre/ })
        .locator('tbody tr')
        .count(),
      3,
    );
    await page.getByRole('link', { name: /activity 98765432101/ }).waitFor();
    await page.getByRole('button', { name: 'Delete run' }).click();
    await page.getByRole('button', { name: 'Keep it' }).click();
    await page.getByRole('button', { name: 'Delete run' }).click();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.getByText('Run “Track session” deleted.').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Track session' }).count(), 0);

    // Miles and Sunday weeks from the account page, everywhere.
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByLabel('Miles (min/mi)').check();
    await page.getByLabel('First day of the week').selectOption('sunday');
    await page.getByRole('button', { name: 'Save units and calendar' }).click();
    await page.getByText('Units and calendar saved').waitFor();
    await page.getByRole('link', { name: 'Home' }).click();
    const row = page.getByRole('row', { name: /Lyon loop with strides/ });
    await row.waitFor();
    assert.match(await row.innerText(), /3\.\d\d mi[\s\S]*\d:\d\d \/mi/);
    await page.getByText(/since Sun/).waitFor();

    assert.deepEqual(
      problems.filter((p) => !/401|Unauthorized/.test(p)),
      [],
      'no console errors (CSP violations would show here)',
    );
    await context.close();
  },
);
