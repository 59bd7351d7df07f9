import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { call, noChromium, signedInRunner, useBrowserSystem } from './browser-harness.ts';

const e2e = useBrowserSystem('stravaapp');
const shots = process.env.STRAVA_APP_SHOTS ?? '/tmp/shots';
const OWN = { client_id: '5150', client_secret: 'ab12'.repeat(10) };

it(
  'a runner registers their own Strava application on Connections, connects through it, and cannot remove it while connected',
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const sim = e2e.sys.urls['strava-sim']!;
    mkdirSync(shots, { recursive: true });
    // The simulator learns the runner's application (as Strava has it once they created it).
    const made = await fetch(`${sim}/sim/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OWN),
    });
    assert.equal(made.status, 201);
    const { page, problems, userId } = await signedInRunner(e2e, 'Ola');
    await page.goto(`${base}/connections`);
    await page.getByRole('button', { name: 'Use my own application' }).click();
    await page.getByLabel('Client ID').fill(OWN.client_id);
    await page.getByLabel('Client Secret').fill('not-a-secret-at-all-but-forty-characters');
    await page.locator('.own-app').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/stravaapp-form-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${shots}/stravaapp-form-390.png`, fullPage: true });
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    assert.equal(overflow, 0, 'no sideways scroll at 390 px');
    await page.setViewportSize({ width: 1100, height: 800 });
    // A secret that is not 40 hexadecimal characters: the browser refuses it; the route would too.
    const bad = await call(page, 'PUT', `/api/strava/users/${userId}/app`, { client_id: '5150', client_secret: 'x' });
    assert.equal(bad.status, 400);
    await page.getByLabel('Client Secret').fill(OWN.client_secret);
    await page.getByRole('button', { name: 'Save application' }).click();
    await page.getByText(`Connecting uses your Strava application (Client ID ${OWN.client_id})`).waitFor();
    const got = await call<Record<string, unknown>>(page, 'GET', `/api/strava/users/${userId}/app`);
    assert.deepEqual(got.body, { own_app: true, client_id: OWN.client_id, secret_set: true, in_use: false });
    await page.screenshot({ path: `${shots}/stravaapp-saved-desktop.png`, fullPage: true });

    await page.getByRole('button', { name: 'Connect with Strava' }).click();
    await page.getByRole('heading', { name: `Authorize application ${OWN.client_id}` }).waitFor();
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(/\/connections$/);
    await page.getByText(`through your own Strava application (Client ID ${OWN.client_id})`).waitFor();
    const apps = (await (await fetch(`${sim}/sim/apps`)).json()) as Array<{ clientId: string; grants: number[] }>;
    assert.equal(apps.find((a) => a.clientId === OWN.client_id)!.grants.length, 1, 'granted to the own application');
    // While connected the application cannot be changed: the form is gone (the route answers 409, see own-app.test.ts).
    assert.equal(await page.locator('.own-app').count(), 0);
    await page.screenshot({ path: `${shots}/stravaapp-connected-desktop.png`, fullPage: true });
    assert.deepEqual(
      problems.filter((p) => !/401|Unauthorized|400|favicon/.test(p)),
      [],
    );
  },
);
