/**
 * What a race distance asks of a plan, after Daniels (Running Formula, 3rd ed.) and Pfitzinger (Advanced
 * Marathoning; Faster Road Racing): plan length, taper, the volume and long run a recreational runner
 * should reach, and what counts as ready.
 */
export type RaceClass = '5K' | '10K' | 'half' | 'marathon';

export interface RaceProfile {
  raceClass: RaceClass;
  label: string;
  /** Weeks a full plan lasts, taper included (more weeks become a maintenance block first). */
  idealWeeks: number;
  maxWeeks: number;
  /** Weekly volume of each taper week as a share of the peak, race week last (Pfitzinger: −20–25%, −40%, −60%). */
  taper: number[];
  /** Weekly volume the plan aims at, km. */
  peakKm: number;
  /** Longest long run, km. */
  longRunCapKm: number;
  /** Long run and weekly volume a runner should have reached to race it comfortably. */
  readyLongKm: number;
  readyWeeklyKm: number;
}

const PROFILES: Record<RaceClass, Omit<RaceProfile, 'raceClass'>> = {
  '5K': {
    label: '5K',
    idealWeeks: 8,
    maxWeeks: 12,
    taper: [0.65],
    peakKm: 35,
    longRunCapKm: 14,
    readyLongKm: 6,
    readyWeeklyKm: 12,
  },
  '10K': {
    label: '10K',
    idealWeeks: 10,
    maxWeeks: 14,
    taper: [0.65],
    peakKm: 45,
    longRunCapKm: 18,
    readyLongKm: 10,
    readyWeeklyKm: 20,
  },
  half: {
    label: 'half marathon',
    idealWeeks: 12,
    maxWeeks: 18,
    taper: [0.75, 0.5],
    peakKm: 55,
    longRunCapKm: 22,
    readyLongKm: 16,
    readyWeeklyKm: 30,
  },
  marathon: {
    label: 'marathon',
    idealWeeks: 18,
    maxWeeks: 24,
    taper: [0.78, 0.6, 0.4],
    peakKm: 70,
    longRunCapKm: 32,
    readyLongKm: 28,
    readyWeeklyKm: 45,
  },
};

export function raceProfile(distanceM: number): RaceProfile {
  const raceClass: RaceClass =
    distanceM <= 7500 ? '5K' : distanceM <= 15_000 ? '10K' : distanceM <= 30_000 ? 'half' : 'marathon';
  const p = PROFILES[raceClass];
  const label = isStandard(distanceM) ? p.label : `${(distanceM / 1000).toFixed(1)} km race`;
  return { raceClass, ...p, label };
}

function isStandard(distanceM: number): boolean {
  return [5000, 10_000, 21_097.5, 42_195].some((d) => Math.abs(d - distanceM) < 50);
}

/** Longest share of the week one long run may take, by days run: Daniels' 25–30% when running most days. */
export function longRunShare(daysPerWeek: number): number {
  return ({ 3: 0.45, 4: 0.4, 5: 0.36, 6: 0.33, 7: 0.3 } as Record<number, number>)[daysPerWeek] ?? 0.3;
}

/** Weekly growth limit (the 10% rule), also at most 1.6 km more per run day (Daniels: a mile per session). */
export const WEEKLY_GROWTH = 1.1;
export const EXTRA_KM_PER_RUN = 1.6;
/** A lighter week carries this share of the week before it. */
export const CUTBACK = 0.8;
/** A plan never starts below this weekly volume (three short run/walk sessions). */
export const STARTER_KM = 8;
/** Daniels caps the long run at about 150 minutes. */
export const LONG_RUN_MAX_MINUTES = 150;
