import { addDays, type PaceRange, type TrainingPaces } from '@runnerly/fitness';
import type { WeekFrame } from './plan-layout.ts';
import type { PlanRequest, PlannedSession, PlanWeek, SessionType } from './plan-types.ts';
import type { RaceProfile } from './race-profile.ts';
import { whyFor } from './session-reasons.ts';
import { slotDate, slotsFor, type Slot } from './week-slots.ts';
import { paceText, qualityWorkout, type QualityType, type Workout } from './workouts.ts';

export interface WeekSpec {
  frame: WeekFrame;
  targetM: number;
  runDays: number;
  longM: number;
  marathonPaceKm: number;
  qualities: QualityType[];
  /** Weeks until the build starts, for maintenance weeks. */
  weeksToBlock: number;
}

export interface WeekContext {
  request: PlanRequest;
  paces: TrainingPaces;
  race: RaceProfile;
  /** Pace range for race day. */
  racePace: PaceRange;
}

const mid = (p: PaceRange) => (p.fast + p.slow) / 2;

/** Runs a week's volume can fill: about 5 km each, at least three, at most the days available. */
export function runDaysFor(targetKm: number, daysPerWeek: number): number {
  return Math.max(3, Math.min(daysPerWeek, Math.floor(targetKm / 5)));
}

export function recoveryPace(paces: TrainingPaces): PaceRange {
  return { fast: paces.easy.slow, slow: Math.round(paces.easy.slow * 1.08) };
}

/** The sessions of one week: sized as a full week, then kept only on the days inside the plan's window. */
export function buildWeek(spec: WeekSpec, ctx: WeekContext): PlanWeek {
  const { frame } = spec;
  const { request, paces } = ctx;
  const slots = slotsFor(spec.runDays).map((slot) => ({
    slot,
    date: slotDate(frame.startDate, request.longRunDay, slot.offset),
  }));
  const raceDay = frame.isRaceWeek ? request.raceDate : null;
  const roles = new Map<Slot, SessionType | QualityType>();
  const qualities = [...spec.qualities];
  for (const { slot, date } of slots) {
    if (slot.role === 'long') roles.set(slot, raceDay && date <= raceDay ? 'easy' : 'long');
    else if (slot.role === 'q1' || slot.role === 'q2') roles.set(slot, qualities[slot.role === 'q1' ? 0 : 1] ?? 'easy');
    else roles.set(slot, slot.role);
  }
  // A recovery run only follows a long run: in the first week, one before any long run is an easy run.
  const longDate = slots.find((s) => s.slot.role === 'long')!.date;
  for (const { slot, date } of slots) {
    if (roles.get(slot) === 'recovery' && frame.index === 1 && (date < longDate || longDate < request.startDate)) {
      roles.set(slot, 'easy');
    }
  }
  if (raceDay) {
    for (const { slot, date } of slots) if (date === raceDay) roles.delete(slot);
  }
  // Nothing hard in the three days before the race, whichever week they fall in.
  const raceEve = addDays(request.raceDate, -3);
  for (const { slot, date } of slots) {
    const role = roles.get(slot);
    if (role && role !== 'easy' && role !== 'recovery' && date >= raceEve && date < request.raceDate)
      roles.set(slot, 'easy');
  }

  const minEasy = spec.targetM < 15_000 ? 1500 : 2500;
  let workouts = new Map<Slot, Workout>();
  let unit = 0;
  for (;;) {
    workouts = new Map();
    for (const [slot, role] of roles) {
      if (role === 'tempo' || role === 'intervals' || role === 'repetitions') {
        workouts.set(
          slot,
          qualityWorkout(role, spec.targetM / 1000, paces, frame.cutback || frame.phase === 'taper' ? 0.75 : 1),
        );
      }
    }
    const longM = [...roles.values()].includes('long') ? spec.longM : 0;
    const fixed = longM + [...workouts.values()].reduce((a, w) => a + w.distanceM, 0);
    const easyCount = [...roles.values()].filter((r) => r === 'easy').length;
    const recoveryCount = [...roles.values()].filter((r) => r === 'recovery').length;
    unit = (spec.targetM - fixed) / (easyCount + 0.6 * recoveryCount || 1);
    const hard = [...roles.entries()].filter(([, r]) => r === 'tempo' || r === 'intervals' || r === 'repetitions');
    if (unit >= minEasy || hard.length === 0) break;
    roles.set(hard[hard.length - 1]![0], 'easy');
  }

  const recoveryM = Math.max(0, Math.floor((0.6 * unit) / 100) * 100);
  const sized = new Map<Slot, number>();
  for (const [slot, role] of roles) {
    if (role === 'long') sized.set(slot, spec.longM);
    else if (role === 'recovery') sized.set(slot, recoveryM);
    else if (workouts.has(slot)) sized.set(slot, workouts.get(slot)!.distanceM);
  }
  const easySlots = [...roles.entries()].filter(([, r]) => r === 'easy').map(([s]) => s);
  const rest = spec.targetM - [...sized.values()].reduce((a, b) => a + b, 0);
  const units = Math.max(0, Math.floor(rest / 100));
  easySlots.forEach((slot, i) => {
    const share = Math.floor(units / easySlots.length) + (i < units % easySlots.length ? 1 : 0);
    sized.set(slot, share * 100);
  });

  const sessions: PlannedSession[] = [];
  for (const { slot, date } of slots) {
    const role = roles.get(slot);
    const distanceM = sized.get(slot) ?? 0;
    if (!role || distanceM <= 0) continue;
    if (date < request.startDate || date > request.raceDate || (raceDay && date >= raceDay)) continue;
    sessions.push(session(slot, date, role as SessionType, distanceM, workouts.get(slot) ?? null, spec, ctx));
  }
  if (raceDay && raceDay >= request.startDate) {
    const pace = ctx.racePace;
    sessions.push({
      id: `w${pad(frame.index)}-race`,
      date: raceDay,
      type: 'race',
      title: `Race: ${ctx.race.label}`,
      distanceM: request.raceDistanceM,
      durationS: Math.round((request.raceDistanceM / 1000) * mid(pace)),
      pace,
      structure: null,
      why: whyFor({
        type: 'race',
        phase: frame.phase,
        cutback: false,
        race: ctx.race,
        isRaceWeek: true,
        racePace: paceText(mid(pace)),
      }),
    });
  }
  sessions.sort((a, b) => (a.date < b.date ? -1 : 1));
  const trainingM = sessions.filter((s) => s.type !== 'race').reduce((a, s) => a + s.distanceM, 0);
  return {
    index: frame.index,
    startDate: frame.startDate,
    endDate: frame.endDate,
    phase: frame.phase,
    cutback: frame.cutback,
    targetKm: spec.targetM / 1000,
    trainingKm: trainingM / 1000,
    sessions,
  };
}

function session(
  slot: Slot,
  date: string,
  type: SessionType,
  distanceM: number,
  workout: Workout | null,
  spec: WeekSpec,
  ctx: WeekContext,
): PlannedSession {
  const { frame } = spec;
  const { paces } = ctx;
  const km = distanceM / 1000;
  const base = { type, phase: frame.phase, cutback: frame.cutback, race: ctx.race, isRaceWeek: frame.isRaceWeek };
  const id = `w${pad(frame.index)}-${slot.name}`;
  if (workout) {
    const names: Record<string, string> = { tempo: 'Tempo', intervals: 'Intervals', repetitions: 'Repetitions' };
    return {
      id,
      date,
      type,
      title: `${names[type]} ${fmtKm(km)}`,
      distanceM,
      durationS: workout.durationS,
      pace: workout.pace,
      structure: workout.structure,
      why: whyFor(base),
    };
  }
  if (type === 'long') {
    const mp = spec.marathonPaceKm;
    const easyKm = km - mp;
    return {
      id,
      date,
      type,
      title: `Long run ${fmtKm(km)}`,
      distanceM,
      durationS: Math.round(easyKm * mid(paces.easy) + mp * mid(paces.marathon)),
      pace: paces.easy,
      structure:
        mp > 0 ? `${fmtKm(easyKm)} easy, then ${mp} km at marathon pace (${paceText(mid(paces.marathon))})` : null,
      why: whyFor({ ...base, marathonPaceKm: mp || undefined }),
    };
  }
  const pace = type === 'recovery' ? recoveryPace(paces) : paces.easy;
  return {
    id,
    date,
    type,
    title: `${type === 'recovery' ? 'Recovery' : 'Easy'} ${fmtKm(km)}`,
    distanceM,
    durationS: Math.round(km * mid(pace)),
    pace,
    structure: null,
    why: whyFor({ ...base, weeksToBlock: spec.weeksToBlock }),
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function fmtKm(km: number): string {
  return `${Number.isInteger(km) ? km : km.toFixed(1)} km`;
}
