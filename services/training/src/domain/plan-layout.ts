import { addDays, daysBetween, weekStart } from '@runnerly/fitness';
import type { Phase, PlanRequest } from './plan-types.ts';
import { STARTER_KM, WEEKLY_GROWTH, type RaceProfile } from './race-profile.ts';

export interface WeekFrame {
  index: number;
  startDate: string;
  endDate: string;
  phase: Phase;
  cutback: boolean;
  /** Which week of its phase this is (1-based) and how many weeks the phase has. */
  weekInPhase: number;
  phaseWeeks: number;
  /** For taper weeks: the share of peak volume. */
  taperShare: number | null;
  isRaceWeek: boolean;
}

export interface Layout {
  frames: WeekFrame[];
  /** Calendar weeks from the start week to the race week, both included. */
  available: number;
  /** Weeks this runner needs to get ready for the distance, taper included. */
  needed: number;
  maintenanceWeeks: number;
}

/** Average of the last (up to) four weeks: what the runner has actually been running. */
export function baselineKm(weeklyKm: readonly number[]): number {
  const last = weeklyKm.slice(-4);
  return last.length ? last.reduce((a, b) => a + b, 0) / last.length : 0;
}

/**
 * Weeks needed to grow from `from` to `to`, a lighter week every `cycle`, growing as the plan does: by
 * `grow` each loading week.
 */
function weeksToGrow(from: number, to: number, cycle: number, grow: (x: number) => number): number {
  let x = from;
  let weeks = 0;
  while (x < to && weeks < 200) {
    weeks++;
    if (weeks % cycle !== 0) x = grow(x);
  }
  return weeks;
}

export function cutbackCycle(request: PlanRequest): number {
  return (request.age ?? 0) >= 50 || baselineKm(request.fitness.weeklyKm) < 20 ? 3 : 4;
}

/**
 * Weeks from the start to the race, each with its phase. A race further away than the distance needs gets
 * a maintenance block first; a closer one gets a plan cut from the front (shorter base), with the taper
 * kept as long as possible. Phases follow base → build → peak → taper.
 */
export function planLayout(request: PlanRequest, profile: RaceProfile): Layout {
  const ws = request.weekStartsOn ?? 1;
  const first = weekStart(request.startDate, ws);
  const last = weekStart(request.raceDate, ws);
  const available = daysBetween(first, last) / 7 + 1;
  const baseline = baselineKm(request.fitness.weeklyKm);
  const cycle = cutbackCycle(request);
  const taperWeeks = profile.taper.length;
  const needed =
    taperWeeks +
    Math.max(
      weeksToGrow(
        Math.max(request.fitness.longestRunKm, STARTER_KM * 0.45),
        profile.readyLongKm,
        cycle,
        (x) => x + Math.max(1, 0.1 * x),
      ),
      weeksToGrow(Math.max(baseline, STARTER_KM), profile.readyWeeklyKm, cycle, (x) => x * WEEKLY_GROWTH),
    );
  // A runner not yet at the distance's volume uses all the build time the distance allows.
  const ready = baseline >= profile.readyWeeklyKm;
  const buildLength = ready ? Math.max(profile.idealWeeks, Math.min(needed, profile.maxWeeks)) : profile.maxWeeks;
  const maintenanceWeeks = Math.max(0, available - buildLength);
  const rest = available - maintenanceWeeks;
  // Too little time: keep building as long as possible and taper in the last week(s) only.
  const taper = Math.min(taperWeeks, rest, available < needed ? Math.max(1, Math.floor(rest / 4)) : taperWeeks);
  const core = rest - taper;
  const experienced = baseline >= 0.75 * profile.readyWeeklyKm;
  let base = 0;
  let peak = 0;
  let build = core;
  if (core >= 3) {
    peak = Math.max(1, Math.round(core * 0.25));
    base = Math.max(1, Math.round(core * (experienced ? 0.25 : 0.35)));
    build = core - peak - base;
    if (build < 1) {
      base -= 1 - build;
      build = 1;
    }
  } else if (core === 2) {
    build = 1;
    peak = 1;
  }

  const phases: Phase[] = [
    ...Array<Phase>(maintenanceWeeks).fill('maintenance'),
    ...Array<Phase>(base).fill('base'),
    ...Array<Phase>(build).fill('build'),
    ...Array<Phase>(peak).fill('peak'),
    ...Array<Phase>(taper).fill('taper'),
  ];
  const shares = profile.taper.slice(taperWeeks - taper);
  const frames: WeekFrame[] = [];
  let phaseStart = 0;
  phases.forEach((phase, i) => {
    if (i > 0 && phases[i - 1] !== phase) phaseStart = i;
    const phaseWeeks = phases.filter((p) => p === phase).length;
    const startDate = addDays(first, 7 * i);
    const loading = phase !== 'taper';
    frames.push({
      index: i + 1,
      startDate,
      endDate: addDays(startDate, 6),
      phase,
      cutback: loading && i > 0 && (i + 1) % cycle === 0,
      weekInPhase: i - phaseStart + 1,
      phaseWeeks,
      taperShare: phase === 'taper' ? shares[i - (phases.length - taper)]! : null,
      isRaceWeek: i === phases.length - 1,
    });
  });
  return { frames, available, needed, maintenanceWeeks };
}
