import type { Kysely } from 'kysely';
import type { ReportState } from '@runnerly/contracts';
import type { ReportRow, ReportsTables } from './tables.ts';

type Db = Kysely<ReportsTables>;
const iso = (d: Date) => d.toISOString();

/** States a worker may start a delivery from. */
const CLAIMABLE: ReportState[] = ['queued', 'failed'];

/**
 * The ledger row of a due report, once: a second insert for the same (user, month) — the
 * scheduler firing twice, two replicas, a repeated "send now" — finds it there and does nothing.
 */
export async function insertDue(
  db: Db,
  row: { userId: string; month: string; messageId: string; trigger: string },
  now: Date,
): Promise<boolean> {
  const result = await db
    .insertInto('reports')
    .values({
      user_id: row.userId,
      month: row.month,
      state: 'queued',
      message_id: row.messageId,
      attempts: 0,
      reason: null,
      trigger: row.trigger,
      to_address: null,
      subject: null,
      text_body: null,
      html_body: null,
      queued_at: iso(now),
      sending_at: null,
      sent_at: null,
      updated_at: iso(now),
    })
    .onConflict((oc) => oc.columns(['user_id', 'month']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findReport(db: Db, userId: string, month: string): Promise<ReportRow | undefined> {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('user_id', '=', userId)
    .where('month', '=', month)
    .executeTakeFirst();
}

/**
 * Takes a queued (or failed) report for one delivery: one conditional update, so of two workers
 * holding the same job only one gets the row. The state `sending` is written before the SMTP
 * transaction starts.
 */
export async function claim(db: Db, userId: string, month: string, now: Date): Promise<ReportRow | undefined> {
  return db
    .updateTable('reports')
    .set((eb) => ({
      state: 'sending',
      attempts: eb('attempts', '+', 1),
      sending_at: iso(now),
      updated_at: iso(now),
    }))
    .where('user_id', '=', userId)
    .where('month', '=', month)
    .where('state', 'in', CLAIMABLE)
    .returningAll()
    .executeTakeFirst();
}

/** Keeps the mail as rendered for its first send; later attempts send these same bytes. */
export async function saveRendered(
  db: Db,
  userId: string,
  month: string,
  mail: { to: string; subject: string; text: string; html: string },
): Promise<void> {
  await db
    .updateTable('reports')
    .set({ to_address: mail.to, subject: mail.subject, text_body: mail.text, html_body: mail.html })
    .where('user_id', '=', userId)
    .where('month', '=', month)
    .where('html_body', 'is', null)
    .execute();
}

/** Moves a report on from `sending` (only from there: a parked or deleted one stays as it is). */
export async function finish(
  db: Db,
  userId: string,
  month: string,
  state: Extract<ReportState, 'sent' | 'failed' | 'parked' | 'skipped'>,
  reason: string | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable('reports')
    .set({ state, reason, updated_at: iso(now), ...(state === 'sent' ? { sent_at: iso(now) } : {}) })
    .where('user_id', '=', userId)
    .where('month', '=', month)
    .where('state', '=', 'sending')
    .execute();
}

export async function listReports(db: Db, userId: string): Promise<ReportRow[]> {
  return db.selectFrom('reports').selectAll().where('user_id', '=', userId).orderBy('month', 'desc').execute();
}

export async function reportsInState(db: Db, state: ReportState, limit = 1000): Promise<ReportRow[]> {
  return db.selectFrom('reports').selectAll().where('state', '=', state).orderBy('updated_at').limit(limit).execute();
}

/**
 * Parked or failed → queued again (the operator's requeue); true when it was one of those. It
 * counts as untouched since long ago, so the scheduling replica queues it at its next sweep.
 */
export async function requeue(db: Db, userId: string, month: string): Promise<boolean> {
  const r = await db
    .updateTable('reports')
    .set({ state: 'queued', reason: null, updated_at: iso(new Date(0)) })
    .where('user_id', '=', userId)
    .where('month', '=', month)
    .where('state', 'in', ['parked', 'failed'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Deliveries that began before `before` and never finished: the worker stopped during the SMTP
 * transaction, so the mail may have been accepted. They are parked, not sent again on their own.
 */
export async function parkInterrupted(db: Db, before: Date, reason: string, now: Date): Promise<ReportRow[]> {
  return db
    .updateTable('reports')
    .set({ state: 'parked', reason, updated_at: iso(now) })
    .where('state', '=', 'sending')
    .where('sending_at', '<', iso(before))
    .returningAll()
    .execute();
}

/** Reports due (queued, or failed and waiting for a retry) whose job may have been lost: not touched since `before`. */
export async function waitingSince(
  db: Db,
  before: Date,
  limit = 5000,
): Promise<Array<Pick<ReportRow, 'user_id' | 'month'>>> {
  return db
    .selectFrom('reports')
    .select(['user_id', 'month'])
    .where('state', 'in', CLAIMABLE)
    .where('updated_at', '<', iso(before))
    .orderBy('updated_at')
    .limit(limit)
    .execute();
}

export async function touch(db: Db, rows: Array<Pick<ReportRow, 'user_id' | 'month'>>, now: Date): Promise<void> {
  for (const r of rows)
    await db
      .updateTable('reports')
      .set({ updated_at: iso(now) })
      .where('user_id', '=', r.user_id)
      .where('month', '=', r.month)
      .where('state', 'in', CLAIMABLE)
      .execute();
}

export async function deleteReportsOf(db: Db, userId: string): Promise<number> {
  const r = await db.deleteFrom('reports').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Takes or renews the named lease for `holder` until `now + ttlMs`: it succeeds when nobody
 * holds it, the holder is this one, or the last holder let it expire. Two statements, each
 * atomic: the insert of a first row, then the conditional update every replica races for.
 */
export async function takeLease(db: Db, name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
  const expires = iso(new Date(now.getTime() + ttlMs));
  await db
    .insertInto('report_leases')
    .values({ name, holder: '', expires_at: iso(new Date(0)) })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const r = await db
    .updateTable('report_leases')
    .set({ holder, expires_at: expires })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<', iso(now))]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db
    .updateTable('report_leases')
    .set({ expires_at: iso(new Date(0)) })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .execute();
}

export async function scheduleCursor(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('report_schedule').select('until').where('name', '=', 'monthly').executeTakeFirst();
  return row?.until;
}

export async function setScheduleCursor(db: Db, until: Date): Promise<void> {
  await db
    .insertInto('report_schedule')
    .values({ name: 'monthly', until: iso(until) })
    .onConflict((oc) => oc.column('name').doUpdateSet({ until: iso(until) }))
    .execute();
}

/** An operator's run of a month for everyone, done by the scheduling replica at its next turn. */
export async function requestRun(db: Db, month: string, now: Date): Promise<void> {
  await db
    .insertInto('report_runs')
    .values({ month, requested_at: iso(now), done_at: null })
    .onConflict((oc) => oc.column('month').doUpdateSet({ requested_at: iso(now), done_at: null }))
    .execute();
}

export async function pendingRuns(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('report_runs').select('month').where('done_at', 'is', null).execute();
  return rows.map((r) => r.month);
}

export async function runDone(db: Db, month: string, now: Date): Promise<void> {
  await db
    .updateTable('report_runs')
    .set({ done_at: iso(now) })
    .where('month', '=', month)
    .execute();
}

/** Counts this user's "send now" requests since `since`, then records this one. */
export async function countAndRecordRequest(db: Db, userId: string, since: Date, now: Date): Promise<number> {
  const row = await db
    .selectFrom('report_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('at', '>=', iso(since))
    .executeTakeFirst();
  await db.deleteFrom('report_requests').where('at', '<', iso(since)).execute();
  await db
    .insertInto('report_requests')
    .values({ user_id: userId, at: iso(now) })
    .execute();
  return Number(row?.n ?? 0);
}

/** A skipped report (the runner had turned reports off) queued again because the runner asked for it. */
export async function requeueSkipped(
  db: Db,
  userId: string,
  month: string,
  trigger: string,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('reports')
    .set({ state: 'queued', reason: null, trigger, updated_at: iso(now) })
    .where('user_id', '=', userId)
    .where('month', '=', month)
    .where('state', '=', 'skipped')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteRequestsOf(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('report_requests').where('user_id', '=', userId).execute();
}

/** A queued report the next sweep puts on the queue (an operator's run in another process). */
export async function markWaiting(db: Db, userId: string, month: string): Promise<void> {
  await db
    .updateTable('reports')
    .set({ updated_at: iso(new Date(0)) })
    .where('user_id', '=', userId)
    .where('month', '=', month)
    .where('state', '=', 'queued')
    .execute();
}
