import { addDays, daysBetween, isCalendarDate, isValidTimeZone } from '@runnerly/fitness';
import { formatDuration } from '@runnerly/units';
import { walkingSeconds, worldRecordSeconds, WALKING_PACE_S_PER_KM } from './goal-limits.ts';
import type { PlanRequest } from './plan-types.ts';

export interface ValidationIssue {
  /** Path of the offending field in the request, e.g. `fitness.vdot`. */
  field: string;
  message: string;
}

export type Validated = { ok: true; request: PlanRequest } | { ok: false; issues: ValidationIssue[] };

export const MIN_RACE_M = 1000;
export const MAX_RACE_M = 50_000;
const MAX_DAYS_AHEAD = 730;

/**
 * Checks a plan request as it comes from outside (any JSON value). `today` is the runner's current
 * calendar date in their zone (the caller reads the clock; this function does not). Every problem is
 * reported, each with a sentence a runner can act on.
 */
export function validatePlanRequest(input: unknown, today: string): Validated {
  const issues: ValidationIssue[] = [];
  const bad = (field: string, message: string) => issues.push({ field, message });
  if (!isObject(input)) return { ok: false, issues: [{ field: '', message: 'The request must be a JSON object.' }] };
  const r = input as Record<string, unknown>;

  const timeZone = r.timeZone;
  if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone)) {
    bad('timeZone', `Unknown time zone ${JSON.stringify(timeZone)}: use an IANA name such as Europe/Paris.`);
  }

  const start = r.startDate;
  const race = r.raceDate;
  if (!isCalendarDate(start)) bad('startDate', 'The start date must be a real date written YYYY-MM-DD.');
  else if (isCalendarDate(today) && start < today) {
    bad('startDate', `The start date ${start} is in the past (today is ${today}).`);
  }
  if (!isCalendarDate(race)) bad('raceDate', 'The race date must be a real date written YYYY-MM-DD.');
  else if (isCalendarDate(today) && race < today)
    bad('raceDate', `The race on ${race} is in the past (today is ${today}).`);
  else if (isCalendarDate(start) && race < start)
    bad('raceDate', `The race on ${race} is before the plan's start, ${start}.`);
  else if (isCalendarDate(start) && daysBetween(start, race) > MAX_DAYS_AHEAD) {
    bad(
      'raceDate',
      `The race on ${race} is more than two years away; plans start at most ${addDays(race, -MAX_DAYS_AHEAD)}.`,
    );
  }

  const distance = r.raceDistanceM;
  const distanceOk = isNumber(distance) && distance >= MIN_RACE_M && distance <= MAX_RACE_M;
  if (!isNumber(distance)) bad('raceDistanceM', 'The race distance must be a number of metres.');
  else if (distance <= 0) bad('raceDistanceM', `The race distance must be more than 0 m (got ${distance}).`);
  else if (!distanceOk) {
    bad(
      'raceDistanceM',
      `Plans are made for races from ${MIN_RACE_M} m to ${MAX_RACE_M / 1000} km (got ${distance} m).`,
    );
  }

  const goal = r.goal;
  if (!isObject(goal) || (goal.kind !== 'finish' && goal.kind !== 'time')) {
    bad('goal', 'The goal must be {"kind":"finish"} or {"kind":"time","seconds":…}.');
  } else if (goal.kind === 'time') {
    const s = goal.seconds;
    if (!isNumber(s) || s <= 0) bad('goal.seconds', 'A target time must be a positive number of seconds.');
    else if (distanceOk) {
      const record = worldRecordSeconds(distance);
      if (s < record) {
        bad(
          'goal.seconds',
          `A target of ${clock(s)} is faster than the world record for this distance (${clock(record)}).`,
        );
      } else if (s > walkingSeconds(distance)) {
        const pace = clock(WALKING_PACE_S_PER_KM);
        bad(
          'goal.seconds',
          `A target of ${clock(s)} is slower than walking (${pace} per km): choose "finish" as the goal instead.`,
        );
      }
    }
  }

  const f = r.fitness;
  if (!isObject(f)) bad('fitness', 'Current fitness (weekly volume, longest run, VDOT) is missing.');
  else {
    const weeks = f.weeklyKm;
    if (!Array.isArray(weeks) || weeks.length < 1 || weeks.length > 12) {
      bad('fitness.weeklyKm', 'Give the distance of each of the last 1 to 12 weeks.');
    } else if (!weeks.every((w) => isNumber(w) && w >= 0 && w <= 300)) {
      bad('fitness.weeklyKm', 'Each weekly distance must be between 0 and 300 km.');
    }
    if (!isNumber(f.longestRunKm) || f.longestRunKm < 0 || f.longestRunKm > 100) {
      bad('fitness.longestRunKm', 'The longest recent run must be between 0 and 100 km.');
    }
    if (!isNumber(f.vdot) || f.vdot < 20 || f.vdot > 85) {
      bad('fitness.vdot', 'VDOT must be between 20 and 85.');
    }
    if (f.vdotEstimated !== undefined && typeof f.vdotEstimated !== 'boolean') {
      bad('fitness.vdotEstimated', 'vdotEstimated must be true or false.');
    }
  }

  if (!Number.isInteger(r.daysPerWeek) || (r.daysPerWeek as number) < 3 || (r.daysPerWeek as number) > 7) {
    bad('daysPerWeek', 'Choose between 3 and 7 running days a week: fewer cannot carry a plan safely.');
  }
  if (!isWeekday(r.longRunDay))
    bad('longRunDay', 'The long-run day must be a weekday number, 1 (Monday) to 7 (Sunday).');
  if (r.weekStartsOn !== undefined && ![1, 6, 7].includes(r.weekStartsOn as number)) {
    bad('weekStartsOn', 'Weeks start on Monday (1), Saturday (6) or Sunday (7).');
  }
  if (
    r.age !== undefined &&
    r.age !== null &&
    !(Number.isInteger(r.age) && (r.age as number) >= 5 && (r.age as number) <= 120)
  ) {
    bad('age', 'Age must be a whole number of years between 5 and 120.');
  }

  if (issues.length) return { ok: false, issues };
  const fit = f as Record<string, unknown>;
  return {
    ok: true,
    request: {
      startDate: start as string,
      raceDate: race as string,
      raceDistanceM: distance as number,
      goal:
        (goal as Record<string, unknown>).kind === 'time'
          ? { kind: 'time', seconds: (goal as { seconds: number }).seconds }
          : { kind: 'finish' },
      fitness: {
        weeklyKm: [...(fit.weeklyKm as number[])],
        longestRunKm: fit.longestRunKm as number,
        vdot: fit.vdot as number,
        vdotEstimated: fit.vdotEstimated === true,
      },
      daysPerWeek: r.daysPerWeek as number,
      longRunDay: r.longRunDay as number,
      timeZone: timeZone as string,
      weekStartsOn: (r.weekStartsOn as number | undefined) ?? 1,
      age: (r.age as number | null | undefined) ?? null,
    },
  };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function isWeekday(x: unknown): boolean {
  return Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 7;
}

/** h:mm:ss or m:ss, as everywhere in Runnerly. */
export const clock = formatDuration;
