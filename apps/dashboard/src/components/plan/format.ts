import type { PlanSession } from '@runnerly/contracts';
import { formatDistance, formatDuration, METRES_PER_MILE, minSec, type Units } from '../../lib/units.ts';

/** A pace range (seconds per km) in the runner's units: `5:10–5:40 /km`. */
export function paceRange(pace: { fast: number; slow: number }, units: Units): string {
  const f = units === 'mi' ? METRES_PER_MILE / 1000 : 1;
  const a = minSec(pace.fast * f);
  const b = minSec(pace.slow * f);
  return `${a === b ? a : `${a}–${b}`} /${units}`;
}

export const typeLabel: Record<PlanSession['type'], string> = {
  easy: 'Easy',
  long: 'Long run',
  tempo: 'Tempo',
  intervals: 'Intervals',
  repetitions: 'Repetitions',
  recovery: 'Recovery',
  race: 'Race',
};

export const statusLabel: Record<PlanSession['status'], string> = {
  done: 'Done',
  partly: 'Partly done',
  missed: 'Missed',
  planned: 'Planned',
};

export function sessionLine(s: PlanSession, units: Units): string {
  return `${typeLabel[s.type]} · ${formatDistance(s.distance_m, units, 1)} · ${paceRange(s.pace, units)}`;
}

/** "Tue 3 Mar" for a calendar date. */
export function dayLabel(date: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));
}

/** Goal against prediction, in words. */
export function marginText(predicted: number, goal: number | null): string {
  if (goal == null) return 'Goal: finish';
  const d = Math.round(goal - predicted);
  if (Math.abs(d) < 5) return `On your goal of ${formatDuration(goal)}`;
  return d > 0
    ? `${formatDuration(d)} inside your goal of ${formatDuration(goal)}`
    : `${formatDuration(-d)} off your goal of ${formatDuration(goal)}`;
}
