import type { Phase } from './plan-types.ts';
import type { RaceClass } from './race-profile.ts';
import type { QualityType } from './workouts.ts';

/**
 * The week's quality sessions, in order of importance, following Daniels' phases: a base of easy running
 * with repetitions at its end (speed before endurance at speed), then intervals and threshold work, the
 * race-specific one first in the peak, one short session in the taper, none in race week. A lighter
 * week keeps one; a very small week keeps none.
 */
const BY_PHASE: Record<'build' | 'peak', Record<RaceClass, QualityType[]>> = {
  build: {
    '5K': ['intervals', 'repetitions'],
    '10K': ['intervals', 'tempo'],
    half: ['tempo', 'intervals'],
    marathon: ['tempo', 'intervals'],
  },
  peak: {
    '5K': ['intervals', 'tempo'],
    '10K': ['tempo', 'intervals'],
    half: ['tempo', 'intervals'],
    marathon: ['tempo'],
  },
};

export function weekQuality(
  phase: Phase,
  raceClass: RaceClass,
  opts: {
    cutback: boolean;
    isRaceWeek: boolean;
    weekInPhase: number;
    phaseWeeks: number;
    runDays: number;
    weekKm: number;
  },
): QualityType[] {
  if (opts.isRaceWeek || opts.weekKm < 12) return [];
  const most = opts.cutback ? 1 : opts.runDays >= 5 ? 2 : 1;
  let list: QualityType[];
  if (phase === 'maintenance') list = ['tempo'];
  else if (phase === 'base') {
    const lateBase = opts.weekInPhase > (opts.phaseWeeks * 2) / 3;
    list = lateBase && raceClass !== 'marathon' ? ['repetitions'] : [];
  } else if (phase === 'taper') list = BY_PHASE.peak[raceClass].slice(0, 1);
  else list = BY_PHASE[phase][raceClass];
  return list.slice(0, most);
}
