import { CUTBACK, EXTRA_KM_PER_RUN, STARTER_KM, WEEKLY_GROWTH } from './race-profile.ts';
import type { WeekFrame } from './plan-layout.ts';

/** Weekly volume a plan aims at, by days run: a 3-day runner cannot carry a 70 km week. */
const PEAK_BY_DAYS: Record<number, number> = { 3: 40, 4: 55, 5: 70, 6: 85, 7: 100 };

export function peakTargetKm(profilePeakKm: number, daysPerWeek: number, baseline: number): number {
  return Math.max(baseline, Math.min(profilePeakKm, PEAK_BY_DAYS[daysPerWeek] ?? 100));
}

/** Kilometres rounded down to 100 m, as a whole number of metres: sums of them stay exact. */
export function floorToHundredMetres(km: number): number {
  return Math.floor(km * 10 + 1e-9) * 100;
}

/**
 * Target volume of each week, in metres. Week one is what the runner has been running (never less than a
 * starter week); each loading week grows by at most 10% and 1.6 km per run day over the last loading week,
 * up to the peak; every lighter week carries 80% of it; maintenance holds the starting volume; the taper
 * takes its shares of the highest week reached.
 */
export function weeklyTargets(
  frames: readonly WeekFrame[],
  baseline: number,
  peakKm: number,
  daysPerWeek: number,
): number[] {
  const start = Math.max(baseline, STARTER_KM);
  const peak = Math.max(peakKm, start);
  let lastLoad: number | null = null;
  let highest = 0;
  const out: number[] = [];
  for (const f of frames) {
    let km: number;
    if (f.phase === 'taper') {
      km = f.taperShare! * (highest || start);
    } else if (f.cutback && lastLoad !== null) {
      km = CUTBACK * lastLoad;
    } else if (f.phase === 'maintenance' || lastLoad === null) {
      km = lastLoad === null ? start : Math.min(start, lastLoad * WEEKLY_GROWTH);
    } else {
      km = Math.min(peak, lastLoad * WEEKLY_GROWTH, lastLoad + daysPerWeek * EXTRA_KM_PER_RUN);
    }
    const metres = floorToHundredMetres(km);
    if (f.phase !== 'taper' && !f.cutback) {
      lastLoad = metres / 1000;
      highest = Math.max(highest, lastLoad);
    }
    out.push(metres);
  }
  return out;
}
