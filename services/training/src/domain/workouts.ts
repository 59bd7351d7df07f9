import type { PaceRange, TrainingPaces } from '@runnerly/fitness';

export type QualityType = 'tempo' | 'intervals' | 'repetitions';

export interface Workout {
  distanceM: number;
  durationS: number;
  pace: PaceRange;
  structure: string;
  /** Kilometres run at the workout's pace. */
  workKm: number;
}

const mid = (p: PaceRange) => (p.fast + p.slow) / 2;

export function paceText(secondsPerKm: number): string {
  const s = Math.round(secondsPerKm);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}/km`;
}

function metres(m: number): string {
  return m >= 1000 && m % 100 === 0 ? `${(m / 1000).toFixed(m % 1000 === 0 ? 0 : 1)} km` : `${m} m`;
}

/** Warm-up and cool-down grow with the runner's week. */
export function warmUpCoolDown(weekKm: number): [number, number] {
  if (weekKm >= 30) return [2000, 1500];
  if (weekKm >= 15) return [1500, 1000];
  return [1000, 1000];
}

/**
 * One quality session sized to the week by Daniels' limits: threshold work at most 10% of the week's
 * volume, interval work at most 8% (and 10 km), repetitions at most 5% (and 8 km); `scale` shrinks it in
 * lighter and taper weeks.
 */
export function qualityWorkout(type: QualityType, weekKm: number, paces: TrainingPaces, scale = 1): Workout {
  const [wu, cd] = warmUpCoolDown(weekKm);
  const easy = mid(paces.easy);
  const jog = paces.easy.slow;
  let work: number;
  let reps: number;
  let rep: number;
  let recoveryM: number;
  let main: string;
  let pace: PaceRange;
  if (type === 'tempo') {
    pace = paces.threshold;
    work = clamp(0.1 * weekKm * scale, 2, 13) * 1000;
    if (work <= 5000) {
      reps = 1;
      rep = Math.round(work / 100) * 100;
      recoveryM = 0;
      main = `${metres(rep)} steady at threshold (${paceText(mid(pace))})`;
    } else {
      rep = 1600;
      reps = Math.max(2, Math.round(work / rep));
      recoveryM = Math.round((((reps - 1) * 60) / jog) * 10) * 100;
      main = `${reps} × 1.6 km at threshold (${paceText(mid(pace))}) with 1 min jog`;
    }
  } else if (type === 'intervals') {
    pace = paces.interval;
    work = clamp(0.08 * weekKm * scale, 1.6, 10) * 1000;
    rep = work < 4000 ? 800 : work < 7000 ? 1000 : 1200;
    reps = Math.max(2, Math.round(work / rep));
    const jogSeconds = Math.round(((rep / 1000) * mid(pace) * 0.8) / 30) * 30;
    recoveryM = Math.round((((reps - 1) * jogSeconds) / jog) * 10) * 100;
    main = `${reps} × ${metres(rep)} at interval pace (${paceText(mid(pace))}) with ${jogSeconds / 60} min jog`;
  } else {
    pace = paces.repetition;
    work = clamp(0.05 * weekKm * scale, 1, 8) * 1000;
    rep = work < 2400 ? 200 : 400;
    reps = Math.max(4, Math.round(work / rep));
    recoveryM = (reps - 1) * rep;
    main = `${reps} × ${rep} m at repetition pace (${paceText(mid(pace))}) with ${rep} m easy jog`;
  }
  const workM = reps * rep;
  const distanceM = Math.round((wu + workM + recoveryM + cd) / 100) * 100;
  const durationS = ((wu + cd) / 1000) * easy + (workM / 1000) * mid(pace) + (recoveryM / 1000) * jog;
  return {
    distanceM,
    durationS: Math.round(durationS),
    pace,
    structure: `${metres(wu)} easy, ${main}, ${metres(cd)} easy`,
    workKm: workM / 1000,
  };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
