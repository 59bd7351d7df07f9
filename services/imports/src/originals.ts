import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { ImportFileRow, ImportsTables } from './tables.ts';

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);
type Db = Kysely<ImportsTables>;

/** The name a runner sees: the last part of the uploaded name (a ZIP entry's path loses its folders). */
function originalName(name: string): string {
  return name.split(/[/\\]/).pop() || 'activity';
}

/** A file's bytes as kept (gzipped), taken before the parser gets (and may move) the buffer. */
export interface KeptBytes {
  size: number;
  gzipped: Buffer;
}

export async function compressOriginal(bytes: Buffer): Promise<KeptBytes> {
  return { size: bytes.length, gzipped: await gzip(bytes) };
}

/**
 * Keeps the original bytes of a file whose runs were stored (added, or merged into a run the
 * data service had), with the runs it went to. A repeat (a message handled twice) keeps nothing more.
 */
export async function keepOriginal(
  db: Db,
  userId: string,
  file: Pick<ImportFileRow, 'id' | 'name'>,
  kept: KeptBytes,
  runIds: readonly string[],
  now: Date,
): Promise<void> {
  if (!runIds.length) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('original_files')
      .values({
        id: file.id,
        user_id: userId,
        name: originalName(file.name).slice(0, 255),
        size: kept.size,
        gzipped: kept.gzipped,
        created_at: now.toISOString(),
      })
      .onConflict((c) => c.doNothing())
      .execute();
    await trx
      .insertInto('original_file_runs')
      .values([...new Set(runIds)].map((run_id) => ({ run_id, file_id: file.id, user_id: userId })))
      .onConflict((c) => c.doNothing())
      .execute();
  });
}

export interface Original {
  name: string;
  bytes: Buffer;
}

/** The first file kept for a user's run, or undefined. */
export async function findOriginal(db: Db, userId: string, runId: string): Promise<Original | undefined> {
  const row = await db
    .selectFrom('original_file_runs as r')
    .innerJoin('original_files as f', 'f.id', 'r.file_id')
    .select(['f.name', 'f.gzipped'])
    .where('r.run_id', '=', runId)
    .where('r.user_id', '=', userId)
    .where('f.user_id', '=', userId)
    .orderBy('f.created_at')
    .orderBy('f.id')
    .executeTakeFirst();
  return row ? { name: row.name, bytes: await gunzip(Buffer.from(row.gzipped)) } : undefined;
}

/** A deleted run: its links go, and the files no other run of theirs still uses. */
export async function forgetRun(db: Db, userId: string, runId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const files = (
      await trx
        .selectFrom('original_file_runs')
        .select('file_id')
        .where('run_id', '=', runId)
        .where('user_id', '=', userId)
        .execute()
    ).map((r) => r.file_id);
    if (!files.length) return 0;
    await trx.deleteFrom('original_file_runs').where('run_id', '=', runId).where('user_id', '=', userId).execute();
    const res = await trx
      .deleteFrom('original_files')
      .where('id', 'in', files)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('original_file_runs as o')
              .select('o.file_id')
              .whereRef('o.file_id', '=', 'original_files.id'),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  });
}

/** Every original file of a user (account deleted). */
export async function forgetUser(db: Db, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('original_file_runs').where('user_id', '=', userId).execute();
    await trx.deleteFrom('original_files').where('user_id', '=', userId).execute();
  });
}
