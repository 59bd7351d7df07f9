// The simulator's options, their defaults, and the state they build.
import { Clock, parseInstant } from './clock.ts';
import { CallLog } from './call-log.ts';
import { Faults } from './faults.ts';
import { RateLimiter, type Limits } from './rate-limit.ts';
import { TokenStore, type TokenRules } from './tokens.ts';
import { DEFAULT_RETRY_DELAYS_MS, Webhooks } from './webhooks.ts';
import { World } from './world.ts';

export interface StravaSimOptions {
  /** The application's client id and secret (Strava's "My API Application"). */
  clientId?: string;
  clientSecret?: string;
  /** Seed of the world: same seed (and anchor) → same athletes and activities. */
  seed?: string | number;
  /** Number of seeded athletes (1–1000). */
  athletes?: number;
  /** History size per athlete: a number, or counts for the first athletes (last value for the rest). */
  activitiesPerAthlete?: number | number[];
  /** End of the generated history (ISO or epoch); default: the clock's time at start, so exactly `activitiesPerAthlete` are visible then. */
  anchor?: string | number;
  /** Initial simulator time (ISO or epoch); default: real time. */
  now?: string | number;
  /** Start with a frozen clock (moves only through the control API). */
  frozenClock?: boolean;
  /** Rate limits of the application. */
  limits?: Partial<Limits>;
  /** Approve authorizations at once: true (first athlete), an athlete id, or {athleteId, scope}. */
  autoApprove?: boolean | number | { athleteId?: number; scope?: string };
  /** Public base URL of the simulator (shown in pages and logs). */
  publicUrl?: string;
  /** Page over hidden activities too, so some pages come back short before the end (like Strava). */
  shortPages?: boolean;
  /** 'strava' (default): newest first, but oldest first when only `after` is given, as Strava does. 'newest-first': always. */
  listOrder?: 'strava' | 'newest-first';
  /** OAuth token rules (6 h access tokens, 1 h reuse threshold, 10 min codes, rotation). */
  tokens?: Partial<TokenRules>;
  /** Webhook timing: callback timeout (2 s) and delays before each of the retries (3). */
  webhooks?: { timeoutMs?: number; retryDelaysMs?: number[] };
  /** How often (ms) to look for newly visible activities to announce by webhook; 0 = only on clock changes. */
  tickMs?: number;
  /** Serve the /sim control API (default true). */
  controlApi?: boolean;
}

export interface ResolvedOptions {
  clientId: string;
  clientSecret: string;
  seed: string;
  athletes: number;
  activitiesPerAthlete: number | number[];
  anchor: string | number | undefined;
  now: string | number | undefined;
  frozenClock: boolean;
  limits: Partial<Limits>;
  autoApprove: { athleteId?: number; scope?: string } | null;
  publicUrl: string | null;
  shortPages: boolean;
  listOrder: 'strava' | 'newest-first';
  tokens: Partial<TokenRules>;
  webhooks: { timeoutMs: number; retryDelaysMs: number[] };
  tickMs: number;
  controlApi: boolean;
}

export function resolveOptions(o: StravaSimOptions = {}): ResolvedOptions {
  const auto = o.autoApprove;
  return {
    clientId: String(o.clientId ?? '1000'),
    clientSecret: o.clientSecret ?? 'strava-sim-secret',
    seed: String(o.seed ?? 'runnerly'),
    athletes: o.athletes ?? 5,
    activitiesPerAthlete: o.activitiesPerAthlete ?? 300,
    anchor: o.anchor,
    now: o.now,
    frozenClock: o.frozenClock ?? false,
    limits: o.limits ?? {},
    autoApprove:
      auto === undefined || auto === false
        ? null
        : auto === true
          ? {}
          : typeof auto === 'number'
            ? { athleteId: auto }
            : auto,
    publicUrl: o.publicUrl ?? null,
    shortPages: o.shortPages ?? false,
    listOrder: o.listOrder ?? 'strava',
    tokens: o.tokens ?? {},
    webhooks: {
      timeoutMs: o.webhooks?.timeoutMs ?? 2000,
      retryDelaysMs: o.webhooks?.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    },
    tickMs: o.tickMs ?? 5000,
    controlApi: o.controlApi ?? true,
  };
}

/** Everything the routes work on: plain objects, no Fastify. */
/** One API application ("My API Application"): its secret and its own rate-limit counters. */
export interface SimApp {
  clientId: string;
  clientSecret: string;
  limiter: RateLimiter;
}

export interface Sim {
  options: ResolvedOptions;
  clock: Clock;
  world: World;
  tokens: TokenStore;
  /** The main application's limiter (`apps.get(options.clientId).limiter`). */
  limiter: RateLimiter;
  /** Every application, the main one (options.clientId) first; more through POST /sim/apps. */
  apps: Map<string, SimApp>;
  faults: Faults;
  calls: CallLog;
  webhooks: Webhooks;
  /** Last instant up to which newly visible activities were announced. */
  announcedUntil: number;
  log: ((msg: string, extra?: Record<string, unknown>) => void) | undefined;
}

export function buildWorld(options: ResolvedOptions, clock: Clock): World {
  const anchorMs = options.anchor !== undefined ? parseInstant(options.anchor) : null;
  if (options.anchor !== undefined && anchorMs === null) throw new Error(`invalid anchor: ${String(options.anchor)}`);
  return new World({
    seed: options.seed,
    athletes: options.athletes,
    activitiesPerAthlete: options.activitiesPerAthlete,
    anchorMs: anchorMs ?? Math.floor(clock.now() / 1000) * 1000,
  });
}

export function createSim(options: ResolvedOptions, log?: (msg: string, extra?: Record<string, unknown>) => void): Sim {
  const clock = new Clock();
  if (options.now !== undefined) {
    const now = parseInstant(options.now);
    if (now === null) throw new Error(`invalid now: ${String(options.now)}`);
    clock.set(now);
  }
  if (options.frozenClock) clock.freeze();
  const world = buildWorld(options, clock);
  const limiter = new RateLimiter(() => clock.now(), options.limits);
  return {
    options,
    clock,
    world,
    tokens: new TokenStore(() => clock.nowSeconds(), options.tokens),
    limiter,
    apps: new Map([[options.clientId, { clientId: options.clientId, clientSecret: options.clientSecret, limiter }]]),
    faults: new Faults(),
    calls: new CallLog(),
    webhooks: new Webhooks({
      ...options.webhooks,
      nowIso: () => new Date(clock.now()).toISOString(),
      ...(log ? { log } : {}),
    }),
    announcedUntil: clock.now(),
    log,
  };
}

/** Registers (or replaces) another application with its own secret and fresh rate-limit counters. */
export function addApp(sim: Sim, clientId: string, clientSecret: string, limits: Partial<Limits> = {}): SimApp {
  const app = { clientId, clientSecret, limiter: new RateLimiter(() => sim.clock.now(), limits) };
  if (clientId === sim.options.clientId) {
    sim.limiter.setLimits(limits);
    return sim.apps.get(clientId)!;
  }
  sim.apps.set(clientId, app);
  return app;
}

/** Back to the start: a fresh world, clock, tokens, limits, faults, call counts, no subscription and only the main application. */
export function resetSim(sim: Sim): void {
  sim.webhooks.close();
  Object.assign(sim, createSim(sim.options, sim.log));
}
