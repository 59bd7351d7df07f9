import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { MonthRuns, RunList, RunRanks, RunSearch, RunTotals, UserRecords } from '@runnerly/contracts';
import { userVersion } from './store.ts';
import type { DataTables } from './tables.ts';

// The response shapes take part in every tag, so that a changed contract never revalidates a
// body of the old shape.
const shapes = createHash('md5')
  .update(JSON.stringify([RunList, MonthRuns, RunTotals, RunSearch, UserRecords, RunRanks]))
  .digest('base64url')
  .slice(0, 8);

/**
 * An ETag from the user's version (moved on by every change to their runs) and the request's
 * URL, so that an If-None-Match is answered without running the query, serialising or hashing
 * the body. Only for answers that depend on nothing but the user's runs and the URL (not on the
 * clock). Call it after the caller's access to the user was checked; true means a 304 was sent.
 */
export async function answeredFromVersion(
  db: Kysely<DataTables>,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
): Promise<boolean> {
  const version = await userVersion(db, userId);
  const url = createHash('md5').update(request.url).digest('base64url').slice(0, 12);
  const tag = `"v${version}.${shapes}.${url}"`;
  reply.header('etag', tag);
  const asked = request.headers['if-none-match'];
  if (asked && asked.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)) {
    await reply.code(304).send();
    return true;
  }
  return false;
}
