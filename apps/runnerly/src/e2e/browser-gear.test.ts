import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from '@runnerly/testing/browser';
import { call, noChromium, signedInRunner, useBrowserSystem } from './browser-harness.ts';

const e2e = useBrowserSystem('gear');
const shot = e2e.shot;

async function noSidewaysScroll(page: Page, where: string) {
  const overflow = (await page.evaluate(
    'document.documentElement.scrollWidth - document.documentElement.clientWidth',
  )) as number;
  assert.ok(overflow <= 0, `${where}: no sideways scrolling (${overflow}px)`);
}

it(
  "edits a run's name, type, kind, shoes and description; shoes add up their runs; deleting a run takes its distance off",
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const { context, page, problems, userId } = await signedInRunner(e2e, 'Kip');
    const run = (i: number, distance_m: number) => ({
      user_id: userId,
      source: 'manual',
      source_id: `manual-gear-${i}`,
      name: `Easy ${i}`,
      sport_type: 'Run',
      start_time: new Date(Date.UTC(2026, 9, 10 + i, 6, 30)).toISOString(),
      timezone: 'Europe/Paris',
      distance_m,
      moving_time_s: Math.round(distance_m * 0.3),
      elapsed_time_s: Math.round(distance_m * 0.3),
    });
    const batch = await call<{ runs: Array<{ id: string }> }>(page, 'POST', '/api/data/runs/batch', {
      runs: [run(1, 12_000), run(2, 8_500)],
    });
    assert.equal(batch.status, 200, JSON.stringify(batch.body));
    const [first, second] = batch.body.runs.map((r) => r.id);

    // Shoes on the Account page: two pairs, one retired.
    await page.goto(`${base}/account`);
    const shoes = page.locator('section#shoes');
    await shoes.getByText('No shoes yet').waitFor();
    await shoes.getByLabel('Name', { exact: true }).fill('Blue racers');
    await shoes.getByLabel('Brand (optional)').fill('Saucony');
    await shoes.getByLabel('Model (optional)').fill('Endorphin Speed');
    await shoes.getByRole('button', { name: 'Add shoes' }).click();
    await shoes.getByText('“Blue racers” added.').waitFor();
    await shoes.getByLabel('Name', { exact: true }).fill('Old trainers');
    await shoes.getByRole('button', { name: 'Add shoes' }).click();
    await shoes.getByText('“Old trainers” added.').waitFor();
    await shoes.getByRole('button', { name: 'Retire Old trainers' }).click();
    await shoes.getByText('“Old trainers” retired.').waitFor();
    await shoes.locator('li', { hasText: 'Old trainers' }).getByText('Retired').waitFor();

    // The run page: edit everything at once.
    await page.goto(`${base}/runs/${first}`);
    await page.getByRole('heading', { name: 'Easy 1', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Run name').fill('Sunday long run');
    await page.getByLabel('Type').selectOption('TrailRun');
    await page.getByLabel('Kind of session').selectOption('long_run');
    const select = page.getByLabel('Shoes');
    await select.locator('option', { hasText: 'Blue racers' }).waitFor({ state: 'attached' });
    assert.deepEqual(
      await select.locator('option').allInnerTexts(),
      ['No shoes set', 'Blue racers (Saucony Endorphin Speed)'],
      'retired shoes are not offered',
    );
    await select.selectOption({ label: 'Blue racers (Saucony Endorphin Speed)' });
    await page.getByLabel('Description').fill('Along the Saône, easy to the bridge and back.');
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, '40-run-edit');
    await page.setViewportSize({ width: 390, height: 844 });
    await noSidewaysScroll(page, 'the edit form at phone width');
    await shot(page, '41-run-edit-phone');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    await page.getByRole('heading', { name: 'Sunday long run', level: 1 }).waitFor();
    await page.reload();
    await page.getByText('Trail run · Long run · Blue racers (Saucony Endorphin Speed)').waitFor();
    await page.getByText('Along the Saône, easy to the bridge and back.').waitFor();

    // The second run in the same shoes, then the distances on the Account page.
    assert.equal(
      (await call(page, 'PATCH', `/api/data/runs/${second}`, { gear_id: await shoeId(page, userId) })).status,
      200,
    );
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/account#shoes`);
    const racers = shoes.locator('li', { hasText: 'Blue racers' });
    await racers.getByText('20.50 km').waitFor();
    await racers.getByText('· 2 runs').waitFor();
    await shoes.scrollIntoViewIfNeeded();
    await shot(page, '42-shoes');

    // Deleting a run, with a confirmation, takes its distance off the shoes.
    await page.goto(`${base}/runs/${second}`);
    await page.getByRole('button', { name: 'Delete run' }).click();
    await page.getByText('Delete this run?').waitFor();
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.getByText('Run “Easy 2” deleted.').waitFor();
    await page.goto(`${base}/account`);
    await racers.getByText('12.00 km').waitFor();
    await racers.getByText('· 1 run').waitFor();
    // Rename at phone width.
    await page.setViewportSize({ width: 390, height: 844 });
    await racers.getByRole('button', { name: 'Rename Blue racers' }).click();
    // In the form, the row has only the name's input (no text to find it by).
    await shoes.getByLabel('New name').fill('Blue racers (road)');
    await shoes.getByRole('button', { name: 'Save', exact: true }).click();
    await shoes.getByText('Renamed to “Blue racers (road)”.').waitFor();
    await noSidewaysScroll(page, 'the shoes at phone width');
    await shoes.scrollIntoViewIfNeeded();
    await shot(page, '43-shoes-phone');

    assert.deepEqual(
      problems.filter((p) => !/401|Unauthorized/.test(p)),
      [],
      'no console errors',
    );
    await context.close();
  },
);

async function shoeId(page: Page, userId: string): Promise<string> {
  const list = await call<{ gear: Array<{ id: string; name: string }> }>(page, 'GET', `/api/data/users/${userId}/gear`);
  return list.body.gear.find((g) => g.name === 'Blue racers')!.id;
}
