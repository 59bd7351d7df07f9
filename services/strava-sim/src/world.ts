// The simulated Strava world: seeded athletes and their activities, generated lazily per
// athlete (history backwards from the anchor, future days forwards as the clock moves), plus
// the activities created, edited or deleted through the control API.
import { makeAthlete, type Athlete } from './athletes.ts';
import { toGpx } from './gpx.ts';
import { detailedActivity, laps, streams, summaryActivity, type Json } from './activity.ts';
import {
  activitiesOfDay,
  activityIdFor,
  athleteIndexOfActivity,
  localDayOf,
  type Skeleton,
  type SportType,
  type Poison,
} from './schedule.ts';
import { buildTrack, trackStats, type Track, type TrackStats } from './track.ts';
import { dayOffsetSeconds, isoSeconds } from './timezones.ts';

export interface WorldOptions {
  seed: string;
  athletes: number;
  /** History size: one number for everyone, or the counts of the first athletes (the last value applies to the rest). */
  activitiesPerAthlete: number | readonly number[];
  /** End of the generated history (epoch ms); later activities appear as the clock passes them. */
  anchorMs: number;
}

interface AthleteState {
  list: Skeleton[]; // ascending start
  byId: Map<number, Skeleton>;
  cutoffMs: number;
  lastDay: number;
}

export interface NewActivity {
  sport_type?: SportType;
  name?: string;
  start_date?: number; // epoch ms
  distance?: number;
  moving_time?: number;
  elapsed_time?: number;
  private?: boolean;
  trainer?: boolean;
  description?: string;
  poison?: Poison[];
  manual?: boolean;
}

export interface ActivityPatch {
  name?: string;
  sport_type?: SportType;
  private?: boolean;
  description?: string;
}

const MAX_ATHLETES = 1000;
const SUMMARY_CACHE = 20_000;
const TRACK_CACHE = 16;

export class World {
  readonly athletes: Athlete[];
  private byAthleteId = new Map<number, Athlete>();
  private states = new Map<number, AthleteState>();
  private summaries = new Map<number, { json: Json; stats: TrackStats }>();
  private tracks = new Map<number, Track>();

  constructor(readonly options: WorldOptions) {
    if (options.athletes < 1 || options.athletes > MAX_ATHLETES)
      throw new Error(`athletes must be between 1 and ${MAX_ATHLETES}`);
    this.athletes = Array.from({ length: options.athletes }, (_, i) => makeAthlete(options.seed, i));
    for (const a of this.athletes) this.byAthleteId.set(a.id, a);
  }

  athlete(id: number): Athlete | undefined {
    return this.byAthleteId.get(id);
  }

  historyCount(index: number): number {
    const c = this.options.activitiesPerAthlete;
    if (typeof c === 'number') return c;
    return c[index] ?? c[c.length - 1] ?? 0;
  }

  private state(a: Athlete): AthleteState {
    let st = this.states.get(a.index);
    if (st) return st;
    const anchor = this.options.anchorMs;
    const want = this.historyCount(a.index);
    const anchorDay = localDayOf(a, anchor);
    const collected: Skeleton[][] = [];
    let have = 0;
    let cutoffMs = anchor;
    for (let day = anchorDay; have < want && day > anchorDay - 365 * 60; day--) {
      const acts = activitiesOfDay(this.options.seed, a, day);
      collected.push(acts);
      for (let i = acts.length - 1; i >= 0 && have < want; i--) {
        if (acts[i]!.visibleAtMs <= anchor && !acts[i]!.ghost) {
          have++;
          cutoffMs = acts[i]!.startMs;
        }
      }
    }
    const list = collected
      .reverse()
      .flat()
      .filter((s) => s.startMs >= cutoffMs);
    st = { list, byId: new Map(list.map((s) => [s.id, s])), cutoffMs, lastDay: anchorDay };
    this.states.set(a.index, st);
    return st;
  }

  /** Generates the days up to `nowMs` (activities that happen after the anchor). */
  private extend(a: Athlete, st: AthleteState, nowMs: number): void {
    const until = localDayOf(a, nowMs);
    while (st.lastDay < until) {
      st.lastDay++;
      for (const s of activitiesOfDay(this.options.seed, a, st.lastDay)) {
        if (st.byId.has(s.id)) continue;
        st.list.push(s);
        st.byId.set(s.id, s);
      }
    }
  }

  /** Every activity of the athlete Strava would show at `nowMs`, ghosts included, oldest first. */
  timeline(a: Athlete, nowMs: number): Skeleton[] {
    const st = this.state(a);
    this.extend(a, st, nowMs);
    return st.list.filter((s) => s.visibleAtMs <= nowMs);
  }

  /** Activities that became visible in (fromMs, toMs]. */
  appeared(a: Athlete, fromMs: number, toMs: number): Skeleton[] {
    const st = this.state(a);
    this.extend(a, st, toMs);
    return st.list.filter((s) => !s.ghost && s.visibleAtMs > fromMs && s.visibleAtMs <= toMs);
  }

  find(activityId: number): { athlete: Athlete; skeleton: Skeleton } | null {
    if (!Number.isSafeInteger(activityId) || activityId <= 0) return null;
    const a = this.athletes[athleteIndexOfActivity(activityId)];
    if (!a) return null;
    const st = this.state(a);
    const s = st.byId.get(activityId);
    return s ? { athlete: a, skeleton: s } : null;
  }

  /** Finds an activity visible at `nowMs` (ghosts never are). */
  findVisible(activityId: number, nowMs: number): { athlete: Athlete; skeleton: Skeleton } | null {
    if (!Number.isSafeInteger(activityId) || activityId <= 0) return null;
    const a = this.athletes[athleteIndexOfActivity(activityId)];
    if (!a) return null;
    const st = this.state(a);
    this.extend(a, st, nowMs);
    const s = st.byId.get(activityId);
    return s && s.visibleAtMs <= nowMs && !s.ghost ? { athlete: a, skeleton: s } : null;
  }

  track(a: Athlete, s: Skeleton): Track {
    let t = this.tracks.get(s.id);
    if (t) {
      this.tracks.delete(s.id);
      this.tracks.set(s.id, t);
      return t;
    }
    t = buildTrack(a, s);
    this.tracks.set(s.id, t);
    if (this.tracks.size > TRACK_CACHE) this.tracks.delete(this.tracks.keys().next().value!);
    return t;
  }

  private stats(a: Athlete, s: Skeleton): { json: Json; stats: TrackStats } {
    let c = this.summaries.get(s.id);
    if (!c) {
      const stats = trackStats(this.tracks.get(s.id) ?? buildTrack(a, s, false));
      c = { json: summaryActivity(a, s, stats), stats };
      if (this.summaries.size >= SUMMARY_CACHE) this.summaries.delete(this.summaries.keys().next().value!);
      this.summaries.set(s.id, c);
    }
    return c;
  }

  summary(a: Athlete, s: Skeleton): Json {
    return this.stats(a, s).json;
  }

  detail(a: Athlete, s: Skeleton): Json {
    return detailedActivity(a, s, this.track(a, s), this.stats(a, s).stats);
  }

  laps(a: Athlete, s: Skeleton): Json[] {
    return laps(a, s, this.track(a, s));
  }

  streams(a: Athlete, s: Skeleton, keys: readonly string[], keyByType: boolean): Json | Json[] {
    return streams(this.track(a, s), keys, keyByType);
  }

  gpx(a: Athlete, s: Skeleton): string | null {
    return toGpx(s, this.track(a, s));
  }

  athleteJson(a: Athlete, detailed: boolean, nowMs: number): Json {
    const st = this.state(a);
    const first = st.list[0]?.startMs ?? this.options.anchorMs;
    const created = isoSeconds(first - 30 * 86_400_000);
    const summary: Json = {
      id: a.id,
      username: a.username,
      resource_state: detailed ? 3 : 2,
      firstname: a.firstname,
      lastname: a.lastname,
      bio: '',
      city: a.place.city,
      state: a.place.state,
      country: a.place.country,
      sex: a.sex,
      premium: a.premium,
      summit: a.premium,
      created_at: created,
      updated_at: isoSeconds(Math.min(nowMs, this.options.anchorMs)),
      badge_type_id: a.premium ? 1 : 0,
      weight: a.weight,
      profile_medium: 'avatar/athlete/medium.png',
      profile: 'avatar/athlete/large.png',
      friend: null,
      follower: null,
    };
    if (!detailed) return summary;
    return {
      ...summary,
      blocked: false,
      can_follow: true,
      follower_count: a.index % 40,
      friend_count: (a.index * 7) % 50,
      mutual_friend_count: 0,
      athlete_type: 1,
      date_preference: a.place.country === 'United States' ? '%m/%d/%Y' : '%d/%m/%Y',
      measurement_preference: a.measurementPreference,
      clubs: [],
      postable_clubs_count: 0,
      ftp: null,
      bikes:
        a.shares.ride > 0
          ? [{ id: a.bikeId, primary: true, name: 'Road bike', resource_state: 2, distance: 1_234_567 }]
          : [],
      shoes: [{ id: a.shoeId, primary: true, name: 'Daily trainers', resource_state: 2, distance: 654_321 }],
    };
  }

  create(a: Athlete, input: NewActivity, nowMs: number): Skeleton {
    const st = this.state(a);
    this.extend(a, st, nowMs);
    const sport = input.sport_type ?? 'Run';
    const distance = input.distance ?? (sport === 'WeightTraining' ? 0 : 8000);
    const moving = input.moving_time ?? Math.round(distance > 0 ? (distance / 1000) * a.easyPace : 2700);
    const elapsed = Math.max(moving, input.elapsed_time ?? moving);
    const startMs = Math.floor((input.start_date ?? nowMs - elapsed * 1000 - 60_000) / 1000) * 1000;
    let id = activityIdFor(startMs, a.index);
    while (st.byId.has(id)) id += 1000;
    const pause = elapsed - moving;
    const trainer = input.trainer ?? false;
    const s: Skeleton = {
      id,
      athleteIndex: a.index,
      sportType: sport,
      kind: sport === 'Run' || sport === 'TrailRun' || sport === 'VirtualRun' ? 'easy' : 'other',
      terrain:
        trainer || input.manual || sport === 'Swim' || sport === 'WeightTraining'
          ? 'none'
          : sport === 'TrailRun'
            ? 'trail'
            : sport === 'VirtualRun'
              ? 'watopia'
              : 'home',
      trainer,
      startMs,
      utcOffset: dayOffsetSeconds(a.place.timeZone, startMs),
      movingTime: moving,
      elapsedTime: elapsed,
      pauses: pause > 0 ? [[Math.floor(moving / 2), pause]] : [],
      distance,
      name: input.name ?? (sport === 'Run' ? 'Simulated Run' : `Simulated ${sport}`),
      workoutType: sport === 'Run' || sport === 'TrailRun' ? 0 : null,
      visibility: input.private ? 'only_me' : 'everyone',
      hasHeartrate: a.hasHrMonitor,
      intensity: 0.65,
      ghost: false,
      visibleAtMs: nowMs,
      commute: false,
      trackSeed: `custom|${id}`,
      custom: true,
      description: input.description ?? null,
      ...(input.poison?.length ? { poison: [...input.poison] } : {}),
      ...(input.manual ? { manual: true } : {}),
    };
    st.list.push(s);
    st.list.sort((x, y) => x.startMs - y.startMs);
    st.byId.set(id, s);
    return s;
  }

  update(s: Skeleton, patch: ActivityPatch): Record<string, string> {
    const updates: Record<string, string> = {};
    if (patch.name !== undefined && patch.name !== s.name) {
      s.name = patch.name;
      updates.title = patch.name;
    }
    if (patch.sport_type !== undefined && patch.sport_type !== s.sportType) {
      s.sportType = patch.sport_type;
      updates.type = patch.sport_type;
    }
    if (patch.private !== undefined && patch.private !== (s.visibility === 'only_me')) {
      s.visibility = patch.private ? 'only_me' : 'everyone';
      updates.private = String(patch.private);
    }
    if (patch.description !== undefined) s.description = patch.description;
    this.summaries.delete(s.id);
    return updates;
  }

  remove(s: Skeleton): void {
    const a = this.athletes[s.athleteIndex]!;
    const st = this.state(a);
    st.list = st.list.filter((x) => x.id !== s.id);
    st.byId.delete(s.id);
    this.summaries.delete(s.id);
    this.tracks.delete(s.id);
  }
}
