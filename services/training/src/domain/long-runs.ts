import type { WeekFrame } from './plan-layout.ts';
import { CUTBACK, LONG_RUN_MAX_MINUTES, longRunShare, type RaceProfile } from './race-profile.ts';

export interface LongRunInput {
  frames: readonly WeekFrame[];
  targetsM: readonly number[];
  runDays: readonly number[];
  longestRecentKm: number;
  easyPaceSPerKm: number;
  race: RaceProfile;
}

/** Long runs in the taper, as shares of the longest one: 75%, then 60%. */
const TAPER_LONG = [0.75, 0.6];

/**
 * Long run of each week, in metres: within the safe share of that week's volume, at most the distance's cap
 * and about 150 minutes, growing by at most 10% (or 1 km) over the longest so far, 80% of it in a lighter
 * week, shrinking through the taper, none in race week (the race is the long run).
 */
export function longRuns(input: LongRunInput): number[] {
  const timeCapKm = (LONG_RUN_MAX_MINUTES * 60) / input.easyPaceSPerKm;
  let longest = input.longestRecentKm;
  let peak = 0;
  let taperWeek = 0;
  return input.frames.map((f, i) => {
    if (f.isRaceWeek) return 0;
    const targetKm = input.targetsM[i]! / 1000;
    let km = Math.min(longRunShare(input.runDays[i]!) * targetKm, input.race.longRunCapKm, timeCapKm);
    if (longest > 0) km = Math.min(km, longest + Math.max(1, 0.1 * longest));
    if (f.cutback) km = Math.min(km, CUTBACK * (peak || longest || km));
    if (f.phase === 'taper') km = Math.min(km, (TAPER_LONG[taperWeek++] ?? 0.5) * (peak || km));
    const metres = Math.floor(km * 10 + 1e-9) * 100;
    if (!f.cutback && f.phase !== 'taper') {
      longest = Math.max(longest, metres / 1000);
      peak = Math.max(peak, metres / 1000);
    }
    return metres;
  });
}
