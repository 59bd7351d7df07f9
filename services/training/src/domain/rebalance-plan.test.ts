import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays } from '@runnerly/fitness';
import { generatePlan } from './generate-plan.ts';
import { weeklyRunKm, type DoneRun } from './match-runs.ts';
import { halfMarathonRequest, planArbitrary } from './plan-arbitraries.ts';
import { planViolations } from './plan-checks.ts';
import type { Plan, PlanRequest } from './plan-types.ts';
import { effectiveVolumes, rebalancePlan } from './rebalance-plan.ts';
import { runFor } from './runs-from-plan.ts';

const request: PlanRequest = halfMarathonRequest;
const plan = generatePlan(request);

/** Runs for every session of the given weeks, `share` of each (1 = as planned). */
function ran(weeks: number[], share: (week: number) => number = () => 1, before = '9999-12-31'): DoneRun[] {
  return weeks.flatMap((n) =>
    plan.weeks[n - 1]!.sessions.filter((s) => s.date < before).map((s) => runFor(s, { share: share(n) })),
  );
}

/** The safety rules on what the runner will do: actual volumes for completed weeks, the plan after. */
function safe(result: ReturnType<typeof rebalancePlan>, runs: DoneRun[], today: string): string[] {
  const current = result.plan.weeks.findIndex((w) => w.startDate <= today && today <= w.endDate);
  const volumes = effectiveVolumes(result.plan.weeks, weeklyRunKm(result.plan, runs, 'Europe/Paris'), current);
  return planViolations(result.plan, { volumes, growthFrom: (result.replannedFrom ?? current + 2) - 1 });
}

test('a runner who follows the plan gets no changes', () => {
  const runs = ran([1, 2, 3, 4]);
  const r = rebalancePlan(plan, runs, '2026-06-01');
  assert.deepEqual(r.changes, []);
  assert.deepEqual(r.plan.weeks, plan.weeks);
  assert.ok(r.matches.filter((m) => m.sessionId < 'w05').every((m) => m.status === 'done'));
});

test('a tempo not run on Tuesday moves to Wednesday, a rest day with no hard day either side', () => {
  const week8 = plan.weeks[7]!; // a lighter week: one quality session, on Tuesday 23 June
  const tempo = week8.sessions.find((s) => s.type === 'tempo')!;
  assert.equal(tempo.date, '2026-06-23');
  const runs = [...ran([1, 2, 3, 4, 5, 6, 7]), runFor(week8.sessions[0]!)];
  const r = rebalancePlan(plan, runs, '2026-06-24');
  assert.deepEqual(r.changes, [
    "Moved Tuesday's tempo to Wednesday because it was not run on Tuesday; Wednesday was a rest day.",
  ]);
  const moved = r.plan.weeks[7]!.sessions.find((s) => s.id === tempo.id)!;
  assert.equal(moved.date, '2026-06-24');
  assert.deepEqual(safe(r, runs, '2026-06-24'), []);
  // Run it on Wednesday: it now counts as done.
  const done = rebalancePlan(r.plan, [...runs, runFor(moved)], '2026-06-25');
  assert.equal(done.matches.find((m) => m.sessionId === tempo.id)!.status, 'done');
});

test('a hard session is let go rather than crammed between two hard days', () => {
  const week5 = plan.weeks[4]!; // tempo Tuesday, intervals Thursday, long run Sunday
  const runs = [...ran([1, 2, 3, 4]), runFor(week5.sessions[0]!)];
  const r = rebalancePlan(plan, runs, '2026-06-03');
  assert.deepEqual(r.changes, [
    "Tuesday's tempo is not made up: no day is left this week without two hard days in a row.",
  ]);
  assert.deepEqual(r.plan.weeks[4]!.sessions, week5.sessions);
});

test('after a week well under target the coming weeks grow back from what was run, by at most 10% a week', () => {
  const runs = ran([1, 2, 3, 4, 5], (n) => (n === 5 ? 0.4 : 1));
  const r = rebalancePlan(plan, runs, '2026-06-08');
  assert.equal(r.replannedFrom, 6);
  const actual5 = weeklyRunKm(plan, runs, 'Europe/Paris')[4]!;
  const reference = Math.max(actual5, plan.weeks[3]!.targetKm);
  assert.ok(r.plan.weeks[5]!.targetKm <= 1.1 * reference + 1e-9);
  assert.ok(r.plan.weeks[5]!.targetKm < plan.weeks[5]!.targetKm);
  assert.match(
    r.changes[0]!,
    /^Lowered the coming weeks \(week 6 \d+(\.\d)? → \d+(\.\d)? km, .*\) because you ran \d+\.\d of the \d+(\.\d)? km planned in week 5; the plan builds back up by at most 10% a week\.$/,
  );
  assert.deepEqual(safe(r, runs, '2026-06-08'), []);
  assert.ok(r.plan.weeks.slice(5).every((w, i) => w.targetKm <= plan.weeks[5 + i]!.targetKm));
});

test('two weeks well over target raise the coming weeks, within 15%, the peak and the 10% rule', () => {
  const runs = ran([1, 2, 3, 4], (n) => (n >= 3 ? 1.3 : 1));
  const r = rebalancePlan(plan, runs, '2026-06-01');
  assert.equal(r.replannedFrom, 5);
  const raised = r.plan.weeks.filter((w, i) => w.targetKm > plan.weeks[i]!.targetKm);
  assert.ok(raised.length > 0);
  for (const w of r.plan.weeks) {
    const before = plan.weeks[w.index - 1]!.targetKm;
    assert.ok(
      w.targetKm <= Math.max(before, 55) && w.targetKm <= before * 1.15 + 0.1,
      `week ${w.index}: ${before} → ${w.targetKm}`,
    );
  }
  assert.match(
    r.changes[0]!,
    /^Raised the coming weeks \(week \d+ .*\) because you ran at least \d+% more than planned two weeks running/,
  );
  assert.deepEqual(safe(r, runs, '2026-06-01'), []);
});

test('one week well over target eases the next: one hard session becomes easy running', () => {
  const runs = ran([1, 2, 3, 4], (n) => (n === 4 ? 1.4 : 1));
  const r = rebalancePlan(plan, runs, '2026-06-01');
  const hard = (p: Plan) =>
    p.weeks[4]!.sessions.filter((s) => ['tempo', 'intervals', 'repetitions'].includes(s.type)).length;
  assert.equal(hard(r.plan), hard(plan) - 1);
  assert.match(
    r.changes.at(-1)!,
    /^Eased week 5: you ran \d+(\.\d)? km against \d+(\.\d)? planned, so one hard session becomes easy running/,
  );
  assert.deepEqual(safe(r, runs, '2026-06-01'), []);
});

test('re-balanced plans keep the safety rules for random runners, races and adherence', () => {
  fc.assert(
    fc.property(
      planArbitrary,
      fc.array(fc.double({ min: 0, max: 1.6, noNaN: true }), { minLength: 8, maxLength: 8 }),
      fc.integer({ min: 0, max: 300 }),
      (req, adherence, dayOffset) => {
        const p = generatePlan(req);
        const today = [addDays(p.weeks[0]!.startDate, dayOffset), req.raceDate].sort()[0]!;
        const runs = p.weeks.flatMap((w, i) =>
          w.sessions
            .filter((s) => s.date < today && adherence[i % 8]! > 0.05)
            .map((s) => runFor(s, { share: adherence[i % 8]! })),
        );
        const r = rebalancePlan(p, runs, today);
        const current = r.plan.weeks.findIndex((w) => w.startDate <= today && today <= w.endDate);
        const volumes = effectiveVolumes(r.plan.weeks, weeklyRunKm(r.plan, runs, req.timeZone), current);
        const growthFrom = r.replannedFrom === null ? current + 1 : r.replannedFrom - 1;
        assert.deepEqual(planViolations(r.plan, { volumes, growthFrom }), []);
        assert.deepEqual(rebalancePlan(p, runs, today), r, 'deterministic');
      },
    ),
    {
      numRuns: Number(process.env.RUNS ?? 150),
      seed: Number(process.env.SEED ?? 42),
      examples: [
        // A beginner who stopped running before the taper: the taper must still only go down.
        [
          {
            startDate: '2026-05-01',
            raceDate: '2026-12-04',
            raceDistanceM: 42_195,
            goal: { kind: 'finish' },
            fitness: { weeklyKm: [0], longestRunKm: 0, vdot: 20 },
            daysPerWeek: 3,
            longRunDay: 1,
            timeZone: 'Europe/Paris',
            weekStartsOn: 1,
            age: null,
          },
          [0, 0, 0, 0, 0, 0, 0, 0],
          210,
        ],
      ],
    },
  );
});
