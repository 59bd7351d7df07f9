import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan, PlanHome } from '@runnerly/contracts';
import { addDays } from '@runnerly/fitness';
import { runningHistory, testRun, TRAINING_TEST_NOW } from '@runnerly/training/testing';
import { screenshotDir, type Page } from '@runnerly/testing/browser';
import { call, noChromium, signedInRunner, useBrowserSystem } from './browser-harness.ts';

// The races and training services take this instant as now (runs and race dates are written around it);
// the test moves the training clock to see a session done and a week missed.
const clockFile = join(mkdtempSync(join(tmpdir(), 'e2e-plans-clock-')), 'now');
writeFileSync(clockFile, TRAINING_TEST_NOW);
const setNow = (instant: string) => writeFileSync(clockFile, instant);
/** What the screen shows (not the whole page), scrolled to `selector`. */
async function view(page: Page, name: string, selector?: string) {
  if (selector) await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

const e2e = useBrowserSystem('plans', { RACES_FIXED_NOW: TRAINING_TEST_NOW, TRAINING_CLOCK_FILE: clockFile });

it(
  'B picks the race A added, gets a plan, sees it on Home and the Plan page, a run marks a session done, a missed week re-balances',
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const a = await signedInRunner(e2e, 'Ada');
    const race = await call<{ id: string }>(a.page, 'POST', '/api/races/races', {
      name: 'Lyon Half',
      start_local: '2026-05-17T09:00',
      timezone: 'Europe/Paris',
      distance: 'half',
      place: 'Lyon',
    });
    assert.equal(race.status, 201, JSON.stringify(race.body));

    const b = await signedInRunner(e2e, 'Ben');
    const { page } = b;
    const history = runningHistory(b.userId).map(({ user_id: _u, ...r }) => ({ ...r, user_id: b.userId }));
    assert.equal((await call(page, 'POST', '/api/data/runs/batch', { runs: history })).status, 200);
    const entry = await call(page, 'PUT', `/api/races/races/${race.body.id}/participants/${b.userId}`, {
      goal: { kind: 'time', target_s: 6900 },
    });
    assert.equal(entry.status, 200, JSON.stringify(entry.body));

    // Home before a plan says what to do; the Plan page makes one.
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Get a plan' }).click();
    await page.getByLabel('Race').selectOption({ label: 'Lyon Half · 2026-05-17 · goal 1:55:00' });
    await page.getByLabel('Running days a week').selectOption('4');
    await page.getByLabel('Long run on').selectOption({ label: 'Sunday' });
    await page.getByRole('button', { name: 'Create the plan' }).click();
    await page.getByRole('heading', { name: 'Plan: Lyon Half' }).waitFor();
    const predicted = await page.locator('.plan-prediction .big').first().textContent();
    assert.match(predicted ?? '', /^1:5\d:\d\d$/);
    assert.ok(
      await page
        .getByText(/inside your goal|off your goal|On your goal/)
        .first()
        .isVisible(),
    );
    assert.ok((await page.locator('.session').count()) > 20, 'the sessions are listed');
    assert.ok(
      await page
        .getByText(/Long run/)
        .first()
        .isVisible(),
    );
    await page.getByRole('button', { name: 'Calendar', exact: true }).click();
    await page.locator('.plan-calendar').waitFor();
    await e2e.shot(page, 'plan-calendar-desktop');
    await page.getByRole('button', { name: 'List', exact: true }).click();
    await page.getByRole('button', { name: 'Make a calendar link' }).click();
    const feed = await page.locator('.feed-url').textContent();
    assert.match(feed ?? '', /\/api\/training\/feeds\/.+\.ics$/);
    const ics = await page.evaluate(async (u) => (await fetch(u, { credentials: 'omit' })).text(), feed!);
    assert.match(ics, /BEGIN:VCALENDAR[\s\S]*BEGIN:VEVENT/);
    await e2e.shot(page, 'plan-list-desktop');

    await page.goto(`${base}/`);
    const card = page.locator('.plan-home');
    await card.getByText('Predicted').waitFor();
    assert.equal(await card.locator('.big').textContent(), predicted);
    assert.match((await card.locator('.plan-next').textContent()) ?? '', /Next: .*(Easy|Long run|Tempo|Intervals)/);
    await e2e.shot(page, 'plan-home-desktop');

    // B runs the first session; the plan shows it done.
    const home = (await call<PlanHome>(page, 'GET', `/api/training/users/${b.userId}/plans/home`)).body.plan!;
    const plan = (await call<Plan>(page, 'GET', `/api/training/plans/${home.id}`)).body;
    const first = plan.weeks.flatMap((w) => w.sessions).find((s) => s.type === 'easy')!;
    setNow(`${first.date}T18:00:00Z`);
    const run = testRun(b.userId, `${first.date}T06:00:00Z`, first.distance_m, Math.round(first.duration_s));
    assert.equal((await call(page, 'POST', '/api/data/runs/batch', { runs: [run] })).status, 200);
    for (let i = 0; i < 100; i++) {
      const p = (await call<Plan>(page, 'GET', `/api/training/plans/${home.id}`)).body;
      if (p.weeks.flatMap((w) => w.sessions).find((s) => s.id === first.id)?.status === 'done') break;
      await page.waitForTimeout(100);
    }
    await page.goto(`${base}/plan`);
    await page.locator('.session.done').first().waitFor();
    assert.match((await page.locator('.session.done').first().textContent()) ?? '', /Done/);

    // A week with no running: the coming weeks are lowered and the page says why.
    setNow(`${addDays(plan.weeks[1]!.end_date, 2)}T12:00:00Z`);
    await page.reload();
    await page.getByRole('heading', { name: 'What changed' }).waitFor();
    assert.ok(
      await page
        .getByText(/Lowered the coming weeks .* because you ran 0 of the/)
        .first()
        .isVisible(),
    );
    assert.ok((await page.locator('.session.missed').count()) >= 4);
    await e2e.shot(page, 'plan-rebalanced-desktop');
    await view(page, 'plan-rebalanced-desktop-top');
    await view(page, 'plan-charts-desktop', '#plan-pred-h');

    // Phone width: the same pages stay usable.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole('heading', { name: 'What changed' }).waitFor();
    await e2e.shot(page, 'plan-rebalanced-phone');
    await view(page, 'plan-rebalanced-phone-top');
    await view(page, 'plan-charts-phone', '#plan-ffm-h');
    await page.getByRole('button', { name: 'Calendar', exact: true }).click();
    await e2e.shot(page, 'plan-calendar-phone');
    await view(page, 'plan-calendar-phone-top', '.plan-calendar');
    await page.goto(`${base}/`);
    await page.locator('.plan-home').getByText('Predicted').waitFor();
    assert.ok(await page.locator('.plan-home .plan-change').isVisible());
    await e2e.shot(page, 'plan-home-phone');

    // A cannot read B's plan.
    assert.equal((await call(a.page, 'GET', `/api/training/plans/${home.id}`)).status, 404);
    assert.equal((await call(a.page, 'GET', `/api/training/users/${b.userId}/plans`)).status, 403);
    assert.deepEqual(
      [...a.problems, ...b.problems].filter((p) => !p.startsWith('Failed to load resource')),
      [],
    );
    await a.context.close();
    await b.context.close();
  },
);
