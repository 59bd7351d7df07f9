import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { writeEvent } from '@runnerly/bus';
import { topics } from '@runnerly/contracts';
import type { AccountsTables, AccountTokenRow, UserRow } from './tables.ts';
import { newToken, tokenLifetimeMs, type TokenKind } from './domain/tokens.ts';
import type { ProfileChanges } from './domain/profile.ts';
import { throttle } from './domain/throttle.ts';

type Db = Kysely<AccountsTables>;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

async function insertToken(db: Db, userId: string, kind: TokenKind, now: Date): Promise<string> {
  const { token, hash } = newToken();
  await db
    .insertInto('account_tokens')
    .values({
      token_hash: hash,
      user_id: userId,
      kind,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + tokenLifetimeMs[kind]).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

export type SignupOutcome =
  | { kind: 'created'; user: UserRow; activationToken: string }
  | { kind: 'exists'; user: UserRow; activationToken: string | null };

/**
 * A new user with an activation token, or, when the address is taken, the existing user
 * (with a fresh activation token if it never activated). The unique index on email settles races.
 */
export async function signUp(
  db: Db,
  input: { email: string; passwordHash: string; name: string | null; timeZone: string },
  now: Date,
): Promise<SignupOutcome> {
  return db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const row: UserRow = {
      id: randomUUID(),
      email: input.email,
      password_hash: input.passwordHash,
      name: input.name,
      birth_year: null,
      sex: null,
      weight_kg: null,
      max_hr: null,
      rest_hr: null,
      units: 'km',
      time_zone: input.timeZone,
      first_day_of_week: 'monday',
      email_monthly_report: 1,
      created_at: at,
      activated_at: null,
      updated_at: at,
    };
    const inserted = await trx
      .insertInto('users')
      .values(row)
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted)
      return { kind: 'created', user: row, activationToken: await insertToken(trx, row.id, 'activation', now) };
    const existing = (await findUserByEmail(trx, input.email))!;
    const activationToken = existing.activated_at ? null : await insertToken(trx, existing.id, 'activation', now);
    return { kind: 'exists', user: existing, activationToken };
  });
}

/**
 * Marks an unused, unexpired token used and returns its user; undefined when the token is
 * unknown, used or expired. A single UPDATE … RETURNING: two concurrent uses, one winner.
 */
async function consumeToken(db: Db, hash: string, kind: TokenKind, now: Date): Promise<string | undefined> {
  const at = now.toISOString();
  const row = await db
    .updateTable('account_tokens')
    .set({ used_at: at })
    .where('token_hash', '=', hash)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** Activates the token's user; every other activation link of theirs stops working. */
export async function activate(db: Db, tokenHash: string, now: Date): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    const userId = await consumeToken(trx, tokenHash, 'activation', now);
    if (!userId) return undefined;
    const at = now.toISOString();
    await trx
      .updateTable('users')
      .set((eb) => ({ activated_at: eb.fn.coalesce('activated_at', eb.val(at)), updated_at: at }))
      .where('id', '=', userId)
      .execute();
    await trx
      .updateTable('account_tokens')
      .set({ used_at: at })
      .where('user_id', '=', userId)
      .where('kind', '=', 'activation')
      .where('used_at', 'is', null)
      .execute();
    return userId;
  });
}

export async function createResetToken(db: Db, userId: string, now: Date): Promise<string> {
  return insertToken(db, userId, 'reset', now);
}

export async function isUsableToken(db: Db, hash: string, kind: TokenKind, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('account_tokens')
    .select('token_hash')
    .where('token_hash', '=', hash)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  return !!row;
}

/**
 * Uses a reset token: sets the new password, activates the account (the mail proved the
 * address), voids the user's other reset links and forgets their failed logins.
 */
export async function resetPassword(
  db: Db,
  tokenHash: string,
  passwordHash: string,
  now: Date,
): Promise<UserRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const userId = await consumeToken(trx, tokenHash, 'reset', now);
    if (!userId) return undefined;
    const at = now.toISOString();
    await trx
      .updateTable('users')
      .set((eb) => ({
        password_hash: passwordHash,
        activated_at: eb.fn.coalesce('activated_at', eb.val(at)),
        updated_at: at,
      }))
      .where('id', '=', userId)
      .execute();
    await trx
      .updateTable('account_tokens')
      .set({ used_at: at })
      .where('user_id', '=', userId)
      .where('kind', '=', 'reset')
      .where('used_at', 'is', null)
      .execute();
    const user = (await findUser(trx, userId))!;
    await trx.deleteFrom('login_failures').where('email', '=', user.email).execute();
    return user;
  });
}

/** New password set by the signed-in user: outstanding reset links stop working. */
export async function changePassword(db: Db, userId: string, passwordHash: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: at })
      .where('id', '=', userId)
      .execute();
    await trx
      .updateTable('account_tokens')
      .set({ used_at: at })
      .where('user_id', '=', userId)
      .where('kind', '=', 'reset')
      .where('used_at', 'is', null)
      .execute();
  });
}

export async function updateProfile(
  db: Db,
  userId: string,
  changes: ProfileChanges,
  now: Date,
): Promise<UserRow | undefined> {
  await db
    .updateTable('users')
    .set({ ...changes, updated_at: now.toISOString() })
    .where('id', '=', userId)
    .execute();
  return findUser(db, userId);
}

/** Removes the user and everything about them; `account.deleted` leaves in the same transaction. */
export async function deleteUser(db: Db, userId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const user = await findUser(trx, userId);
    if (!user) return false;
    await trx.deleteFrom('account_tokens').where('user_id', '=', userId).execute();
    await trx.deleteFrom('login_failures').where('email', '=', user.email).execute();
    await trx.deleteFrom('users').where('id', '=', userId).execute();
    await writeEvent(trx, topics.accountDeleted, { user_id: userId });
    return true;
  });
}

export async function tokensOf(
  db: Db,
  userId: string,
): Promise<Array<Pick<AccountTokenRow, 'kind' | 'created_at' | 'expires_at' | 'used_at'>>> {
  return db
    .selectFrom('account_tokens')
    .select(['kind', 'created_at', 'expires_at', 'used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

// ——— throttling ———

/** Failure instants (ms) inside the window for the account: from this client, and from anywhere. */
export async function recentFailures(
  db: Db,
  email: string,
  client: string,
  now: Date,
): Promise<{ client: number[]; account: number[] }> {
  const since = new Date(now.getTime() - throttle.windowMs).toISOString();
  const rows = await db
    .selectFrom('login_failures')
    .select(['created_at', 'ip'])
    .where('email', '=', email)
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return {
    client: rows.filter((r) => r.ip === client).map((r) => Date.parse(r.created_at)),
    account: rows.map((r) => Date.parse(r.created_at)),
  };
}

export async function recordFailure(db: Db, email: string, ip: string, now: Date): Promise<void> {
  await db.insertInto('login_failures').values({ email, ip, created_at: now.toISOString() }).execute();
  // Old rows are worth nothing: trim them now and then, in the same cheap indexed way.
  if (Math.random() < 0.05) {
    await db
      .deleteFrom('login_failures')
      .where('created_at', '<', new Date(now.getTime() - throttle.windowMs).toISOString())
      .execute();
  }
}

export async function clearAccountFailures(db: Db, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).execute();
}

export async function failuresOf(db: Db, email: string): Promise<Array<{ at: string; ip: string }>> {
  const rows = await db
    .selectFrom('login_failures')
    .select(['created_at', 'ip'])
    .where('email', '=', email)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ at: r.created_at, ip: r.ip }));
}

/** Activated users after `after` (by id), for the reports scheduler: who gets a monthly report and when. */
export async function reportRecipients(
  db: Db,
  after: string | undefined,
  limit: number,
): Promise<Array<Pick<UserRow, 'id' | 'time_zone' | 'email_monthly_report' | 'created_at'>>> {
  let q = db
    .selectFrom('users')
    .select(['id', 'time_zone', 'email_monthly_report', 'created_at'])
    .where('activated_at', 'is not', null);
  if (after) q = q.where('id', '>', after);
  return q.orderBy('id').limit(limit).execute();
}
