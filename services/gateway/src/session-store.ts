import { createHash } from 'node:crypto';
import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { SessionInfo } from '@runnerly/contracts';
import type { SessionCopies } from './session-copies.ts';
import type { GatewayTables, SessionRow } from './tables.ts';
import {
  deleteSession,
  deleteSessionsOf,
  findSession,
  purgeSessions,
  saveSession,
  sessionsOf,
  touchSession,
} from './store.ts';

/** Where sessions live: the gateway's database, or Redis (REDIS_URL). Both keep only the SHA-256 of an id. */
export interface SessionBackend {
  find(idHash: string): Promise<SessionRow | undefined>;
  save(row: SessionRow): Promise<void>;
  touch(idHash: string, at: string): Promise<void>;
  delete(idHash: string): Promise<void>;
  ofUser(userId: string): Promise<SessionRow[]>;
  deleteOfUser(userId: string, keepIdHash?: string): Promise<number>;
  /** Drops idle and expired sessions (Redis drops them itself). */
  purge(idleBefore: string, now: string): Promise<number>;
}

export function databaseSessions(db: Kysely<GatewayTables>): SessionBackend {
  return {
    find: (idHash) => findSession(db, idHash),
    save: (row) => saveSession(db, row),
    touch: (idHash, at) => touchSession(db, idHash, at),
    delete: (idHash) => deleteSession(db, idHash),
    ofUser: (userId) => sessionsOf(db, userId),
    deleteOfUser: (userId, keep) => deleteSessionsOf(db, userId, keep),
    purge: (idleBefore, now) => purgeSessions(db, idleBefore, now),
  };
}

/** Sessions in Redis: one key per session (expiring with it), one set of session keys per user. */
export function redisSessions(redis: Redis, prefix = 'runnerly:gateway:'): SessionBackend {
  const key = (idHash: string) => `${prefix}session:${idHash}`;
  const userKey = (userId: string) => `${prefix}user-sessions:${userId}`;
  const ttlMs = (row: SessionRow) => Math.max(1, Date.parse(row.expires_at) - Date.parse(row.last_seen_at));
  const read = async (idHash: string): Promise<SessionRow | undefined> => {
    const raw = await redis.get(key(idHash));
    return raw ? (JSON.parse(raw) as SessionRow) : undefined;
  };
  return {
    find: read,
    async save(row) {
      const old = await read(row.id_hash);
      const kept = old ? { ...row, created_at: old.created_at, expires_at: old.expires_at } : row;
      const multi = redis.multi().set(key(row.id_hash), JSON.stringify(kept), 'PX', ttlMs(kept));
      if (old?.user_id && old.user_id !== kept.user_id) multi.srem(userKey(old.user_id), row.id_hash);
      if (kept.user_id) multi.sadd(userKey(kept.user_id), row.id_hash).pexpire(userKey(kept.user_id), ttlMs(kept));
      await multi.exec();
    },
    async touch(idHash, at) {
      const row = await read(idHash);
      if (row) await redis.set(key(idHash), JSON.stringify({ ...row, last_seen_at: at }), 'KEEPTTL');
    },
    async delete(idHash) {
      const row = await read(idHash);
      const multi = redis.multi().del(key(idHash));
      if (row?.user_id) multi.srem(userKey(row.user_id), idHash);
      await multi.exec();
    },
    async ofUser(userId) {
      const ids = await redis.smembers(userKey(userId));
      const rows: SessionRow[] = [];
      for (const id of ids) {
        const row = await read(id);
        if (row) rows.push(row);
        else await redis.srem(userKey(userId), id);
      }
      return rows.sort((a, b) => (a.last_seen_at < b.last_seen_at ? 1 : -1));
    },
    async deleteOfUser(userId, keep) {
      const ids = (await redis.smembers(userKey(userId))).filter((id) => id !== keep);
      if (!ids.length) return 0;
      const multi = redis.multi();
      for (const id of ids) multi.del(key(id)).srem(userKey(userId), id);
      await multi.exec();
      return ids.length;
    },
    async purge() {
      return 0;
    },
  };
}

export interface SessionPolicy {
  /** A signed-in session ends after this long without a request. */
  idleMs: number;
  /** …and this long after login at the latest (the cookie's lifetime too). */
  absoluteMs: number;
  /** A visitor's session (CSRF secret, mailbox addresses), not signed in. */
  anonymousIdleMs: number;
}

/** A session's id as the Account page shows it: not the cookie, and not what the store keys on. */
function publicId(idHash: string): string {
  return createHash('sha256').update(`public:${idHash}`).digest('hex').slice(0, 32);
}
const hashId = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/**
 * The session store behind @fastify/session: idle and absolute expiry checked on every read,
 * `last_seen_at` written at most once a minute, and what the Account page needs (list, end one, end all).
 */
export class Sessions implements SessionStore {
  readonly backend: SessionBackend;
  readonly policy: SessionPolicy;
  /** This process's copies of the rows it read lately (see session-copies.ts); none: every read goes to the store. */
  readonly copies: SessionCopies | undefined;
  private readonly now: () => number;

  constructor(backend: SessionBackend, policy: SessionPolicy, now: () => number = Date.now, copies?: SessionCopies) {
    this.backend = backend;
    this.policy = policy;
    this.now = now;
    this.copies = copies;
  }

  private alive(row: SessionRow, now: number): boolean {
    const idle = row.user_id ? this.policy.idleMs : this.policy.anonymousIdleMs;
    return Date.parse(row.expires_at) > now && Date.parse(row.last_seen_at) + idle > now;
  }

  /** The fields of a live session, or undefined. */
  async read(sessionId: string): Promise<Session | undefined> {
    const idHash = hashId(sessionId);
    const copy = this.copies?.get(idHash);
    // A copy that looks expired is not trusted to end the session: the store is asked.
    if (copy && this.alive(copy, this.now())) return this.seen(copy);
    const ticket = this.copies?.ticket() ?? 0;
    const row = await this.backend.find(idHash);
    if (!row) return undefined;
    if (!this.alive(row, this.now())) {
      await this.backend.delete(idHash);
      this.copies?.changed({ id_hash: idHash });
      return undefined;
    }
    this.copies?.put(row, ticket);
    return this.seen(row);
  }

  /** A live session's fields; `last_seen_at` written at most once a minute. */
  private async seen(row: SessionRow): Promise<Session> {
    const now = this.now();
    if (now - Date.parse(row.last_seen_at) > 60_000) {
      const at = new Date(now).toISOString();
      await this.backend.touch(row.id_hash, at);
      this.copies?.touched(row.id_hash, at);
    }
    return JSON.parse(row.data) as Session;
  }

  async write(sessionId: string, session: Session): Promise<void> {
    const now = new Date(this.now());
    const at = now.toISOString();
    const idHash = hashId(sessionId);
    await this.backend.save({
      id_hash: idHash,
      user_id: session.user?.id ?? null,
      data: JSON.stringify(session),
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(now.getTime() + this.policy.absoluteMs).toISOString(),
      ip: session.ip ?? null,
      user_agent: session.userAgent ?? null,
    });
    this.copies?.changed({ id_hash: idHash });
  }

  get(sessionId: string, callback: (err: unknown, result?: Session | null) => void): void {
    this.read(sessionId).then(
      (s) => callback(null, s ?? null),
      (err: unknown) => callback(err),
    );
  }

  set(sessionId: string, session: Session, callback: (err?: unknown) => void): void {
    this.write(sessionId, session).then(() => callback(), callback);
  }

  destroy(sessionId: string, callback: (err?: unknown) => void): void {
    const idHash = hashId(sessionId);
    this.backend.delete(idHash).then(() => {
      this.copies?.changed({ id_hash: idHash });
      callback();
    }, callback);
  }

  async list(userId: string, currentSessionId: string | undefined): Promise<SessionInfo[]> {
    const now = this.now();
    const current = currentSessionId ? hashId(currentSessionId) : undefined;
    return (await this.backend.ofUser(userId))
      .filter((row) => this.alive(row, now))
      .map((row) => ({
        id: publicId(row.id_hash),
        created_at: row.created_at,
        last_seen_at: row.last_seen_at,
        expires_at: row.expires_at,
        ip: row.ip,
        user_agent: row.user_agent,
        current: row.id_hash === current,
      }));
  }

  /** Ends one of the user's sessions by its public id; false when the user has no such session. */
  async endOne(userId: string, id: string): Promise<boolean> {
    const row = (await this.backend.ofUser(userId)).find((r) => publicId(r.id_hash) === id);
    if (!row) return false;
    await this.backend.delete(row.id_hash);
    this.copies?.changed({ id_hash: row.id_hash });
    return true;
  }

  /** Ends every session of the user (but `keepSessionId`'s): logout everywhere, password change, deletion. */
  async endAll(userId: string, keepSessionId?: string): Promise<number> {
    const ended = await this.backend.deleteOfUser(userId, keepSessionId ? hashId(keepSessionId) : undefined);
    this.copies?.changed({ user_id: userId });
    return ended;
  }

  async purge(): Promise<number> {
    const now = this.now();
    return this.backend.purge(new Date(now - this.policy.idleMs).toISOString(), new Date(now).toISOString());
  }
}
