import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BusMessage } from '@runnerly/bus';
import type { Subscription } from '@runnerly/service-kit';
import { topics, type AccountDeletedEvent, type RunDeletedEvent } from '@runnerly/contracts';
import { forgetExports } from './exports.ts';
import { forgetRun, forgetUser } from './originals.ts';
import type { ImportsDeps } from './deps.ts';

export type AccountDeletedDeps = Pick<ImportsDeps, 'db' | 'blobDir' | 'logger'>;

const CHUNK = 200;
const jobIdPattern = /^[0-9a-f-]{36}$/i;

/**
 * account.deleted → the user's import jobs, their per-file rows and any uploaded bytes still
 * under DATA_DIR/imports go. The bytes first: while the rows remain, a retry finds the
 * folders again. Idempotent: a repeat finds no job and deletes nothing. The runs themselves
 * are the data service's (it handles the same event).
 */
export async function handleAccountDeleted(
  message: BusMessage<AccountDeletedEvent>,
  deps: AccountDeletedDeps,
): Promise<void> {
  const userId = message.payload.user_id;
  const ids = (await deps.db.selectFrom('import_jobs').select('id').where('user_id', '=', userId).execute()).map(
    (j) => j.id,
  );
  await forgetUser(deps.db, userId);
  await forgetExports(deps, userId);
  for (const id of ids) if (jobIdPattern.test(id)) await rm(join(deps.blobDir, id), { recursive: true, force: true });
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    await deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('upload_bytes').where('job_id', 'in', chunk).execute();
      await trx.deleteFrom('import_files').where('job_id', 'in', chunk).execute();
      await trx.deleteFrom('import_jobs').where('id', 'in', chunk).execute();
    });
  }
  if (ids.length) deps.logger.info({ userId, jobs: ids.length }, 'account deleted: import jobs and uploads removed');
}

/** run.deleted → the original files kept for that run go (a file another run still uses stays). */
export async function handleRunDeleted(message: BusMessage<RunDeletedEvent>, deps: AccountDeletedDeps): Promise<void> {
  const { user_id: userId, run_id: runId } = message.payload;
  const gone = await forgetRun(deps.db, userId, runId);
  if (gone) deps.logger.info({ userId, runId }, 'run deleted: its original file removed');
}

/** The events the imports service consumes. */
export function importsSubscriptions(deps: AccountDeletedDeps): Subscription[] {
  return [
    {
      group: 'imports.account-deleted',
      topics: [topics.accountDeleted],
      handle: (m) => handleAccountDeleted(m as BusMessage<AccountDeletedEvent>, deps),
      options: { maxAttempts: 10 },
    },
    {
      group: 'imports.run-deleted',
      topics: [topics.runDeleted],
      handle: (m) => handleRunDeleted(m as BusMessage<RunDeletedEvent>, deps),
      options: { maxAttempts: 10 },
    },
  ];
}
