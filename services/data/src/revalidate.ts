import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, preSerializationHookHandler } from 'fastify';
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import { compressedForms, type CompressedForms } from '@runnerly/service-kit';
import {
  runsVersionTag,
  MonthRuns,
  Run,
  RunList,
  RunRanks,
  RunSearch,
  RunStreams,
  RunTotals,
  UserRecords,
} from '@runnerly/contracts';
import { userVersion } from './store.ts';
import type { DataTables } from './tables.ts';

// The response shapes take part in every tag, so that a changed contract never revalidates a
// body of the old shape.
const shapes = createHash('md5')
  .update(JSON.stringify([Run, RunList, MonthRuns, RunTotals, RunSearch, UserRecords, RunRanks, RunStreams]))
  .digest('base64url')
  .slice(0, 8);

/** An answer kept with the user's version it was computed at. */
interface Answer {
  version: number;
  body: string;
}

/**
 * The serialised answers of the version-tagged reads, per user and URL: while the user's
 * version has not moved, the same URL has the same body, so it is sent again without running
 * the query or serialising. The version is read from the database on every request, so every
 * replica sees a write at once. Bounded in bytes; the least recently used go first. Their
 * compressed forms are kept too (per Accept-Encoding header), so a large answer is not compressed
 * again either. `outcomes` counts each tagged read at /metrics: revalidated (304), kept_compressed
 * (the kept answer's compressed form sent again), kept (the kept answer, compressed anew if at all)
 * or computed.
 */
export interface AnswerCache {
  kept: LRUCache<string, Answer>;
  /** Their compressed forms, per Accept-Encoding header. */
  compressed: CompressedForms;
  outcomes: Counter<'outcome'>;
}

export function answerCache(maxBytes = 32 * 1024 * 1024): AnswerCache {
  return {
    kept: new LRUCache<string, Answer>({
      max: 20_000,
      maxSize: maxBytes,
      maxEntrySize: 1024 * 1024,
      sizeCalculation: (a, key) => a.body.length + key.length + 64,
    }),
    compressed: compressedForms({ maxBytes: maxBytes / 2 }),
    outcomes: new Counter({
      name: 'data_tagged_reads_total',
      help: 'Version-tagged reads by outcome: revalidated (304), kept_compressed (a kept answer sent again as it was compressed), kept (sent again, compressed anew), computed',
      labelNames: ['outcome'],
      registers: [],
    }),
  };
}

/** The answer a request may keep once it is serialised (set when it missed the cache). */
const pending = new WeakMap<FastifyRequest, { key: string; version: number }>();

/**
 * An ETag from the user's version (moved on by every change to their runs) and the request's
 * URL, so that an If-None-Match is answered without running the query, serialising or hashing
 * the body, and so is a request without one while the kept answer of that version is there.
 * Only for answers that depend on nothing but the user's runs and the URL (not on the clock or
 * the caller). Call it after the caller's access to the user was checked; true means the reply
 * was sent.
 */
export async function answeredFromVersion(
  deps: { db: Kysely<DataTables>; answers: AnswerCache },
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
): Promise<boolean> {
  const version = await userVersion(deps.db, userId);
  const url = createHash('md5').update(request.url).digest('base64url').slice(0, 12);
  const tag = runsVersionTag(version, shapes, url);
  reply.header('etag', tag);
  const asked = request.headers['if-none-match'];
  if (asked && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)) {
    deps.answers.outcomes.inc({ outcome: 'revalidated' });
    await reply.code(304).send();
    return true;
  }
  const key = `${userId} ${request.url}`;
  reply.type('application/json; charset=utf-8');
  // The tag names the body: its form compressed for this Accept-Encoding, if kept, is sent as it
  // is; otherwise what compression makes of this reply is kept for the next one.
  if (await deps.answers.compressed.sendOrKeep(request, reply, `${key} ${tag}`)) {
    deps.answers.outcomes.inc({ outcome: 'kept_compressed' });
    return true;
  }
  const kept = deps.answers.kept.get(key);
  if (kept && kept.version === version) {
    deps.answers.outcomes.inc({ outcome: 'kept' });
    await reply.send(kept.body);
    return true;
  }
  deps.answers.outcomes.inc({ outcome: 'computed' });
  pending.set(request, { key, version });
  return false;
}

/**
 * Keeps a version-tagged read's 200 answer as it is serialised (a preSerialization hook of the
 * routes that tag): the body is serialised once, kept, and sent as it is, before any compression
 * (whose output `compressed` keeps).
 */
export function keepAnswers(answers: AnswerCache): preSerializationHookHandler<unknown> {
  return async (request, reply, payload) => {
    const slot = pending.get(request);
    const body = slot && reply.statusCode === 200 ? reply.serialize(payload) : undefined;
    if (slot && typeof body === 'string') {
      answers.kept.set(slot.key, { version: slot.version, body });
      reply.serializer(() => body);
    }
    return payload;
  };
}
