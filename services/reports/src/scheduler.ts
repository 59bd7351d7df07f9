import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import { reportMessageId } from './domain/message-id.ts';
import { dueMonths, monthEnd } from './domain/schedule.ts';
import { enqueueReport } from './deliver.ts';
import type { ReportsDeps } from './deps.ts';
import { recipients } from './sources.ts';
import {
  insertDue,
  parkInterrupted,
  pendingRuns,
  releaseLease,
  runDone,
  scheduleCursor,
  setScheduleCursor,
  takeLease,
  touch,
  waitingSince,
} from './store.ts';

const LEASE = 'scheduler';
export const INTERRUPTED =
  'the delivery stopped during the SMTP transaction: the mail may have been delivered, so it is not sent again on its own';

/** Inserts the ledger row of a due report and queues it; false when the row was already there. */
async function schedule(deps: ReportsDeps, userId: string, month: string, trigger: string): Promise<boolean> {
  const messageId = reportMessageId(userId, month, deps.settings.domain);
  if (!(await insertDue(deps.db, { userId, month, messageId, trigger }, deps.now()))) return false;
  await enqueueReport(deps, userId, month);
  return true;
}

/**
 * Every report that fell due since the cursor (the database's, not the queue's: months missed
 * while the system was down are found here on start), then the cursor moves to `now`. Running
 * it twice, or on two replicas at once, inserts each (user, month) once.
 */
export async function scheduleDue(deps: ReportsDeps): Promise<number> {
  const now = deps.now();
  const cursor = await scheduleCursor(deps.db);
  if (!cursor) {
    // First start: reports are due from now on, not for every month before the install.
    await setScheduleCursor(deps.db, now);
    return 0;
  }
  let queued = 0;
  for await (const r of recipients(deps.accounts)) {
    if (!r.monthly_report) continue;
    const months = dueMonths({
      timeZone: r.time_zone,
      createdAt: r.created_at,
      from: new Date(cursor),
      to: now,
      delayMs: deps.settings.delayMs,
    });
    for (const month of months) if (await schedule(deps, r.user_id, month, 'schedule')) queued++;
  }
  await setScheduleCursor(deps.db, now);
  if (queued) deps.logger.info({ queued }, 'monthly reports due');
  return queued;
}

/** `runnerly reports run --month M`: every runner with reports on who had signed up by the month's end. */
async function operatorRuns(deps: ReportsDeps): Promise<number> {
  let queued = 0;
  for (const month of await pendingRuns(deps.db)) {
    for await (const r of recipients(deps.accounts)) {
      if (!r.monthly_report || Date.parse(r.created_at) >= monthEnd(month, r.time_zone).getTime()) continue;
      if (await schedule(deps, r.user_id, month, 'operator')) queued++;
    }
    await runDone(deps.db, month, deps.now());
  }
  return queued;
}

/**
 * The ledger's housekeeping: deliveries interrupted mid-send are parked (never re-sent on their
 * own), and due reports whose job may have been lost (a restart of the in-process bus, a row an
 * operator requeued) go on the queue again.
 */
export async function sweep(deps: ReportsDeps): Promise<{ parked: number; requeued: number }> {
  const now = deps.now();
  const parked = await parkInterrupted(
    deps.db,
    new Date(now.getTime() - deps.settings.sendingStaleMs),
    INTERRUPTED,
    now,
  );
  for (const p of parked) deps.logger.warn({ userId: p.user_id, month: p.month }, 'interrupted report parked');
  const waiting = await waitingSince(deps.db, new Date(now.getTime() - deps.settings.requeueAfterMs));
  for (const w of waiting) await enqueueReport(deps, w.user_id, w.month);
  await touch(deps.db, waiting, now);
  return { parked: parked.length, requeued: waiting.length };
}

export interface SchedulerOptions {
  /** croner pattern of the schedule turns (default: every quarter of an hour, two minutes past). */
  pattern: string;
  /** Lease length; a dead leader's lease is taken over after at most this long. */
  leaseMs: number;
  /** How often the lease is renewed (and the sweep and operator runs done). */
  renewMs: number;
}

export interface RunningScheduler {
  readonly holder: string;
  isLeader(): boolean;
  /** One leader turn now: schedule, operator runs, sweep (when this replica leads). */
  turn(): Promise<void>;
  /** Renews (or tries to take) the lease now. */
  renew(): Promise<void>;
  /** Schedules what is due now, lease or not (the ledger keeps a race between replicas to one mail). */
  scheduleNow(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * One replica schedules: the one holding the lease row in the service's database (PostgreSQL in
 * the distributed mode), renewed every `renewMs` and taken over by another replica once it has
 * expired. The leader schedules at once when it takes the lease (catch-up), on every croner
 * turn, and sweeps on every renewal.
 */
export function startScheduler(deps: ReportsDeps, options: SchedulerOptions): RunningScheduler {
  const holder = randomUUID();
  let leader = false;
  let stopped = false;
  let busy: Promise<void> = Promise.resolve();
  const serial = (fn: () => Promise<unknown>) => {
    busy = busy.then(fn).then(
      () => {},
      (err: unknown) => deps.logger.error({ err }, 'report scheduler turn failed'),
    );
    return busy;
  };
  const renew = () =>
    serial(async () => {
      if (stopped) return;
      const was = leader;
      leader = await takeLease(deps.db, LEASE, holder, deps.now(), options.leaseMs);
      if (!leader) return;
      if (!was) {
        deps.logger.info({ holder }, 'report scheduler: this replica schedules');
        await scheduleDue(deps);
      }
      await operatorRuns(deps);
      await sweep(deps);
    });
  const timer = setInterval(() => void renew(), options.renewMs);
  timer.unref();
  const cron = new Cron(options.pattern, { protect: true }, () => {
    if (leader) void serial(() => scheduleDue(deps));
  });
  void renew();
  return {
    holder,
    isLeader: () => leader,
    turn: () =>
      serial(async () => {
        if (!leader) return;
        await scheduleDue(deps);
        await operatorRuns(deps);
        await sweep(deps);
      }),
    renew,
    scheduleNow: () => scheduleDue(deps),
    async stop() {
      stopped = true;
      clearInterval(timer);
      cron.stop();
      await busy;
      if (leader) await releaseLease(deps.db, LEASE, holder).catch(() => {});
      leader = false;
    },
  };
}
