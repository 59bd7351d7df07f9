// What an athlete did on a given local day. Each day is generated from its own seeded
// stream (seed, athlete, day), so history can be walked backwards and the future forwards
// lazily, and the result never depends on what was generated before.
import type { Athlete } from './athletes.ts';
import { Prng } from './prng.ts';
import { dayOffsetSeconds } from './timezones.ts';

export type SportType = 'Run' | 'TrailRun' | 'VirtualRun' | 'Ride' | 'Swim' | 'Walk' | 'WeightTraining';
export type RunKind = 'easy' | 'recovery' | 'long' | 'tempo' | 'intervals' | 'race' | 'other';
export type Terrain = 'home' | 'trail' | 'watopia' | 'none';

/** The cheap description of one activity; routes and streams are derived from it on demand. */
export interface Skeleton {
  id: number;
  athleteIndex: number;
  sportType: SportType;
  kind: RunKind;
  terrain: Terrain;
  trainer: boolean;
  startMs: number;
  utcOffset: number; // seconds
  movingTime: number; // s
  elapsedTime: number; // s
  /** Pauses as [moving seconds before the pause, pause length in seconds]. */
  pauses: Array<[number, number]>;
  distance: number; // m (0 for WeightTraining)
  name: string;
  workoutType: number | null;
  visibility: 'everyone' | 'followers_only' | 'only_me';
  hasHeartrate: boolean;
  /** Target mean heart rate (bpm) over moving time. */
  intensity: number;
  /** Activities Strava keeps out of lists (being processed, flagged…): see the shortPages option. */
  ghost: boolean;
  /** Shown to the API once uploaded: after the end plus an upload delay. */
  visibleAtMs: number;
  commute: boolean;
  /** Key of the seeded stream for routes and streams. */
  trackSeed: string;
  custom?: boolean;
  /** How this activity departs from what Strava documents, as Strava really sends some (see `Poison`). */
  poison?: Poison[];
  /** Entered by hand on Strava: no device, no GPS, no streams but time. */
  manual?: boolean;
  description?: string | null;
}

export const DAY_MS = 86_400_000;

/** Strava ids grow with time: minute of start × 1000 + athlete index (>2^32, safe integers). */
export function activityIdFor(startMs: number, athleteIndex: number): number {
  return Math.floor(startMs / 60_000) * 1000 + athleteIndex;
}

export function athleteIndexOfActivity(id: number): number {
  return id % 1000;
}

/** Local calendar day index (days since 1970-01-01 in the athlete's zone) of an instant. */
export function localDayOf(athlete: Athlete, epochMs: number): number {
  return Math.floor((epochMs + dayOffsetSeconds(athlete.place.timeZone, epochMs) * 1000) / DAY_MS);
}

function dayName(hour: number, sport: SportType): string {
  const part =
    hour < 5
      ? 'Night'
      : hour < 12
        ? 'Morning'
        : hour < 14
          ? 'Lunch'
          : hour < 18
            ? 'Afternoon'
            : hour < 22
              ? 'Evening'
              : 'Night';
  const noun: Record<SportType, string> = {
    Run: 'Run',
    TrailRun: 'Trail Run',
    VirtualRun: 'Virtual Run',
    Ride: 'Ride',
    Swim: 'Swim',
    Walk: 'Walk',
    WeightTraining: 'Weight Training',
  };
  return `${part} ${noun[sport]}`;
}

interface Planned {
  sport: SportType;
  kind: RunKind;
}

/** Which sessions happen on each weekday of one week (Monday-based week index). */
function weekPlan(seed: string, a: Athlete, week: number): Planned[][] {
  const r = new Prng(seed, 'week', a.index, week);
  const days: Planned[][] = [[], [], [], [], [], [], []];
  const block = Math.sin((week / 26) * Math.PI * 2 + a.index);
  let runs = a.runsPerWeek + (block > 0.5 ? 1 : 0) - (r.chance(0.12) ? 2 : 0);
  if (r.chance(0.04)) runs = 0; // holiday, illness
  runs = Math.max(0, Math.min(7, runs));
  const order = [a.longRunDay, a.workoutDay, 3, 1, 5, 0, 4, 2, 6].filter((d, i, all) => all.indexOf(d) === i);
  for (let i = 0; i < runs; i++) {
    const d = order[i]!;
    let kind: RunKind = 'easy';
    if (d === a.longRunDay) kind = r.chance(0.06) ? 'race' : 'long';
    else if (d === a.workoutDay) kind = r.chance(0.5) ? 'intervals' : 'tempo';
    else if (r.chance(0.25)) kind = 'recovery';
    let sport: SportType = 'Run';
    if (kind !== 'race') {
      const x = r.next();
      if (x < a.shares.trail * (kind === 'long' ? 2 : 1)) sport = 'TrailRun';
      else if (x < a.shares.trail + a.shares.virtual) sport = 'VirtualRun';
    }
    days[d]!.push({ sport, kind });
  }
  const cross: Array<[SportType, number]> = [
    ['Ride', a.shares.ride],
    ['Swim', a.shares.swim],
    ['Walk', a.shares.walk],
    ['WeightTraining', a.shares.weights],
  ];
  for (const [sport, share] of cross) {
    const n = Math.round(share * 7 + r.range(-0.5, 0.5));
    for (let i = 0; i < n; i++) days[r.int(0, 6)]!.push({ sport, kind: 'other' });
  }
  for (const d of days) if (d.length > 2) d.length = 2;
  return days;
}

/** The activities an athlete started on local day `day`, in start order. */
export function activitiesOfDay(seed: string, a: Athlete, day: number): Skeleton[] {
  // 1970-01-01 was a Thursday: Monday-based weekday and week index.
  const weekday = (day + 3) % 7;
  const week = Math.floor((day + 3) / 7);
  const planned = weekPlan(seed, a, week)[weekday]!;
  if (planned.length === 0) return [];
  const r = new Prng(seed, 'day', a.index, day);
  const out: Skeleton[] = [];
  const weekend = weekday >= 5;
  const seasonal =
    1 + 0.03 * Math.sin((day / 365.25) * 2 * Math.PI + a.index) - Math.min(0.04, Math.max(0, (day - 16000) / 200000));
  let nextFreeLocalSec = 0;
  planned.forEach((p, i) => {
    // Start time (local seconds of day).
    let hour = weekend || p.kind === 'long' ? r.range(7.5, 10.5) : a.preferredHour + r.range(-0.5, 1.2);
    if (i > 0) hour = Math.max(hour, 17 + r.range(0, 2));
    let localSec = Math.round(hour * 3600 + r.int(0, 59));
    localSec = Math.max(localSec, nextFreeLocalSec);
    const sport = p.sport;
    let distance = 0;
    let moving = 0;
    let intensity = 0.62;
    let trainer = false;
    let terrain: Terrain = 'home';
    let workoutType: number | null = null;
    let name = '';
    const pauses: Array<[number, number]> = [];
    if (sport === 'Run' || sport === 'TrailRun' || sport === 'VirtualRun') {
      const fit = a.easyPace * seasonal * (1 + r.normal(0, 0.025));
      let km = 8;
      let pace = fit;
      switch (p.kind) {
        case 'recovery':
          km = r.range(4, 7);
          pace = fit * 1.08;
          intensity = 0.58;
          break;
        case 'easy':
          km = r.range(6, 11);
          pace = fit;
          intensity = 0.63;
          break;
        case 'long':
          km = r.range(14, 24) * (a.runsPerWeek >= 5 ? 1.2 : 1);
          pace = fit * 1.02;
          intensity = 0.68;
          workoutType = 2;
          name = r.pick(['Long run', 'Sunday long run', '', '', '']);
          break;
        case 'tempo':
          km = r.range(8, 13);
          pace = fit * 0.86;
          intensity = 0.8;
          workoutType = 3;
          name = r.pick(['Tempo', 'Threshold run', '']);
          break;
        case 'intervals':
          km = r.range(8, 12);
          pace = fit * 0.92;
          intensity = 0.76;
          workoutType = 3;
          name = r.pick(['6x800m', '5x1000m', '10x400m', 'Intervals']);
          break;
        case 'race': {
          const race = r.weighted<[number, string]>([
            [[5, '5K race'], 3],
            [[10, '10K race'], 4],
            [[21.0975, 'Half marathon'], 2],
            [[42.195, 'Marathon'], 1],
          ]);
          km = race[0] * r.range(1.0, 1.012);
          pace = fit * (race[0] > 30 ? 0.9 : race[0] > 15 ? 0.85 : 0.8);
          intensity = race[0] > 30 ? 0.82 : 0.89;
          workoutType = 1;
          name = race[1];
          break;
        }
        default:
          break;
      }
      if (sport === 'TrailRun') {
        pace *= 1.25;
        terrain = 'trail';
        km = Math.min(km * 1.1, 35);
      }
      if (sport === 'VirtualRun') {
        terrain = 'watopia';
        km = Math.min(km, 15);
        trainer = false;
      }
      if (sport === 'Run' && p.kind !== 'race' && r.chance(a.shares.treadmill)) {
        trainer = true;
        terrain = 'none';
        km = Math.min(km, 14);
      }
      distance = Math.round(km * 10000) / 10;
      moving = Math.round((distance / 1000) * pace);
      if (terrain === 'home' && p.kind !== 'race') {
        const n = r.weighted([
          [0, 3],
          [1, 3],
          [2, 2],
          [3, 1],
        ]);
        for (let k = 0; k < n; k++) pauses.push([r.int(60, Math.max(61, moving - 60)), r.int(5, 95)]);
        if (p.kind === 'long' && r.chance(0.4)) pauses.push([Math.round(moving * r.range(0.4, 0.7)), r.int(120, 300)]);
      }
      if (terrain === 'trail') pauses.push([Math.round(moving * r.range(0.3, 0.8)), r.int(30, 240)]);
    } else if (sport === 'Ride') {
      distance = Math.round(r.range(20, 70) * 10000) / 10;
      moving = Math.round(distance / r.range(6.5, 8.3));
      intensity = 0.65;
      if (r.chance(0.3)) {
        trainer = true;
        terrain = 'none';
      }
      const n = terrain === 'home' ? r.int(0, 3) : 0;
      for (let k = 0; k < n; k++) pauses.push([r.int(60, Math.max(61, moving - 60)), r.int(10, 180)]);
    } else if (sport === 'Swim') {
      distance = Math.round(r.range(1500, 3000) / 25) * 25;
      moving = Math.round((distance / 100) * r.range(110, 150));
      intensity = 0.6;
      terrain = 'none';
      const n = Math.floor(distance / 400);
      for (let k = 1; k <= n; k++) pauses.push([Math.round((moving * k) / (n + 1)), r.int(15, 45)]);
    } else if (sport === 'Walk') {
      distance = Math.round(r.range(2500, 8000) * 10) / 10;
      moving = Math.round(distance / r.range(1.25, 1.5));
      intensity = 0.42;
      if (r.chance(0.5)) pauses.push([r.int(60, Math.max(61, moving - 60)), r.int(30, 300)]);
    } else {
      distance = 0;
      moving = r.int(30, 65) * 60;
      intensity = 0.5;
      terrain = 'none';
    }
    pauses.sort((x, y) => x[0] - y[0]);
    const paused = pauses.reduce((s, [, d]) => s + d, 0);
    const elapsed = moving + paused;
    const offset = dayOffsetSeconds(a.place.timeZone, (day * 86_400 + localSec) * 1000);
    const startMs = (day * 86_400 + localSec - offset) * 1000;
    nextFreeLocalSec = localSec + elapsed + 1800;
    const visibility = r.chance(a.shares.private)
      ? 'only_me'
      : r.chance(a.shares.followers)
        ? 'followers_only'
        : 'everyone';
    const hasHeartrate = a.hasHrMonitor && !(sport === 'Swim' && r.chance(0.6)) && r.chance(0.96);
    out.push({
      id: activityIdFor(startMs, a.index),
      athleteIndex: a.index,
      sportType: sport,
      kind: p.kind,
      terrain,
      trainer,
      startMs,
      utcOffset: offset,
      movingTime: moving,
      elapsedTime: elapsed,
      pauses,
      distance,
      name: name || dayName(Math.floor(localSec / 3600), sport),
      workoutType: sport === 'Run' || sport === 'TrailRun' ? (workoutType ?? 0) : null,
      visibility,
      hasHeartrate,
      intensity,
      ghost: r.chance(0.03),
      visibleAtMs: startMs + elapsed * 1000 + r.int(60, 900) * 1000,
      commute: sport === 'Ride' && terrain === 'home' && r.chance(0.2),
      trackSeed: `${seed}|${a.index}|${day}|${i}`,
    });
  });
  return out;
}

/**
 * Activities as Strava really sends some of them: a moving time above the elapsed time, no
 * `sport_type` (only the deprecated `type`), a start that is not a date, no `timezone` (an
 * activity uploaded without one), no `utc_offset`.
 */
export type Poison = 'moving_over_elapsed' | 'no_sport_type' | 'bad_start_date' | 'no_timezone' | 'no_utc_offset';
