import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoWeekday } from '@runnerly/fitness';
import { generatePlan } from './generate-plan.ts';
import { planViolations } from './plan-checks.ts';
import { halfMarathonRequest } from './plan-arbitraries.ts';
import type { Plan, PlanRequest } from './plan-types.ts';

const half: PlanRequest = halfMarathonRequest;

const types = (plan: Plan, week: number) => plan.weeks[week - 1]!.sessions.map((s) => s.type);

test('a 12-week half marathon plan: base → build → peak → taper, a lighter fourth week, week 1 at the recent volume', () => {
  const plan = generatePlan(half);
  assert.deepEqual(planViolations(plan), []);
  assert.equal(plan.weeks.length, 12);
  assert.deepEqual(
    plan.weeks.map((w) => w.phase),
    ['base', 'base', 'base', 'build', 'build', 'build', 'build', 'peak', 'peak', 'peak', 'taper', 'taper'],
  );
  assert.deepEqual(
    plan.weeks.filter((w) => w.cutback).map((w) => w.index),
    [4, 8],
  );
  assert.equal(plan.weeks[0]!.targetKm, 35); // the mean of the last four weeks
  assert.equal(plan.weeks[1]!.targetKm, 38.5); // +10%
  assert.equal(plan.weeks[3]!.targetKm, Math.floor(0.8 * plan.weeks[2]!.targetKm * 10) / 10);
  const peak = Math.max(...plan.weeks.map((w) => w.targetKm));
  assert.equal(plan.weeks[10]!.targetKm, Math.floor(0.75 * peak * 10) / 10);
  assert.equal(plan.weeks[11]!.targetKm, Math.floor(0.5 * peak * 10) / 10);
  assert.equal(plan.warnings.length, 0);
});

test("quality follows Daniels' phases: easy base ending with repetitions, then threshold and intervals, one in the taper, none in race week", () => {
  const plan = generatePlan(half);
  assert.ok(!types(plan, 1).some((t) => t === 'tempo' || t === 'intervals'));
  assert.ok(types(plan, 3).includes('repetitions'));
  assert.ok(types(plan, 5).includes('tempo') && types(plan, 5).includes('intervals'));
  assert.equal(types(plan, 8).filter((t) => ['tempo', 'intervals', 'repetitions'].includes(t)).length, 1); // lighter week
  assert.equal(types(plan, 11).filter((t) => ['tempo', 'intervals', 'repetitions'].includes(t)).length, 1);
  assert.deepEqual(
    types(plan, 12).filter((t) => t !== 'easy' && t !== 'recovery'),
    ['race'],
  );
  const tempo = plan.weeks[4]!.sessions.find((s) => s.type === 'tempo')!;
  assert.match(tempo.structure!, /threshold \(4:3\d\/km\)/);
  assert.ok(tempo.why.length > 20);
});

test('long runs land on the chosen day and stay within a third of the week; the race replaces the last one', () => {
  const plan = generatePlan(half);
  const longs = plan.weeks.flatMap((w) => w.sessions.filter((s) => s.type === 'long').map((s) => ({ s, w })));
  assert.equal(longs.length, 11);
  for (const { s, w } of longs) {
    assert.equal(isoWeekday(s.date), 7);
    assert.ok(s.distanceM / 1000 <= 0.36 * w.targetKm + 1e-9, `${s.id} ${s.distanceM} of ${w.targetKm}`);
  }
  const race = plan.weeks.at(-1)!.sessions.at(-1)!;
  assert.equal(race.type, 'race');
  assert.equal(race.date, '2026-07-26');
  assert.equal(race.distanceM, 21_097.5);
});

test('a target time sets the race-day pace; one far beyond current fitness is flagged', () => {
  const modest = generatePlan({ ...half, goal: { kind: 'time', seconds: 1 * 3600 + 45 * 60 } });
  const race = modest.weeks.at(-1)!.sessions.at(-1)!;
  const pace = 6300 / 21.0975;
  assert.ok(race.pace.fast <= pace && pace <= race.pace.slow);
  assert.deepEqual(modest.warnings, []);
  const dream = generatePlan({ ...half, goal: { kind: 'time', seconds: 1 * 3600 + 20 * 60 } });
  assert.ok(dream.goalVdot! > 55);
  assert.match(dream.warnings.join(' '), /needs a VDOT of 5\d\.\d; you are at 45\.0/);
});

test('a marathon in 3 weeks for a beginner: a short plan with a clear warning, still within the safety rules', () => {
  const plan = generatePlan({
    ...half,
    startDate: '2026-05-06',
    raceDate: '2026-05-24',
    raceDistanceM: 42_195,
    fitness: { weeklyKm: [12, 15, 10, 14], longestRunKm: 8, vdot: 33 },
    daysPerWeek: 4,
  });
  assert.deepEqual(planViolations(plan), []);
  assert.equal(plan.weeks.length, 3);
  assert.match(plan.warnings[0]!, /^Your marathon is 3 weeks away, .* takes about \d+ weeks\. This is a short plan/);
  assert.ok(plan.weeks.every((w) => w.targetKm <= 14 * 1.1));
  assert.ok(plan.weeks[0]!.sessions.every((s) => s.date >= '2026-05-06'));
});

test('a race a year away: a maintenance block at the current volume first, then the full build', () => {
  const plan = generatePlan({ ...half, raceDate: '2027-05-02' });
  assert.deepEqual(planViolations(plan), []);
  const maintenance = plan.weeks.filter((w) => w.phase === 'maintenance');
  assert.equal(plan.weeks.length, 52);
  assert.equal(maintenance.length, 52 - 12);
  assert.ok(maintenance.every((w) => w.targetKm === (w.cutback ? 28 : 35)));
  assert.equal(plan.weeks[40]!.phase, 'base');
  assert.match(plan.warnings.join(' '), /holds your fitness for 40 weeks, then builds for the last 12 weeks/);
  assert.match(maintenance[1]!.sessions.find((s) => s.type === 'easy')!.why, /block starts in \d+ weeks/);
});

test('a plan starting mid-week keeps only the days from the start; a runner with no recent running starts at 8 km', () => {
  const plan = generatePlan({
    ...half,
    startDate: '2026-05-07',
    fitness: { weeklyKm: [0, 0], longestRunKm: 0, vdot: 30 },
  });
  assert.deepEqual(planViolations(plan), []);
  const first = plan.weeks[0]!;
  assert.equal(first.startDate, '2026-05-04');
  assert.equal(first.targetKm, 8);
  assert.ok(first.trainingKm < 8 && first.sessions.every((s) => s.date >= '2026-05-07'));
  assert.match(plan.warnings.join(' '), /starts with 8 km a week/);
});

test('the safety check itself catches broken plans', () => {
  const good = generatePlan(half);
  const broken = (change: (p: Plan) => void) => {
    const p = structuredClone(good);
    change(p);
    return planViolations(p);
  };
  assert.match(broken((p) => (p.weeks[2]!.targetKm *= 1.2)).join(), /grows more than 10%/);
  assert.match(broken((p) => (p.weeks[0]!.sessions[0]!.date = '2026-05-01')).join(), /outside the plan/);
  assert.match(broken((p) => (p.weeks[3]!.sessions[0]!.why = '')).join(), /not one sentence/);
  assert.match(broken((p) => (p.paces.threshold = { ...p.paces.marathon })).join(), /paces overlap/);
  assert.match(broken((p) => (p.weeks[0]!.targetKm = 60)).join(), /grows more than 10%|more than the/);
  assert.match(
    broken((p) => (p.weeks[5]!.sessions.find((s) => s.type === 'long')!.distanceM = 30_000)).join(),
    /safe share/,
  );
  assert.match(broken((p) => (p.weeks[11]!.phase = 'peak')).join(), /not a taper week/);
});
