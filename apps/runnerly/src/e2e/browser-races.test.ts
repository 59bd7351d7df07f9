import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, noChromium, signedInRunner, useBrowserSystem } from './browser-harness.ts';

// The races service and the browsers share one clock: Tuesday 10 March 2026, 13:00 UTC.
const NOW = '2026-03-10T13:00:00.000Z';
const e2e = useBrowserSystem('races', { RACES_FIXED_NOW: NOW });
const shot = e2e.shot;
// The session check before signing in (401), and the refusals the test asks for.
const expectedErrors = /status of (400|401|403|409)/;

it(
  'a runner adds a race; another sees it, finds it, marks it with a goal, and cannot change it',
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const ana = await signedInRunner(e2e, 'Ana');
    await ana.context.clock.setFixedTime(new Date(NOW));
    const { page } = ana;

    await page.goto(`${base}/races`);
    await page.getByRole('heading', { name: 'Races', level: 1 }).waitFor();
    await page.getByText('No upcoming race yet').waitFor();
    await shot(page, 'races-01-empty');

    await page.getByRole('link', { name: 'Add a race' }).first().click();
    await page.getByRole('heading', { name: 'Add a race', level: 1 }).waitFor();
    const fill = async () => {
      await page.getByLabel('Name').fill('Lyon Marathon');
      await page.getByLabel('Date').fill('2026-04-19');
      await page.getByLabel('Start time').fill('08:30');
      await page.getByLabel('Time zone of the race').selectOption('Europe/Paris');
      await page.getByLabel('Distance', { exact: true }).selectOption('marathon');
      await page.getByLabel('Place').fill('Lyon, Place Bellecour');
      await page.getByLabel('Web page (optional)').fill('https://example.org/lyon-marathon');
      await page.getByLabel('Elevation (optional)').fill('Flat along the Rhône, one climb to Fourvière');
    };
    await fill();
    await shot(page, 'races-02-add-form');
    await page.getByRole('button', { name: 'Add the race' }).click();
    await page.getByRole('heading', { name: 'Lyon Marathon', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'You added this race' }).waitFor();
    const raceId = page.url().split('/').pop()!;
    const facts = await page.getByRole('region', { name: 'The race' }).innerText();
    assert.match(facts, /Apr 19, 2026|19 Apr 2026/);
    assert.match(facts, /08:30/);
    assert.match(facts, /Marathon/);
    assert.match(facts, /Runners\s*0/);
    await shot(page, 'races-03-added');

    // The same race again: refused, with a link to the one already there.
    await page.goto(`${base}/races/new`);
    await fill();
    await page.getByLabel('Name').fill('lyon  marathon');
    await page.getByRole('button', { name: 'Add the race' }).click();
    await page.getByText('A race with this name, day and distance already exists').waitFor();
    await shot(page, 'races-04-duplicate');
    await page.getByRole('link', { name: 'See the race already there' }).click();
    await page.waitForURL(`${base}/races/${raceId}`);

    // Bea sees it among the upcoming races, finds it by name and distance, marks it with a goal.
    const bea = await signedInRunner(e2e, 'Bea');
    await bea.context.clock.setFixedTime(new Date(NOW));
    const b = bea.page;
    await b.goto(`${base}/`);
    await b.getByRole('link', { name: 'Races', exact: true }).click();
    await b.getByRole('heading', { name: 'Upcoming races' }).waitFor();
    await b.getByRole('row', { name: /Lyon Marathon/ }).waitFor();
    await b.getByLabel('Name', { exact: true }).fill('lyon');
    await b.getByLabel('Distance').selectOption('marathon');
    await b.getByLabel('From').fill('2026-04-01');
    await b.getByLabel('To').fill('2026-04-30');
    await b.getByRole('button', { name: 'Search' }).click();
    await b.getByRole('heading', { name: 'Races found' }).waitFor();
    const row = b.getByRole('row', { name: /Lyon Marathon/ });
    await row.waitFor();
    assert.match(await row.innerText(), /Lyon, Place Bellecour[\s\S]*0/);
    assert.match(await b.locator('.pager').innerText(), /1–1 of 1/);
    await shot(b, 'races-05-found');

    await row.getByRole('link', { name: 'Lyon Marathon' }).click();
    await b.getByRole('heading', { name: 'Are you running it?' }).waitFor();
    assert.equal(await b.getByRole('heading', { name: 'You added this race' }).count(), 0, 'no edit for Bea');
    await b.getByLabel('A target time').check();
    await b.getByLabel('Target time (h:mm:ss)').fill('3:45:00');
    await b.getByRole('button', { name: "I'm running it" }).click();
    await b.getByText("You're running it.").waitFor();
    await b.getByRole('heading', { name: "I'm running it" }).waitFor();
    assert.match(await b.getByText('Your goal:').innerText(), /3:45:00 \(5:20 \/km\)/);
    assert.match(await b.getByRole('region', { name: 'The race' }).innerText(), /Runners\s*1/);
    await shot(b, 'races-06-marked');

    // A goal faster than the world record is refused with the reason.
    await b.getByLabel('Target time (h:mm:ss)').fill('1:50:00');
    await b.getByRole('button', { name: 'Save goal' }).click();
    await b.getByText(/faster than the world record/).waitFor();
    assert.match(await b.getByText('Your goal:').innerText(), /3:45:00/, 'the goal stays');

    // Bea cannot change Ana's race, even by calling the API herself.
    const patch = await call<{ code: string }>(b, 'PATCH', `/api/races/races/${raceId}`, { name: 'Bea was here' });
    assert.deepEqual([patch.status, patch.body.code], [403, 'not_creator']);
    const cancel = await call<{ code: string }>(b, 'PATCH', `/api/races/races/${raceId}`, { status: 'cancelled' });
    assert.deepEqual([cancel.status, cancel.body.code], [403, 'not_creator']);
    const noCsrf = (await b.evaluate(
      `fetch('/api/races/races/${raceId}/participants/${bea.userId}', { method: 'DELETE' }).then((r) => r.status)`,
    )) as number;
    assert.equal(noCsrf, 403, 'a change without the CSRF header is refused');
    const after = await call<{ name: string; participants: number }>(b, 'GET', `/api/races/races/${raceId}`);
    assert.deepEqual([after.body.name, after.body.participants], ['Lyon Marathon', 1]);

    // The gateway keeps her to her own entries; her data export carries them.
    const foreign = await call(b, 'GET', `/api/races/users/${ana.userId}/races`);
    assert.equal(foreign.status, 403);
    const exported = await call<{ races: Array<{ race: { id: string }; goal: unknown }> }>(b, 'GET', '/api/me/export');
    assert.deepEqual(
      exported.body.races.map((e) => [e.race.id, e.goal]),
      [[raceId, { kind: 'time', target_s: 13_500 }]],
    );

    // Her races list shows it with the goal; at phone width nothing scrolls sideways.
    await b.getByRole('link', { name: '← All races' }).click();
    await b.getByRole('heading', { name: "I'm running", exact: true }).waitFor();
    assert.match(await b.getByRole('region', { name: "I'm running" }).innerText(), /Lyon Marathon[\s\S]*in 40 days/);
    await b.setViewportSize({ width: 390, height: 800 });
    await b.waitForTimeout(100);
    const overflow = (await b.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )) as number;
    assert.ok(overflow <= 0, `no sideways scrolling at phone width on Races (${overflow}px)`);
    await shot(b, 'races-07-list-phone');
    await b.goto(`${base}/races/${raceId}`);
    await b.getByRole('heading', { name: "I'm running it" }).waitFor();
    const overflowRace = (await b.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )) as number;
    assert.ok(overflowRace <= 0, `no sideways scrolling at phone width on the race (${overflowRace}px)`);
    await shot(b, 'races-08-race-phone');

    // Ana: her race has a participant now, so it can be cancelled but not deleted.
    await page.reload();
    await page.getByRole('heading', { name: 'You added this race' }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Delete' }).isDisabled());
    await page.getByText('Runners have marked it: it can be cancelled, not deleted.').waitFor();
    await shot(page, 'races-09-owner');

    for (const who of [ana, bea]) {
      assert.deepEqual(
        who.problems.filter((p) => !expectedErrors.test(p)),
        [],
        'no console errors beyond the refusals the test asked for',
      );
      await who.context.close();
    }
  },
);
