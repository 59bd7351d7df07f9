import { it } from 'node:test';
import assert from 'node:assert/strict';
import { noChromium, openPage, useBrowserSystem } from './browser-harness.ts';

const e2e = useBrowserSystem('signup');
const shot = e2e.shot;

it('signs up, activates from the mailbox, logs in, adds a run, sees it, logs out', { skip: noChromium }, async () => {
  assert.ok(e2e.sys.urls.accounts, 'the accounts service is part of the system');
  const base = e2e.sys.urls.gateway!;
  const { context, page, problems } = await openPage(e2e);
  const email = `runner-${Date.now()}@example.com`;
  const password = 'a long enough password 42';

  await page.goto(`${base}/signup`);
  await page.getByRole('heading', { name: 'Create your account' }).waitFor();
  await shot(page, '01-signup');
  await page.getByLabel('Name (optional)').fill('Ada Runner');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Check your mailbox' }).waitFor();
  await shot(page, '02-check-mailbox');

  await page.getByRole('link', { name: 'development mailbox' }).click();
  await page.getByRole('heading', { name: 'Mailbox' }).waitFor();
  const activate = page.getByRole('link', { name: 'Activate the account' }).first();
  for (let i = 0; i < 50 && !(await activate.count()); i++) {
    await page.waitForTimeout(100);
    await page.getByRole('button', { name: 'Refresh' }).click();
  }
  await shot(page, '03-mailbox');
  await activate.click();
  await page.getByText('Your account is active.').waitFor();
  await shot(page, '04-activated');

  await page.getByRole('link', { name: 'Log in' }).last().click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await shot(page, '05-login');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Last 10 runs' }).waitFor();
  await page.getByText('No runs yet').waitFor();
  await shot(page, '06-home-empty');

  await page.getByRole('link', { name: 'Add a run' }).first().click();
  await page.getByRole('heading', { name: 'Add a run' }).waitFor();
  await page.getByLabel('Name').fill('Sunday long run');
  await page.getByLabel('Date').fill('2026-03-08');
  await page.getByLabel('Start time').fill('08:15');
  await page.getByLabel('Distance (km)').fill('21.1');
  await page.getByLabel('Time (h:mm:ss)').fill('1:45:30');
  await page.getByLabel('Elevation gain (m, optional)').fill('180');
  await page.getByLabel('Average heart rate (bpm, optional)').fill('152');
  await shot(page, '07-add-run');
  await page.getByRole('button', { name: 'Save run' }).click();
  const row = page.getByRole('row', { name: /Sunday long run/ });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /21\.10 km/);
  assert.match(text, /1:45:30/);
  assert.match(text, /5:00 \/km/);
  assert.match(text, /180 m/);
  assert.match(text, /152 bpm/);
  await shot(page, '08-home-with-run');

  // In miles and another time zone (not the browser's), the form converts to metres and UTC.
  await page.getByRole('link', { name: 'Account' }).click();
  await page.getByLabel('Miles (min/mi)').check();
  await page.getByLabel('Time zone').selectOption('America/New_York');
  await page.getByRole('button', { name: 'Save units and calendar' }).click();
  await page.getByText('Units and calendar saved').waitFor();
  await page.getByRole('link', { name: 'Add a run' }).first().click();
  await page.getByText('Your time zone: America/New York').waitFor();
  await page.getByLabel('Name').fill('Monday miles');
  await page.getByLabel('Date').fill('2026-03-09');
  await page.getByLabel('Start time').fill('06:30');
  await page.getByLabel('Distance (mi)').fill('6.2');
  await page.getByLabel('Time (h:mm:ss)').fill('50:00');
  await page.getByLabel('Elevation gain (ft, optional)').fill('328');
  await page.getByRole('button', { name: 'Save run' }).click();
  const milesRow = page.getByRole('row', { name: /Monday miles/ });
  await milesRow.waitFor();
  assert.match(await milesRow.innerText(), /6\.20 mi[\s\S]*8:04 \/mi[\s\S]*328 ft/);
  const stored = await page.evaluate(
    async () =>
      (await (await fetch('/api/me/runs?limit=10')).json()) as {
        runs: Array<{ name: string; distance_m: number; start_time: string; elevation_gain_m: number }>;
      },
  );
  const miles = stored.runs.find((r) => r.name === 'Monday miles')!;
  assert.equal(miles.distance_m, 9978, '6.2 mi in metres');
  assert.equal(new Date(miles.start_time).toISOString(), '2026-03-09T10:30:00.000Z', '06:30 in New York (EDT) in UTC');
  assert.equal(Math.round(miles.elevation_gain_m), 100);

  await page.setViewportSize({ width: 390, height: 800 });
  await shot(page, '09-home-phone');
  await page.setViewportSize({ width: 1100, height: 800 });

  await page.getByRole('link', { name: 'Account' }).click();
  await page.getByRole('heading', { name: 'Account', exact: true }).waitFor();
  await page.getByText(email).first().waitFor();
  await shot(page, '10-account');

  await page.getByRole('button', { name: 'Log out' }).click();
  await page
    .getByText('You are logged out.')
    .waitFor({ timeout: 5000 })
    .catch(async (err: unknown) => {
      await shot(page, '11-logout-failed');
      throw new Error(`${String(err)} at ${page.url()}; console: ${problems.join(' | ')}`);
    });
  await shot(page, '11-logged-out');
  const session = await page.evaluate(
    async () => (await (await fetch('/api/session')).json()) as { signed_in: boolean },
  );
  assert.equal(session.signed_in, false);
  await page.goto(`${base}/`);
  await page.getByRole('heading', { name: 'Your runs, on your own server' }).waitFor();
  await shot(page, '12-landing');
  await page.setViewportSize({ width: 390, height: 800 });
  await shot(page, '12-landing-phone');
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  assert.deepEqual(
    problems.filter((p) => !/401|Unauthorized/.test(p)),
    [],
    'no console errors (CSP violations would show here)',
  );
  await context.close();
});
