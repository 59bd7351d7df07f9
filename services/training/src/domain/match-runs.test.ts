import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatePlan } from './generate-plan.ts';
import { matchRuns, weeklyRunKm } from './match-runs.ts';
import { halfMarathonRequest } from './plan-arbitraries.ts';
import type { PlanRequest } from './plan-types.ts';
import { runFor } from './runs-from-plan.ts';

const request: PlanRequest = halfMarathonRequest;
const plan = generatePlan(request);
const week = (n: number) => plan.weeks[n - 1]!.sessions;
const byId = (m: ReturnType<typeof matchRuns>, id: string) => m.sessions.find((s) => s.sessionId === id)!;

test('runs on the planned day at about the planned distance count as done', () => {
  const runs = week(5).map((s) => runFor(s, { share: 1.02 }));
  const m = matchRuns(plan, runs, 'Europe/Paris', '2026-06-08');
  for (const s of week(5)) {
    const got = byId(m, s.id);
    assert.equal(got.status, 'done', `${s.id}: ${got.reason}`);
    assert.equal(got.runId, `run-${s.id}`);
  }
  assert.match(byId(m, week(5)[0]!.id).reason, /^Ran \d+\.\d km at \d:\d\d\/km on Monday for the planned/);
  assert.deepEqual(m.extraRunIds, []);
});

test("a day either side counts, in the runner's zone; two days off does not", () => {
  const tempo = week(5).find((s) => s.type === 'tempo')!; // Tuesday 2026-06-02
  // 22:30 UTC on Monday is 00:30 on Tuesday in Paris: the same day as the tempo.
  const late = runFor(tempo, { dayShift: -1, utcTime: '22:30:00', id: 'late' });
  let m = matchRuns(plan, [late], 'Europe/Paris', '2026-06-08');
  assert.equal(byId(m, tempo.id).runId, 'late');
  assert.match(byId(m, tempo.id).reason, /on Tuesday/);
  // In New York the same run is on Monday: still within a day.
  m = matchRuns(plan, [late], 'America/New_York', '2026-06-08');
  assert.equal(byId(m, tempo.id).status, 'done');
  const twoDays = runFor(tempo, { dayShift: 2, id: 'thursday' });
  m = matchRuns(
    { ...plan, weeks: [{ ...plan.weeks[4]!, sessions: [tempo] }] },
    [twoDays],
    'Europe/Paris',
    '2026-06-08',
  );
  assert.equal(byId(m, tempo.id).status, 'missed');
  assert.deepEqual(m.extraRunIds, ['thursday']);
});

test('too short is partly done; a quality session run at an easy pace is partly done, and says why', () => {
  const [tempo, intervals] = ['tempo', 'intervals'].map((t) => week(5).find((s) => s.type === t)!);
  const m = matchRuns(
    plan,
    [runFor(tempo!, { share: 0.6 }), runFor(intervals!, { paceFactor: 1.2 })],
    'Europe/Paris',
    '2026-06-08',
  );
  assert.equal(byId(m, tempo!.id).status, 'partly');
  assert.match(byId(m, tempo!.id).reason, /^Ran \d+\.\d km of the planned \d+\.\d km tempo\.$/);
  assert.equal(byId(m, intervals!.id).status, 'partly');
  assert.match(byId(m, intervals!.id).reason, /easier than the interval session's \d:\d\d\/km on average/);
});

test('no run: missed once the day after has passed, still planned until then', () => {
  const long = week(5).find((s) => s.type === 'long')!; // Sunday 2026-06-07
  assert.equal(byId(matchRuns(plan, [], 'Europe/Paris', '2026-06-08'), long.id).status, 'planned');
  const missed = byId(matchRuns(plan, [], 'Europe/Paris', '2026-06-09'), long.id);
  assert.equal(missed.status, 'missed');
  assert.match(missed.reason, /^No run on Sunday 2026-06-07 or the day either side for this \d+\.\d km long run\.$/);
  // Runs after today are not looked at.
  assert.equal(byId(matchRuns(plan, [runFor(long)], 'Europe/Paris', '2026-06-06'), long.id).status, 'planned');
});

test('each run counts once, for the closest session; the race needs the distance within 3%', () => {
  const easy = week(5).find((s) => s.type === 'easy')!; // Friday
  const long = week(5).find((s) => s.type === 'long')!; // Sunday
  // One run on Saturday, as long as the long run: it goes to Sunday's long run, not Friday's easy run.
  const saturday = runFor(long, { dayShift: -1, id: 'sat' });
  const m = matchRuns(plan, [saturday], 'Europe/Paris', '2026-06-10');
  assert.equal(byId(m, long.id).runId, 'sat');
  assert.equal(byId(m, easy.id).status, 'missed');
  const race = plan.weeks.at(-1)!.sessions.at(-1)!;
  const ran = (share: number) =>
    byId(matchRuns(plan, [runFor(race, { share })], 'Europe/Paris', '2026-07-30'), race.id);
  assert.equal(ran(1.02).status, 'done');
  assert.equal(ran(0.9).status, 'partly');
});

test('weekly volume counts every run of the week, matched or not', () => {
  const runs = [...week(1).map((s) => runFor(s)), runFor(week(1)[0]!, { id: 'double', utcTime: '17:00:00' })];
  const km = weeklyRunKm(plan, runs, 'Europe/Paris');
  const expected = week(1).reduce((a, s) => a + s.distanceM, 0) / 1000 + week(1)[0]!.distanceM / 1000;
  assert.ok(Math.abs(km[0]! - expected) < 0.01);
  assert.equal(km[1], 0);
});
