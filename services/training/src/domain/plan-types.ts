import type { PaceRange, TrainingPaces } from '@runnerly/fitness';

export type SessionType = 'easy' | 'long' | 'tempo' | 'intervals' | 'repetitions' | 'recovery' | 'race';
export type Phase = 'maintenance' | 'base' | 'build' | 'peak' | 'taper';
export type Goal = { kind: 'finish' } | { kind: 'time'; seconds: number };

/** What the generator is asked. Dates are calendar dates (`YYYY-MM-DD`) in the runner's zone. */
export interface PlanRequest {
  /** First day the plan may put a session on (usually tomorrow or next Monday). */
  startDate: string;
  raceDate: string;
  raceDistanceM: number;
  goal: Goal;
  fitness: {
    /** Distance run in each of the last weeks, oldest first; the last four count. */
    weeklyKm: number[];
    /** Longest single run of those weeks. */
    longestRunKm: number;
    vdot: number;
    /** True when the VDOT is a starting estimate rather than read off runs. */
    vdotEstimated?: boolean;
  };
  /** How many days a week the runner can run, 3–7. */
  daysPerWeek: number;
  /** ISO weekday of the long run: 1 = Monday … 7 = Sunday. */
  longRunDay: number;
  timeZone: string;
  /** ISO weekday weeks start on (the profile's first day of week); Monday when absent. */
  weekStartsOn?: number;
  /** Runners from 50 on get a lighter week every third week instead of every fourth. */
  age?: number | null;
}

export interface PlannedSession {
  /** Stable within a plan: the week and the slot (`w03-long`), kept when a session moves to another day. */
  id: string;
  date: string;
  type: SessionType;
  title: string;
  distanceM: number;
  /** Expected duration at the session's paces, warm-up and recoveries included. */
  durationS: number;
  /** Target pace of the session's main part, seconds per km. */
  pace: PaceRange;
  /** The workout spelled out, for sessions with parts (warm-up, repeats, cool-down). */
  structure: string | null;
  /** One sentence saying why the session is there. */
  why: string;
}

export interface PlanWeek {
  /** 1-based. */
  index: number;
  startDate: string;
  endDate: string;
  phase: Phase;
  /** A lighter week that lets the body absorb the weeks before it. */
  cutback: boolean;
  /** Training volume the week is built to, as a full week (the race itself not included). */
  targetKm: number;
  /** Sum of the week's sessions other than the race (less than the target in a partial first week). */
  trainingKm: number;
  sessions: PlannedSession[];
}

export interface Plan {
  request: PlanRequest;
  weeks: PlanWeek[];
  paces: TrainingPaces;
  /** Predicted race time from the current VDOT, seconds. */
  predictedSeconds: number;
  /** VDOT a target time needs, when the goal is a time. */
  goalVdot: number | null;
  /** Highest weekly volume of the plan. */
  peakKm: number;
  /** What the runner should know before starting: short plan, maintenance first, estimated paces… */
  warnings: string[];
}
