import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { scopes, type Plan, type PlanMonth } from '@runnerly/contracts';
import { races } from '@runnerly/races';
import { training } from '@runnerly/training';
import { planRequest, runningHistory } from '@runnerly/training/testing';
import { waitFor } from '@runnerly/testing';
import { startReportsTestSystem, type ReportsTestSystem } from './testing.ts';

// A Tuesday afternoon in March 2026: the runner makes a plan toward the Lyon Half of May 17th.
const PLAN_DAY = '2026-03-10T13:00:00.000Z';
// 00:10 on April 1st in Paris (CEST, UTC+2): March's report is due.
const REPORT_TIME = '2026-03-31T22:10:00.000Z';

const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address ?? '';
const visible = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ');

describe('the monthly report of a runner following a plan, from the training service', () => {
  let sys: ReportsTestSystem;
  let clockFile: string;
  before(async () => {
    clockFile = join(mkdtempSync(join(tmpdir(), 'reports-training-clock-')), 'now');
    writeFileSync(clockFile, PLAN_DAY);
    sys = await startReportsTestSystem('reports_plan', {
      start: PLAN_DAY,
      with: [races, training],
      env: { RACES_FIXED_NOW: PLAN_DAY, TRAINING_CLOCK_FILE: clockFile },
      userScopes: [scopes.racesRead, scopes.racesWrite, scopes.plansRead, scopes.plansWrite],
    });
  });
  after(async () => {
    await sys?.close();
  });

  async function as(userId: string, method: string, url: string, body?: unknown) {
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${await sys.userToken(userId)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  test('adherence and the next race with its predicted time are in the mail; a runner without a plan sees none of it', async () => {
    const ann = await sys.addRunner({ timeZone: 'Europe/Paris', name: 'Ann' });
    const ben = await sys.addRunner({ timeZone: 'Europe/Paris', name: 'Ben' });
    await sys.addRuns(ann.userId, runningHistory(ann.userId));
    await sys.addRuns(ben.userId, runningHistory(ben.userId));

    const race = await as(ann.userId, 'POST', `${sys.urls.races}/races`, {
      name: 'Lyon Half',
      start_local: '2026-05-17T09:00',
      timezone: 'Europe/Paris',
      distance: 'half',
      place: 'Lyon',
    });
    assert.equal(race.status, 201, JSON.stringify(race.body));
    const entry = await as(ann.userId, 'PUT', `${sys.urls.races}/races/${race.body.id}/participants/${ann.userId}`, {
      goal: { kind: 'time', target_s: 6900 },
    });
    assert.equal(entry.status, 200, JSON.stringify(entry.body));
    const made = await as(
      ann.userId,
      'POST',
      `${sys.urls.training}/users/${ann.userId}/plans`,
      planRequest(race.body.id),
    );
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const plan = made.body as Plan;

    // Ann runs the first two sessions of the plan as planned, on their days, then stops.
    const sessions = plan.weeks.flatMap((w) => w.sessions).filter((s) => s.type !== 'race');
    const ran = sessions.slice(0, 2);
    await sys.addRuns(
      ann.userId,
      ran.map((s) => ({
        start_time: `${s.date}T06:00:00Z`,
        timezone: 'Europe/Paris',
        distance_m: s.distance_m,
        moving_time_s: Math.round(s.duration_s),
      })),
    );

    writeFileSync(clockFile, REPORT_TIME);
    sys.clock.set(REPORT_TIME);
    // The training service hears of the runs from the data service's events.
    const summary = await waitFor('both runs matched by the training service', async () => {
      const month = await as(ann.userId, 'GET', `${sys.urls.training}/users/${ann.userId}/plans/months/2026-03`);
      return (month.body as PlanMonth).plan?.sessions_done === 2 ? (month.body as PlanMonth) : undefined;
    });
    assert.ok(summary.plan!.sessions_missed > 0, 'the sessions Ann skipped are missed');

    await sys.scheduler.turn();
    const mail = await sys.smtp.waitFor((m) => to(m) === ann.email, 60_000);
    const predicted = summary.next_race!.predicted_time_s!;
    const clock = `${Math.floor(predicted / 3600)}:${String(Math.floor((predicted % 3600) / 60)).padStart(2, '0')}:${String(predicted % 60).padStart(2, '0')}`;
    for (const part of [mail.text ?? '', visible(String(mail.html))]) {
      assert.match(part, /Your plan for Lyon Half/);
      assert.match(
        part,
        new RegExp(
          `2 of ${summary.plan!.sessions_planned} planned sessions done, ${summary.plan!.sessions_missed} missed`,
        ),
      );
      assert.match(part, /Next race: Lyon Half/);
      assert.match(part, /Sun, May 17, 2026 · 21\.1 km · Lyon \(in 46 days\)/);
      assert.match(part, new RegExp(`Predicted time: ${clock} .*goal 1:55:00\\.`));
    }

    const benMail = await sys.smtp.waitFor((m) => to(m) === ben.email, 60_000);
    for (const part of [benMail.text ?? '', visible(String(benMail.html))]) {
      assert.doesNotMatch(part, /plan|Next race|Predicted|Lyon/i);
    }
  });
});
