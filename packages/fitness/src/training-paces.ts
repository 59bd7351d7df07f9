import { paceAtFraction, raceTimeForVdot } from './daniels.ts';

/** A pace range in seconds per kilometre: `fast` is the quicker (smaller) number. */
export interface PaceRange {
  fast: number;
  slow: number;
}

export interface TrainingPaces {
  vdot: number;
  /** Easy and long runs. */
  easy: PaceRange;
  /** Marathon race pace. */
  marathon: PaceRange;
  /** Threshold ("comfortably hard", tempo runs and cruise intervals). */
  threshold: PaceRange;
  /** Interval pace (VO2max work, 3–5 min repeats). */
  interval: PaceRange;
  /** Repetition pace (200–400 m repeats, current mile race pace). */
  repetition: PaceRange;
}

const MILE = 1609.344;

/** Fractions of VDOT behind Daniels' pace table (3rd ed., Table 5.2), checked against its rows in the tests. */
const easyFastFraction = (vdot: number) => 0.7145 + 0.00034 * vdot;
const EASY_SLOW = 0.63;
const THRESHOLD = 0.88;
const INTERVAL = 0.974;

/** Seconds per kilometre at the centre of each Daniels training intensity. */
export function centralPaces(vdot: number): {
  easyFast: number;
  easySlow: number;
  marathon: number;
  threshold: number;
  interval: number;
  repetition: number;
} {
  const interval = paceAtFraction(vdot, INTERVAL);
  return {
    easyFast: paceAtFraction(vdot, easyFastFraction(vdot)),
    easySlow: paceAtFraction(vdot, EASY_SLOW),
    marathon: raceTimeForVdot(vdot, 42_195) / 42.195,
    threshold: paceAtFraction(vdot, THRESHOLD),
    interval,
    // Current mile race pace, and never less than 15 s/km (6 s per 400 m) faster than interval pace: at low
    // VDOTs the mile takes so long that its pace closes in on I pace.
    repetition: Math.min((raceTimeForVdot(vdot, MILE) / MILE) * 1000, interval - 15),
  };
}

/** ±1% around a pace, rounded to whole seconds: the room a runner has on a watch. */
function around(pace: number): PaceRange {
  return { fast: Math.round(pace * 0.99), slow: Math.round(pace * 1.01) };
}

/** Daniels' five training paces for a VDOT, in seconds per kilometre. */
export function trainingPaces(vdot: number): TrainingPaces {
  const c = centralPaces(vdot);
  return {
    vdot,
    easy: { fast: Math.round(c.easyFast), slow: Math.round(c.easySlow) },
    marathon: around(c.marathon),
    threshold: around(c.threshold),
    interval: around(c.interval),
    repetition: around(c.repetition),
  };
}
