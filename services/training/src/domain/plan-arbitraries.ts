import fc from 'fast-check';
import { addDays, equivalentTime } from '@runnerly/fitness';
import { walkingSeconds, worldRecordSeconds } from './goal-limits.ts';
import type { PlanRequest } from './plan-types.ts';

export const TODAY = '2026-05-01';

/** A runner doing about 35 km a week, VDOT 45, aiming at a half marathon in 12 weeks; long runs on Sunday. */
export const halfMarathonRequest: PlanRequest = {
  startDate: '2026-05-04',
  raceDate: '2026-07-26',
  raceDistanceM: 21_097.5,
  goal: { kind: 'finish' },
  fitness: { weeklyKm: [32, 36, 34, 38], longestRunKm: 14, vdot: 45 },
  daysPerWeek: 5,
  longRunDay: 7,
  timeZone: 'Europe/Paris',
};
const DISTANCES = [5000, 10_000, 21_097.5, 42_195, 3000, 8000, 15_000, 30_000, 50_000];

/** Random runners and races: from a beginner two days before a 5K to a 100 km/week runner two years ahead of a marathon. */
export const planArbitrary: fc.Arbitrary<PlanRequest> = fc
  .record({
    startIn: fc.integer({ min: 0, max: 14 }),
    weeksToRace: fc.integer({ min: 0, max: 100 }),
    extraDays: fc.integer({ min: 0, max: 6 }),
    distance: fc.constantFrom(...DISTANCES),
    weeklyKm: fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 8 }),
    longestShare: fc.double({ min: 0, max: 0.6, noNaN: true }),
    vdot: fc.double({ min: 20, max: 80, noNaN: true }),
    goalFactor: fc.option(fc.double({ min: 0.85, max: 1.3, noNaN: true })),
    daysPerWeek: fc.integer({ min: 3, max: 7 }),
    longRunDay: fc.integer({ min: 1, max: 7 }),
    weekStartsOn: fc.constantFrom(1, 6, 7),
    age: fc.option(fc.integer({ min: 16, max: 85 })),
    timeZone: fc.constantFrom('Europe/Paris', 'America/Los_Angeles', 'Asia/Tokyo', 'UTC', 'Pacific/Kiritimati'),
  })
  .map((r): PlanRequest => {
    const startDate = addDays(TODAY, r.startIn);
    const maxWeekKm = Math.max(...r.weeklyKm);
    const goalSeconds = r.goalFactor === null ? null : Math.round(r.goalFactor * equivalentTime(r.vdot, r.distance));
    const goalFits =
      goalSeconds !== null &&
      goalSeconds >= worldRecordSeconds(r.distance) &&
      goalSeconds <= walkingSeconds(r.distance);
    return {
      startDate,
      raceDate: addDays(startDate, Math.min(729, r.weeksToRace * 7 + r.extraDays)),
      raceDistanceM: r.distance,
      goal: goalFits ? { kind: 'time', seconds: goalSeconds! } : { kind: 'finish' },
      fitness: {
        weeklyKm: r.weeklyKm.map((w) => Math.round(w * 10) / 10),
        longestRunKm: Math.round(Math.min(maxWeekKm, maxWeekKm * r.longestShare * 2) * 10) / 10,
        vdot: r.vdot,
      },
      daysPerWeek: r.daysPerWeek,
      longRunDay: r.longRunDay,
      timeZone: r.timeZone,
      weekStartsOn: r.weekStartsOn,
      age: r.age,
    };
  });
