import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import type { SessionsChangedEvent } from '@runnerly/contracts';
import type { SessionRow } from './tables.ts';

/**
 * This process's copies of the session rows it read lately, so that a browser's next requests
 * do not read its session from the store again. A copy is used only while the process hears every
 * session change (`sessions.changed`, published by the gateway process that ended or changed a
 * session, heard by all): a change drops the copies it names here at once and in the other
 * processes as soon as they hear it; while the listener is out of step nothing is copied or used,
 * and back in step all copies go. A copy is used for `maxAgeMs` at most, and never to end a
 * session: one that looks expired from its copy is read from the store again.
 */
export interface SessionCopies {
  /** The copy of the session with this id hash, if it may be used. */
  get(idHash: string): SessionRow | undefined;
  /** Taken before reading the store, and given to `put` with what it read. */
  ticket(): number;
  /** Keeps a copy, unless a change was heard since the ticket was taken (the row may be older than it). */
  put(row: SessionRow, ticket: number): void;
  /** The store's row was touched: the copy follows. */
  touched(idHash: string, at: string): void;
  /** This process changed or ended sessions: its copies go now, the other processes' when they hear it. */
  changed(change: SessionsChangedEvent): void;
  /** Another process's change (or this one's, heard back). */
  heard(change: SessionsChangedEvent): void;
  /** The listener's state: copies are used only while it is in step; back in step, all go. */
  step(inStep: boolean): void;
  outcomes: Counter<'outcome'>;
}

export interface SessionCopiesOptions {
  /** Tells the other processes (the bus). */
  publish: (change: SessionsChangedEvent) => Promise<void>;
  /** Called when the publish failed: the other processes keep their copies at most `maxAgeMs`. */
  onPublishError?: (err: unknown) => void;
  maxAgeMs?: number;
  max?: number;
}

export function sessionCopies({
  publish,
  onPublishError,
  maxAgeMs = 10_000,
  max = 20_000,
}: SessionCopiesOptions): SessionCopies {
  const rows = new LRUCache<string, SessionRow>({ max, ttl: maxAgeMs });
  // Changes heard so far: a store read that began before the latest one may hold an older row.
  let changes = 0;
  let inStep = false;
  const outcomes = new Counter({
    name: 'gateway_session_copies_total',
    help: 'Session reads by outcome: copy (this process had the row), store (read from the session store)',
    labelNames: ['outcome'],
    registers: [],
  });
  const forget = (change: SessionsChangedEvent) => {
    changes++;
    if ('id_hash' in change) {
      rows.delete(change.id_hash);
      return;
    }
    for (const [idHash, row] of rows.entries()) if (row.user_id === change.user_id) rows.delete(idHash);
  };
  return {
    get(idHash) {
      const row = inStep ? rows.get(idHash) : undefined;
      outcomes.inc({ outcome: row ? 'copy' : 'store' });
      return row;
    },
    ticket: () => changes,
    put(row, ticket) {
      if (inStep && ticket === changes) rows.set(row.id_hash, row);
    },
    touched(idHash, at) {
      const row = rows.get(idHash, { updateAgeOnGet: false });
      if (row) rows.set(idHash, { ...row, last_seen_at: at }, { noUpdateTTL: true });
    },
    changed(change) {
      forget(change);
      publish(change).catch((err: unknown) => onPublishError?.(err));
    },
    heard: forget,
    step(next) {
      inStep = next;
      changes++;
      rows.clear();
    },
    outcomes,
  };
}
