// The rate-limit scheduler, one budget per Strava application: the instance's (row id 1) and
// each runner's own application (a row per Client ID, made on first use). A budget's state is
// one database row shared by every worker and replica: calls used in the current quarter-hour window and UTC day, the limits, and a block
// after a 429. Every API call takes a permit first; every response's headers (the truth)
// correct the counts. It keeps under `share` (90%) of each window.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '@runnerly/storage';
import { readWindow, type RateBudget } from '@runnerly/strava-client';
import type { RateWindowRow, StravaTables } from '../tables.ts';

export const QUARTER_MS = 15 * 60_000;
export const DAY_MS = 86_400_000;

export const windowStart = (t: number) => Math.floor(t / QUARTER_MS) * QUARTER_MS;
export const dayStart = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;

export type Permit = { ok: true } | { ok: false; until: number };

/** Pure: the row with its windows rolled forward to `now` (no permit taken). */
export function roll(row: RateWindowRow, now: number): RateWindowRow {
  const r = { ...row };
  // Windows only move forward: a `now` read a moment ago by another worker or replica (or
  // before the simulator's clock jumped) counts in the row's window, never resets it. Calls
  // permitted but not answered yet may land in the new window: they are carried into it.
  if (windowStart(now) > r.window_start) {
    r.window_start = windowStart(now);
    r.carried = r.in_flight + r.carried;
    r.used15 = r.carried;
    r.own15 = r.carried;
    r.in_flight = 0;
  }
  if (dayStart(now) > r.day_start) {
    r.day_start = dayStart(now);
    r.used_day = r.used15;
  }
  return r;
}

/**
 * Pure: one permit answered. The oldest in flight are answered first: a permit carried from an
 * earlier window settles the carried count, not one of this window's (which would then be
 * carried too little into the next window, and the next window overrun).
 */
export function answered(row: RateWindowRow): RateWindowRow {
  if (row.carried > 0) return { ...row, carried: row.carried - 1 };
  return { ...row, in_flight: Math.max(0, row.in_flight - 1) };
}

/**
 * Pure: rolls the windows to `now` and decides whether one more call fits. `reserve`: calls
 * that must stay free in both windows after this one (spare-budget work such as streams).
 */
export function decide(
  row: RateWindowRow,
  now: number,
  share: number,
  reserve = 0,
): { row: RateWindowRow; permit: Permit } {
  const r = roll(row, now);
  if (r.blocked_until > now) return { row: r, permit: { ok: false, until: r.blocked_until } };
  const cap15 = Math.max(1, Math.floor(r.limit15 * share));
  const capDay = Math.max(1, Math.floor(r.limit_day * share));
  if (r.used_day + 1 + reserve > capDay) return { row: r, permit: { ok: false, until: r.day_start + DAY_MS } };
  if (r.used15 + 1 + reserve > cap15) return { row: r, permit: { ok: false, until: r.window_start + QUARTER_MS } };
  r.used15++;
  r.own15++;
  r.used_day++;
  r.in_flight++;
  return { row: r, permit: { ok: true } };
}

/** Strava's default limits of a new application (the read limits bind: every call here is a read). */
export const DEFAULT_APP_LIMITS = { limit15: 100, limit_day: 1000 } as const;

export interface SchedulerOptions {
  db: Kysely<StravaTables>;
  dialect: Dialect;
  /** Fraction of each window to use (default 0.9). */
  share?: number;
  /** The instance's application's Client ID: a runner's application with the same id shares its budget. */
  instanceClientId?: string | undefined;
}

export class RateScheduler {
  private readonly share: number;
  private rowId: number | undefined;
  private readonly apps = new Map<string, RateScheduler>();
  /**
   * SQLite: one process; transactions already run one at a time on its single connection.
   * `clientId`: a runner's own application (undefined: the instance's, row id 1).
   */
  constructor(
    private readonly options: SchedulerOptions,
    private readonly clientId?: string,
    private readonly parent?: RateScheduler,
  ) {
    this.share = options.share ?? 0.9;
    if (clientId === undefined) this.rowId = 1;
  }

  /** The budget of a link's application: a runner's own Client ID, or null for the instance's. */
  forApp(clientId: string | null | undefined): RateScheduler {
    const root = this.parent ?? this;
    if (!clientId || clientId === this.options.instanceClientId) return root;
    let s = root.apps.get(clientId);
    if (!s) {
      s = new RateScheduler(this.options, clientId, root);
      root.apps.set(clientId, s);
    }
    return s;
  }

  /** The budget's row: an application's is made on first use, with Strava's default limits. */
  private async id(): Promise<number> {
    if (this.rowId !== undefined) return this.rowId;
    const clientId = this.clientId!;
    const db = this.options.db;
    for (let attempt = 0; attempt < 20; attempt++) {
      const found = await db
        .selectFrom('strava_rate_window')
        .select('id')
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      if (found) return (this.rowId = found.id);
      // Another replica may take the same next id at once: the loser's insert does nothing, and it reads again.
      await db
        .insertInto('strava_rate_window')
        .columns([
          'id',
          'client_id',
          'window_start',
          'day_start',
          'used15',
          'used_day',
          'limit15',
          'limit_day',
          'blocked_until',
          'limited_count',
          'in_flight',
          'carried',
          'own15',
        ])
        .expression((eb) =>
          eb
            .selectFrom('strava_rate_window')
            .select((e) => [
              sql<number>`coalesce(max(${e.ref('id')}), 1) + 1`.as('id'),
              sql.val(clientId).as('client_id'),
              sql.lit(0).as('window_start'),
              sql.lit(0).as('day_start'),
              sql.lit(0).as('used15'),
              sql.lit(0).as('used_day'),
              sql.lit(DEFAULT_APP_LIMITS.limit15).as('limit15'),
              sql.lit(DEFAULT_APP_LIMITS.limit_day).as('limit_day'),
              sql.lit(0).as('blocked_until'),
              sql.lit(0).as('limited_count'),
              sql.lit(0).as('in_flight'),
              sql.lit(0).as('carried'),
              sql.lit(0).as('own15'),
            ])
            // SQLite parses `ON CONFLICT` after `INSERT … SELECT` only with a WHERE clause.
            .where(sql<boolean>`1 = 1`),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    throw new Error(`no rate budget row for application ${clientId}`);
  }

  private async locked<T>(fn: (trx: Kysely<StravaTables>, row: RateWindowRow) => Promise<T>): Promise<T> {
    const id = await this.id();
    return this.options.db.transaction().execute(async (trx) => {
      let q = trx.selectFrom('strava_rate_window').selectAll().where('id', '=', id);
      if (this.options.dialect === 'postgres') q = q.forUpdate();
      const row = await q.executeTakeFirstOrThrow();
      return fn(trx, row);
    });
  }

  private save(trx: Kysely<StravaTables>, row: RateWindowRow) {
    const { id, client_id: _client, ...rest } = row;
    return trx.updateTable('strava_rate_window').set(rest).where('id', '=', id).execute();
  }

  /** Takes one call from the budget, or says until when none is left. */
  async tryAcquire(now: number): Promise<Permit> {
    return this.locked(async (trx, row) => {
      const { row: next, permit } = decide(row, now, this.share);
      await this.save(trx, next);
      return permit;
    });
  }

  /**
   * A permit only from spare budget: granted when, after it, at least `reserve` calls (what
   * pending backfills and webhook events still need) stay free in both windows. Never waits.
   */
  async tryAcquireSpare(now: number, reserve: number): Promise<boolean> {
    return this.locked(async (trx, row) => {
      const { row: next, permit } = decide(row, now, this.share, Math.max(0, reserve));
      await this.save(trx, next);
      return permit.ok;
    });
  }

  /** Gives back a permit that was not used (same window only). */
  async release(now: number): Promise<void> {
    await this.locked(async (trx, row) => {
      if (row.window_start !== windowStart(now)) return;
      await this.save(trx, {
        ...row,
        used15: Math.max(0, row.used15 - 1),
        own15: Math.max(0, row.own15 - 1),
        used_day: Math.max(0, row.used_day - 1),
        in_flight: Math.max(0, row.in_flight - 1),
      });
    });
  }

  /**
   * A call that ended without rate-limit headers (5xx, dropped connection): it is no longer in
   * flight, so it is not carried into the next window; it stays counted in its own.
   */
  async settle(): Promise<void> {
    await this.locked(async (trx, row) => {
      await this.save(trx, answered(row));
    });
  }

  /**
   * Headers are the truth, the latest ones: the window's usage is what Strava last said, never
   * below the permits given in it. Not the highest ever seen: a response Strava counted in the
   * old window (it was sent before the boundary, or the local clock runs ahead of Strava's)
   * would otherwise freeze the new window until it ends; the next response corrects it.
   */
  async observe(budget: RateBudget, now: number, limited: boolean): Promise<void> {
    const w = readWindow(budget);
    await this.locked(async (trx, row) => {
      const r = roll(row, now);
      r.used15 = Math.max(r.own15, w.usage15);
      r.used_day = Math.max(r.used_day, w.usageDaily);
      Object.assign(r, answered(r));
      r.limit15 = w.limit15;
      r.limit_day = w.limitDaily;
      r.blocked_until = row.blocked_until;
      r.limited_count = row.limited_count;
      if (limited) {
        r.limited_count++;
        const until = w.usageDaily >= w.limitDaily ? r.day_start + DAY_MS : r.window_start + QUARTER_MS;
        r.blocked_until = Math.max(row.blocked_until, until);
      }
      await this.save(trx, r);
    });
  }

  /** A 429 without readable headers: block until the quarter hour. */
  async blockUntilNextWindow(now: number): Promise<void> {
    await this.locked(async (trx, row) => {
      await this.save(trx, {
        ...row,
        limited_count: row.limited_count + 1,
        blocked_until: Math.max(row.blocked_until, windowStart(now) + QUARTER_MS),
      });
    });
  }

  async snapshot(): Promise<RateWindowRow> {
    const id = await this.id();
    return this.options.db.selectFrom('strava_rate_window').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** Seconds until `calls` more calls are done at this budget (the remaining of this window, then full windows). */
  async etaSeconds(calls: number, now: number): Promise<number> {
    return etaOf(roll(await this.snapshot(), now), calls, now, this.share);
  }
}

/**
 * Pure: seconds until `calls` more calls are made — the rest of this window, then full windows,
 * and when the daily cap binds, the rest of the day's budget, then whole days from midnight UTC.
 */
export function etaOf(row: RateWindowRow, calls: number, now: number, share: number): number {
  if (calls <= 0) return 0;
  const cap15 = Math.max(1, Math.floor(row.limit15 * share));
  const capDay = Math.max(1, Math.floor(row.limit_day * share));
  const dayLeft = Math.max(0, capDay - row.used_day);
  const left = Math.min(dayLeft, Math.max(0, cap15 - row.used15));
  if (calls <= left) return Math.ceil(calls * 0.5);
  // Within one day (from a window start with `budget` calls left in the day): when the last call is made.
  const within = (n: number, budget: number) => {
    const perDay = Math.min(budget, n);
    return (Math.ceil(perDay / cap15) - 1) * QUARTER_MS;
  };
  const untilNextWindow = row.window_start + QUARTER_MS - now;
  const today = Math.min(calls, dayLeft);
  if (calls <= dayLeft) return Math.ceil((untilNextWindow + within(calls - left, dayLeft - left)) / 1000);
  // The day's budget runs out: the rest waits for midnight UTC, then capDay a day.
  const rest = calls - today;
  const untilMidnight = row.day_start + DAY_MS - now;
  const fullDays = Math.floor((rest - 1) / capDay);
  const lastDay = rest - fullDays * capDay;
  return Math.ceil((untilMidnight + fullDays * DAY_MS + within(lastDay, capDay)) / 1000);
}
