import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePlanRequest } from './validate-plan-request.ts';

const TODAY = '2026-05-01';
const good = {
  startDate: '2026-05-04',
  raceDate: '2026-10-11',
  raceDistanceM: 42_195,
  goal: { kind: 'time', seconds: 3.5 * 3600 },
  fitness: { weeklyKm: [30, 35, 32], longestRunKm: 16, vdot: 45 },
  daysPerWeek: 5,
  longRunDay: 7,
  timeZone: 'Europe/Paris',
};

function issues(change: Record<string, unknown>): Record<string, string> {
  const r = validatePlanRequest({ ...good, ...change }, TODAY);
  assert.equal(r.ok, false, 'expected the request to be refused');
  return Object.fromEntries(
    (r as { issues: Array<{ field: string; message: string }> }).issues.map((i) => [i.field, i.message]),
  );
}

test('a sound request passes and comes back normalised', () => {
  const r = validatePlanRequest(good, TODAY);
  assert.ok(r.ok);
  assert.equal(r.request.weekStartsOn, 1);
  assert.equal(r.request.age, null);
  assert.equal(r.request.fitness.vdotEstimated, false);
  assert.deepEqual(r.request.goal, { kind: 'time', seconds: 12_600 });
});

test('dates in the past, a race before the start or more than two years away are refused', () => {
  assert.match(issues({ startDate: '2026-04-30' }).startDate!, /2026-04-30 is in the past \(today is 2026-05-01\)/);
  assert.match(issues({ raceDate: '2026-03-01' }).raceDate!, /in the past/);
  assert.match(issues({ raceDate: '2026-05-03' }).raceDate!, /before the plan's start, 2026-05-04/);
  assert.match(issues({ raceDate: '2028-06-01' }).raceDate!, /more than two years away/);
  assert.match(issues({ startDate: '2026-02-30' }).startDate!, /real date written YYYY-MM-DD/);
});

test('distances of 0 or less, and absurd ones, are refused', () => {
  assert.match(issues({ raceDistanceM: 0 }).raceDistanceM!, /more than 0 m/);
  assert.match(issues({ raceDistanceM: -5000 }).raceDistanceM!, /more than 0 m/);
  assert.match(issues({ raceDistanceM: 400 }).raceDistanceM!, /from 1000 m to 50 km/);
  assert.match(issues({ raceDistanceM: 160_934 }).raceDistanceM!, /from 1000 m to 50 km/);
  assert.match(issues({ raceDistanceM: '42k' }).raceDistanceM!, /number of metres/);
});

test('an unknown time zone is refused', () => {
  assert.match(issues({ timeZone: 'Mars/Olympus_Mons' }).timeZone!, /Unknown time zone "Mars\/Olympus_Mons"/);
  assert.ok(issues({ timeZone: 42 }).timeZone);
});

test('a goal faster than the world record or slower than walking is refused', () => {
  assert.match(
    issues({ goal: { kind: 'time', seconds: 7100 } })['goal.seconds']!,
    /faster than the world record for this distance \(2:00:35\)/,
  );
  assert.match(
    issues({ raceDistanceM: 5000, goal: { kind: 'time', seconds: 12 * 60 } })['goal.seconds']!,
    /faster than the world record .*\(12:35\)/,
  );
  assert.match(
    issues({ goal: { kind: 'time', seconds: 9 * 3600 } })['goal.seconds']!,
    /slower than walking \(12:00 per km\)/,
  );
  assert.match(issues({ goal: { kind: 'time', seconds: -1 } })['goal.seconds']!, /positive number/);
  assert.ok(issues({ goal: { kind: 'podium' } }).goal);
  const sub2 = validatePlanRequest({ ...good, goal: { kind: 'time', seconds: 7300 } }, TODAY);
  assert.ok(sub2.ok, 'a time just slower than the record is allowed');
});

test('fitness, days and long-run day out of range are refused, every problem at once', () => {
  const all = issues({
    fitness: { weeklyKm: [], longestRunKm: 150, vdot: 100 },
    daysPerWeek: 2,
    longRunDay: 0,
    weekStartsOn: 3,
  });
  assert.deepEqual(Object.keys(all).sort(), [
    'daysPerWeek',
    'fitness.longestRunKm',
    'fitness.vdot',
    'fitness.weeklyKm',
    'longRunDay',
    'weekStartsOn',
  ]);
  assert.match(all.daysPerWeek!, /between 3 and 7/);
  assert.match(issues({ daysPerWeek: 4.5 }).daysPerWeek!, /between 3 and 7/);
  assert.match(issues({ fitness: { weeklyKm: [-3], longestRunKm: 1, vdot: 40 } })['fitness.weeklyKm']!, /0 and 300/);
  assert.equal(validatePlanRequest(null, TODAY).ok, false);
  assert.equal(validatePlanRequest([good], TODAY).ok, false);
});
