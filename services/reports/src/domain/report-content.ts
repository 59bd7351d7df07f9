import type { BestEffort, RunSummary } from '@runnerly/contracts';
import { addMonths, daysBetween, localDate, type FirstDay as FirstDayOfWeek } from '@runnerly/calendar';
import { firstDay, isMonth, weeksOfMonth } from './calendar.ts';
import type { Units } from '@runnerly/units';

/**
 * A run as the Data Service lists it (`GET /users/{id}/months/{YYYY-MM}/runs`), with its best
 * efforts when the caller has them (`GET /runs/{id}` carries them; lists do not).
 */
export type ReportRun = Pick<RunSummary, 'id' | 'name' | 'start_time' | 'distance_m' | 'moving_time_s'> & {
  elevation_gain_m?: number | null;
  best_efforts?: readonly BestEffort[] | null;
};

/** One calendar month of runs; runs outside the month in the runner's zone are left out. */
export interface MonthOfRuns {
  month: string;
  runs: readonly ReportRun[];
}

/** What the runner's profile says about how they read numbers and dates. */
export interface ReportProfile {
  user_id: string;
  name: string | null;
  units: Units;
  time_zone: string;
  first_day_of_week: FirstDayOfWeek;
}

/** How the month went against the runner's training plan, when they follow one. */
export interface PlanAdherenceInput {
  /** The race the plan leads to, e.g. "Paris Marathon". */
  race_name: string;
  sessions_planned: number;
  sessions_done: number;
  sessions_partly_done: number;
  sessions_missed: number;
  planned_distance_m: number;
  done_distance_m: number;
}

export interface NextRaceInput {
  name: string;
  /** The race day in the race's zone, `YYYY-MM-DD`. */
  date: string;
  distance_m: number;
  place?: string | null;
  /** From the runner's current fitness. */
  predicted_time_s?: number | null;
  goal_time_s?: number | null;
}

export interface ReportInput {
  /** The month the report is about, `YYYY-MM` (the one that just ended). */
  month: string;
  profile: ReportProfile;
  runs: MonthOfRuns;
  previous: MonthOfRuns;
  yearBefore: MonthOfRuns;
  plan?: PlanAdherenceInput | null;
  nextRace?: NextRaceInput | null;
}

export interface MonthTotals {
  month: string;
  count: number;
  distance_m: number;
  moving_time_s: number;
  /** Null when no run of the month has a known elevation gain. */
  elevation_gain_m: number | null;
  /** Moving time over distance; null without distance. */
  pace_s_per_km: number | null;
}

export interface Comparison extends MonthTotals {
  /** This month minus that month. */
  distance_change_m: number;
  /** Relative to that month's distance; null when that month had none. */
  distance_change_pct: number | null;
  count_change: number;
  moving_time_change_s: number;
}

export interface RunRef {
  id: string;
  name: string;
  /** Its calendar day in the runner's zone. */
  date: string;
}

export interface WeekDistance {
  /** First and last day of the week inside the month (the first and last weeks are cut). */
  start: string;
  end: string;
  count: number;
  distance_m: number;
  moving_time_s: number;
}

export interface MonthBestEffort {
  name: string;
  distance_m: number;
  elapsed_time_s: number;
  run: RunRef;
  /** The fastest over the same distance in the previous month, when there was one. */
  previous_month_s: number | null;
}

export interface PlanAdherence extends PlanAdherenceInput {
  /** Done sessions, partly done ones counting half, over planned ones; null when none were planned. */
  adherence_pct: number | null;
}

export interface NextRace extends NextRaceInput {
  /** Days from the 1st of the following month (the day the report goes out) to race day. */
  days_to_go: number;
}

export interface ReportContent {
  month: string;
  user_id: string;
  name: string | null;
  units: Units;
  time_zone: string;
  first_day_of_week: FirstDayOfWeek;
  totals: MonthTotals;
  longest: (RunRef & { distance_m: number; moving_time_s: number }) | null;
  bestEfforts: MonthBestEffort[];
  previous: Comparison;
  yearBefore: Comparison;
  weeks: WeekDistance[];
  plan: PlanAdherence | null;
  nextRace: NextRace | null;
}

/** The calendar day of each run in the zone, worked out once per run. */
type DayOf = (run: ReportRun) => string;
function daysIn(timeZone: string): DayOf {
  const days = new Map<string, string>();
  return (run) => {
    let day = days.get(run.start_time);
    if (day === undefined) {
      day = localDate(run.start_time, timeZone);
      days.set(run.start_time, day);
    }
    return day;
  };
}

const inMonth = (runs: readonly ReportRun[], month: string, dayOf: DayOf) =>
  runs.filter((r) => dayOf(r).startsWith(`${month}-`));

function totalsOf(month: string, runs: readonly ReportRun[]): MonthTotals {
  const distance = runs.reduce((s, r) => s + r.distance_m, 0);
  const time = runs.reduce((s, r) => s + r.moving_time_s, 0);
  const climbs = runs.map((r) => r.elevation_gain_m).filter((e): e is number => e != null);
  return {
    month,
    count: runs.length,
    distance_m: distance,
    moving_time_s: time,
    elevation_gain_m: climbs.length ? climbs.reduce((s, e) => s + e, 0) : null,
    pace_s_per_km: distance > 0 && time > 0 ? time / (distance / 1000) : null,
  };
}

function compare(current: MonthTotals, other: MonthTotals): Comparison {
  return {
    ...other,
    distance_change_m: current.distance_m - other.distance_m,
    distance_change_pct:
      other.distance_m > 0 ? ((current.distance_m - other.distance_m) / other.distance_m) * 100 : null,
    count_change: current.count - other.count,
    moving_time_change_s: current.moving_time_s - other.moving_time_s,
  };
}

/** Fastest time per effort distance (grouped to the metre: "5k" and "5K" are one distance). */
function fastestEfforts(runs: readonly ReportRun[], dayOf: DayOf) {
  const best = new Map<number, { effort: BestEffort; run: ReportRun }>();
  for (const run of runs) {
    for (const effort of run.best_efforts ?? []) {
      if (!(effort.distance_m > 0) || !(effort.elapsed_time_s > 0)) continue;
      const key = Math.round(effort.distance_m);
      const held = best.get(key);
      if (!held || effort.elapsed_time_s < held.effort.elapsed_time_s) best.set(key, { effort, run });
    }
  }
  return new Map(
    [...best].map(([key, { effort, run }]) => [key, { effort, run: { id: run.id, name: run.name, date: dayOf(run) } }]),
  );
}

const byStart = (a: ReportRun, b: ReportRun) => Date.parse(a.start_time) - Date.parse(b.start_time);

/**
 * Everything a monthly report says, from values: the month's runs, the previous month's and the
 * same month a year before (each as the Data Service returns them for the runner's zone), the
 * profile, and plan adherence and the next race when the runner has a plan. Runs are placed in
 * months and weeks by their calendar day in the runner's zone; a run listed for a month it does
 * not belong to is left out.
 */
export function buildReportContent(input: ReportInput): ReportContent {
  const { month, profile } = input;
  if (!isMonth(month)) throw new RangeError(`not a month: ${month}`);
  const expected = { runs: month, previous: addMonths(month, -1), yearBefore: addMonths(month, -12) } as const;
  for (const key of ['runs', 'previous', 'yearBefore'] as const) {
    if (input[key].month !== expected[key]) {
      throw new RangeError(`${key} is for ${input[key].month}, expected ${expected[key]}`);
    }
  }
  const zone = profile.time_zone;
  const dayOf = daysIn(zone);
  const runs = inMonth(input.runs.runs, month, dayOf).sort(byStart);
  const previousRuns = inMonth(input.previous.runs, expected.previous, dayOf);
  const totals = totalsOf(month, runs);

  const longestRun = runs.reduce<ReportRun | null>(
    (best, r) => (best === null || r.distance_m > best.distance_m ? r : best),
    null,
  );

  const weeks: WeekDistance[] = weeksOfMonth(month, profile.first_day_of_week).map((w) => ({
    ...w,
    count: 0,
    distance_m: 0,
    moving_time_s: 0,
  }));
  for (const run of runs) {
    const day = dayOf(run);
    const week = weeks.find((w) => w.start <= day && day <= w.end)!;
    week.count += 1;
    week.distance_m += run.distance_m;
    week.moving_time_s += run.moving_time_s;
  }

  const thisMonth = fastestEfforts(runs, dayOf);
  const lastMonth = fastestEfforts(previousRuns, dayOf);
  const bestEfforts = [...thisMonth]
    .sort(([a], [b]) => a - b)
    .map(([key, { effort, run }]) => ({
      name: effort.name,
      distance_m: effort.distance_m,
      elapsed_time_s: effort.elapsed_time_s,
      run,
      previous_month_s: lastMonth.get(key)?.effort.elapsed_time_s ?? null,
    }));

  const plan = input.plan
    ? {
        ...input.plan,
        adherence_pct:
          input.plan.sessions_planned > 0
            ? Math.round(
                (100 * (input.plan.sessions_done + input.plan.sessions_partly_done / 2)) / input.plan.sessions_planned,
              )
            : null,
      }
    : null;

  const sendDay = firstDay(addMonths(month, 1));
  const daysToGo = input.nextRace ? daysBetween(sendDay, input.nextRace.date) : -1;
  const nextRace = input.nextRace && daysToGo >= 0 ? { ...input.nextRace, days_to_go: daysToGo } : null;

  return {
    month,
    user_id: profile.user_id,
    name: profile.name?.trim() || null,
    units: profile.units,
    time_zone: zone,
    first_day_of_week: profile.first_day_of_week,
    totals,
    longest: longestRun && {
      id: longestRun.id,
      name: longestRun.name,
      date: dayOf(longestRun),
      distance_m: longestRun.distance_m,
      moving_time_s: longestRun.moving_time_s,
    },
    bestEfforts,
    previous: compare(totals, totalsOf(expected.previous, previousRuns)),
    yearBefore: compare(
      totals,
      totalsOf(expected.yearBefore, inMonth(input.yearBefore.runs, expected.yearBefore, dayOf)),
    ),
    weeks,
    plan,
    nextRace,
  };
}
