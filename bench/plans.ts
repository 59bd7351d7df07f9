// Plan generation on one thread: varied runners and races (5 km to marathon, 6 to 30 weeks away), each
// generated and then re-balanced once against a week of missed running. Called by bench/run.ts.
import { addDays } from '@runnerly/fitness';
import { generatePlan, rebalancePlan, validatePlanRequest, type PlanRequest } from '@runnerly/training/domain';

export function plansBench(options: { minMs?: number } = {}): string[] {
  const minMs = options.minMs ?? Number(process.env.BENCH_PLAN_MS ?? 3000);
  const today = '2026-03-10';
  const distances = [5000, 10_000, 21_097.5, 42_195];
  const requests: PlanRequest[] = Array.from({ length: 64 }, (_, i) => {
    const checked = validatePlanRequest(
      {
        startDate: today,
        raceDate: addDays(today, 42 + (i % 25) * 7),
        raceDistanceM: distances[i % 4],
        goal: { kind: 'finish' },
        fitness: {
          weeklyKm: [20 + (i % 7) * 5, 22 + (i % 5) * 5, 25, 24 + (i % 3) * 4],
          longestRunKm: 8 + (i % 9),
          vdot: 32 + (i % 20),
        },
        daysPerWeek: 3 + (i % 5),
        longRunDay: 6 + (i % 2),
        timeZone: 'Europe/Paris',
      },
      today,
    );
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
    return checked.request;
  });
  let n = 0;
  let weeks = 0;
  const started = performance.now();
  while (performance.now() - started < minMs) {
    weeks += generatePlan(requests[n % requests.length]!).weeks.length;
    n++;
  }
  const perPlan = (performance.now() - started) / n;
  let m = 0;
  const plans = requests.map(generatePlan);
  const rebalanceStarted = performance.now();
  while (performance.now() - rebalanceStarted < minMs / 3) {
    rebalancePlan(plans[m % plans.length]!, [], addDays(today, 9));
    m++;
  }
  const perRebalance = (performance.now() - rebalanceStarted) / m;
  return [
    `plans generated, one thread: ${(1000 / perPlan).toFixed(0)} per s (${(perPlan * 1000).toFixed(0)} µs each, ${(weeks / n).toFixed(1)} weeks on average)`,
    `re-balanced after a missed week, one thread: ${(1000 / perRebalance).toFixed(0)} per s (${(perRebalance * 1000).toFixed(0)} µs each)`,
  ];
}
