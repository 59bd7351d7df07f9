import { dateRange, localDate } from './calendar-dates.ts';

export interface DatedLoad {
  /** Start of the run, an instant. */
  start_time: string;
  load: number;
}

export interface DayForm {
  date: string;
  /** Load of the runs started that day in the runner's zone. */
  load: number;
  /** 42-day exponentially weighted load ("chronic training load"). */
  fitness: number;
  /** 7-day exponentially weighted load ("acute training load"). */
  fatigue: number;
  /** Fitness minus fatigue: positive when fresh, negative when tired. */
  form: number;
}

export const FITNESS_DAYS = 42;
export const FATIGUE_DAYS = 7;

/** Sum of loads per calendar day in the runner's zone. */
export function dailyLoads(runs: readonly DatedLoad[], timeZone: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of runs) {
    const day = localDate(r.start_time, timeZone);
    out.set(day, (out.get(day) ?? 0) + r.load);
  }
  return out;
}

/**
 * Fitness, fatigue and form for every day from `from` to `to` (both included). Each day moves the
 * averages a 42nd (fitness) and a 7th (fatigue) of the way towards that day's load, starting from zero on
 * the day of the earliest load, so days before `from` count. Form is the same day's fitness minus fatigue.
 */
export function fitnessFatigueForm(runs: readonly DatedLoad[], timeZone: string, from: string, to: string): DayForm[] {
  if (to < from) return [];
  const loads = dailyLoads(runs, timeZone);
  const first = [...loads.keys()].reduce((a, b) => (b < a ? b : a), from);
  let fitness = 0;
  let fatigue = 0;
  const out: DayForm[] = [];
  for (const date of dateRange(first, to)) {
    const load = loads.get(date) ?? 0;
    fitness += (load - fitness) / FITNESS_DAYS;
    fatigue += (load - fatigue) / FATIGUE_DAYS;
    if (date >= from) out.push({ date, load, fitness, fatigue, form: fitness - fatigue });
  }
  return out;
}
