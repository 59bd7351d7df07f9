import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import type { Plan, PlanSession } from '@runnerly/contracts';
import { addDays } from '@runnerly/fitness';
import { waitFor } from '@runnerly/testing';
import { planRequest, runningHistory, startTraining, testRun, type TrainingSystem } from './testing.ts';

let sys: TrainingSystem;
const alice = randomUUID();
const bob = randomUUID();
const tokens: Record<string, string> = {};
let raceId: string;
const events: Array<{ topic: string; payload: { user_id: string; status?: string; session_id?: string } }> = [];

before(async () => {
  sys = await startTraining('training');
  tokens.alice = await sys.userToken(alice);
  tokens.bob = await sys.userToken(bob);
  tokens.service = await sys.serviceToken();
  await sys.bus.subscribe('test.plans', ['plan.created', 'session.completed', 'session.missed'], async (m) => {
    events.push({ topic: m.topic, payload: m.payload as never });
  });
  const batch = await call('service', 'POST', `${sys.urls.data}/runs/batch`, { runs: runningHistory(bob) });
  assert.equal(batch.body.added, 32);
  const race = await call('alice', 'POST', `${sys.urls.races}/races`, {
    name: 'Lyon Half',
    start_local: '2026-05-17T09:00',
    timezone: 'Europe/Paris',
    distance: 'half',
    place: 'Lyon',
  });
  assert.equal(race.status, 201, JSON.stringify(race.body));
  raceId = race.body.id;
  const entry = await call('bob', 'PUT', `${sys.urls.races}/races/${raceId}/participants/${bob}`, {
    goal: { kind: 'time', target_s: 6900 },
  });
  assert.equal(entry.status, 200, JSON.stringify(entry.body));
});
after(async () => {
  await sys?.close();
});

async function call(who: string, method: string, url: string, body?: unknown) {
  const res = await fetch(url.startsWith('http') ? url : `${sys.urls.training}${url}`, {
    method,
    headers: {
      ...(tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* iCal */
  }
  return { status: res.status, body: json as any, headers: res.headers };
}

const request = (over: Record<string, unknown> = {}) => ({ ...planRequest(raceId), ...over });
const sessionsOf = (p: Plan) => p.weeks.flatMap((w) => w.sessions);
let plan: Plan;

describe('a plan toward a race', () => {
  it('refuses bad requests with a clear 400 and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ time_zone: 'Mars/Olympus' }, /Unknown time zone/],
      [{ days_per_week: 2 }, /between 3 and 7 running days/],
      [{ long_run_day: 9 }, /weekday number/],
      [{ start_date: '2026-03-01' }, /in the past/],
      [{ start_date: '2026-02-30' }, /real date/],
    ];
    for (const [over, message] of cases) {
      const res = await call('bob', 'POST', `/users/${bob}/plans`, request(over));
      assert.equal(res.status, 400, JSON.stringify(over));
      assert.equal(res.body.code, 'invalid_plan_request');
      assert.match(res.body.message, message);
    }
    const notMine = await call('alice', 'POST', `/users/${alice}/plans`, request());
    assert.equal(notMine.status, 404);
    assert.equal(notMine.body.code, 'race_not_entered');
    const extra = await call('bob', 'POST', `/users/${bob}/plans`, { ...request(), user_id: alice });
    assert.equal(extra.status, 400);
    assert.deepEqual((await call('bob', 'GET', `/users/${bob}/plans`)).body.plans, []);
    assert.deepEqual((await call('alice', 'GET', `/users/${alice}/plans`)).body.plans, []);
  });

  it("builds B's plan from their runs: volume, longest run, VDOT from the best effort, paces and a prediction", async () => {
    const res = await call('bob', 'POST', `/users/${bob}/plans`, request());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    plan = res.body;
    assert.equal(plan.race_date, '2026-05-17');
    assert.equal(plan.goal_s, 6900);
    assert.equal(plan.fitness.vdot_estimated, false);
    assert.match(plan.fitness.vdot_source, /5k of 5\.0 km in 25:00/);
    assert.equal(plan.fitness.longest_run_km, 13.5);
    assert.deepEqual(plan.fitness.weekly_km.slice(-2), [33, 33.5]);
    const sessions = sessionsOf(plan);
    assert.ok(
      sessions.every((s) => s.date >= '2026-03-10' && s.date <= '2026-05-17'),
      'inside the window',
    );
    assert.ok(
      sessions.every((s) => s.why.length > 10),
      'every session explained',
    );
    assert.equal(sessions.at(-1)!.type, 'race');
    assert.ok(plan.weeks[0]!.planned_km <= 34, 'week 1 does not exceed what was run');
    // VDOT of 5 km in 25:00 is 38.3 (Daniels): a half in about 1:54:30.
    assert.ok(Math.abs(plan.fitness.vdot - 38.3) < 0.2, String(plan.fitness.vdot));
    assert.ok(Math.abs(plan.predicted_s - 6870) < 90, String(plan.predicted_s));
    assert.deepEqual(
      plan.predictions.map((p) => p.week_start),
      ['2026-03-09'],
    );
    await waitFor('plan.created', () => events.find((e) => e.topic === 'plan.created' && e.payload.user_id === bob));
    const again = await call('bob', 'POST', `/users/${bob}/plans`, request());
    assert.equal(again.status, 409);
    assert.match(again.body.message, new RegExp(plan.id));
  });

  it("A cannot read or change B's plan", async () => {
    for (const [method, path] of [
      ['GET', `/plans/${plan.id}`],
      ['GET', `/plans/${plan.id}/fitness`],
      ['POST', `/plans/${plan.id}/abandon`],
      ['POST', `/plans/${plan.id}/feed`],
    ] as const) {
      const res = await call('alice', method, path);
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    assert.equal((await call('alice', 'GET', `/users/${bob}/plans`)).status, 403);
    assert.equal((await call('alice', 'GET', `/users/${bob}/plans/home`)).status, 403);
    assert.equal((await call('alice', 'GET', `/users/${alice}/plans/home`)).body.plan, null);
    assert.equal((await call('bob', 'GET', `/plans/${plan.id}`)).body.status, 'active');
  });

  it('marks a session done when B imports a run on its day, and announces it once', async () => {
    const first = sessionsOf(plan).find((s) => s.type === 'easy')!;
    sys.setNow(`${first.date}T18:00:00Z`);
    const run = testRun(bob, `${first.date}T06:00:00Z`, first.distance_m, Math.round(first.duration_s));
    await call('service', 'POST', `${sys.urls.data}/runs/batch`, { runs: [run] });
    const done = await waitFor('the session done', async () => {
      const p = (await call('bob', 'GET', `/plans/${plan.id}`)).body as Plan;
      const s = sessionsOf(p).find((x) => x.id === first.id)!;
      return s.status === 'done' ? s : null;
    });
    assert.match(done.status_reason, /Ran/);
    await waitFor('session.completed', () =>
      events.find((e) => e.topic === 'session.completed' && e.payload.session_id === first.id),
    );
    const home = (await call('bob', 'GET', `/users/${bob}/plans/home`)).body.plan;
    assert.ok(home.week.done_km >= first.distance_m / 1000 - 0.01);
    assert.ok(home.next_session.date > first.date);
    assert.equal(events.filter((e) => e.topic === 'session.completed').length, 1);
  });

  it('after a missed week, marks its sessions missed and lowers the weeks ahead, saying why', async () => {
    const week2 = plan.weeks[1]!;
    sys.setNow(`${addDays(week2.end_date, 2)}T12:00:00Z`);
    const p = (await call('bob', 'GET', `/plans/${plan.id}`)).body as Plan;
    const missed = p.weeks[1]!.sessions.filter((s: PlanSession) => s.status === 'missed');
    assert.equal(missed.length, p.weeks[1]!.sessions.length);
    assert.ok(
      p.changes.some((c) => /Lowered the coming weeks .* because you ran 0 of the/.test(c.message)),
      JSON.stringify(p.changes),
    );
    assert.ok(p.weeks[2]!.target_km < plan.weeks[2]!.target_km);
    assert.deepEqual(
      p.predictions.map((x) => x.week_start),
      ['2026-03-09', '2026-03-16', '2026-03-23'],
      'a prediction for every week, those nobody looked at included',
    );
    await waitFor('session.missed', () => events.find((e) => e.topic === 'session.missed'));
    const home = (await call('bob', 'GET', `/users/${bob}/plans/home`)).body.plan;
    assert.match(home.latest_change.message, /Lowered|Moved|not made up/);
    const again = (await call('bob', 'GET', `/plans/${plan.id}`)).body as Plan;
    assert.equal(again.changes.length, p.changes.length, 'reading again changes nothing');
  });

  it('gives fitness, fatigue and form per day', async () => {
    const res = await call('bob', 'GET', `/plans/${plan.id}/fitness`);
    const days = res.body.days as Array<{ date: string; fitness: number; fatigue: number; load: number }>;
    assert.equal(days[0]!.date, addDays(plan.weeks[0]!.start_date, -42));
    assert.ok(days.some((d) => d.load > 0));
    assert.ok(days.at(-1)!.fitness > 0);
  });

  it('sums up a month against the plan for the monthly report: sessions done and missed, the next race', async () => {
    const current = (await call('bob', 'GET', `/plans/${plan.id}`)).body as Plan;
    const march = sessionsOf(current).filter((s) => s.date.startsWith('2026-03'));
    const res = await call('bob', 'GET', `/users/${bob}/plans/months/2026-03`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const summary = res.body.plan;
    assert.equal(summary.plan_id, plan.id);
    assert.equal(summary.race_name, 'Lyon Half');
    assert.equal(summary.sessions_planned, march.length);
    assert.equal(summary.sessions_done, 1, 'the easy run imported on its day');
    assert.equal(summary.sessions_missed, march.filter((s) => s.status === 'missed').length);
    assert.ok(summary.sessions_missed >= current.weeks[1]!.sessions.length, 'the missed week is in it');
    assert.equal(summary.sessions_partly_done, 0);
    const planned = march.reduce((sum, s) => sum + s.distance_m, 0);
    assert.ok(Math.abs(summary.planned_distance_m - planned) < 0.5);
    const first = sessionsOf(plan).find((s) => s.type === 'easy')!;
    assert.ok(Math.abs(summary.done_distance_m - first.distance_m) < 0.5, 'the distance of the matched run');
    assert.deepEqual(res.body.next_race, {
      name: 'Lyon Half',
      date: '2026-05-17',
      distance_m: 21097.5,
      place: 'Lyon',
      predicted_time_s: current.predictions.at(-1)!.seconds,
      goal_time_s: 6900,
    });
    // The race's own month has sessions but no race ahead; a month after the plan has neither.
    const may = (await call('bob', 'GET', `/users/${bob}/plans/months/2026-05`)).body;
    assert.equal(may.plan.sessions_done, 0);
    assert.equal(may.next_race, null);
    assert.deepEqual((await call('bob', 'GET', `/users/${bob}/plans/months/2026-07`)).body, {
      plan: null,
      next_race: null,
    });
    const service = await call('service', 'GET', `/users/${bob}/plans/months/2026-03`);
    assert.deepEqual(service.body, res.body, 'the reports service reads it with a service token');
    assert.equal((await call('alice', 'GET', `/users/${bob}/plans/months/2026-03`)).status, 403);
    assert.deepEqual((await call('alice', 'GET', `/users/${alice}/plans/months/2026-03`)).body, {
      plan: null,
      next_race: null,
    });
    const bad = await call('bob', 'GET', `/users/${bob}/plans/months/2026-13`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'invalid_request');
  });

  it('serves an iCal feed at a secret URL that calendars parse, and stops when revoked', async () => {
    const made = await call('bob', 'POST', `/plans/${plan.id}/feed`);
    const path = made.body.feed_url as string;
    assert.match(path, /^\/api\/training\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
    const file = path.split('/').at(-1)!;
    const feed = await call('nobody', 'GET', `/feeds/${file}`);
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get('content-type')!, /text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(feed.body as string));
    const current = (await call('bob', 'GET', `/plans/${plan.id}`)).body as Plan;
    assert.equal(cal.getAllSubcomponents('vevent').length, sessionsOf(current).length);
    assert.equal(current.feed_url, path);
    assert.equal((await call('bob', 'DELETE', `/plans/${plan.id}/feed`)).body.feed_url, null);
    assert.equal((await call('nobody', 'GET', `/feeds/${file}`)).status, 404);
  });

  it('regenerates from current fitness, then abandons', async () => {
    const re = await call('bob', 'POST', `/plans/${plan.id}/regenerate`);
    assert.equal(re.status, 200);
    assert.match(re.body.changes[0].message, /Regenerated from your current fitness/);
    assert.ok(sessionsOf(re.body).every((s) => s.date >= re.body.today));
    const gone = await call('bob', 'POST', `/plans/${plan.id}/abandon`);
    assert.equal(gone.body.status, 'abandoned');
    assert.equal((await call('bob', 'GET', `/users/${bob}/plans/home`)).body.plan, null);
    assert.equal((await call('bob', 'POST', `/plans/${plan.id}/regenerate`)).status, 409);
  });
});
