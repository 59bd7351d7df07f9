import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BusMessage } from '@runnerly/bus';
import type { Subscription } from '@runnerly/service-kit';
import { topics, type AccountDeletedEvent } from '@runnerly/contracts';
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

/** The events the imports service consumes. */
export function importsSubscriptions(deps: AccountDeletedDeps): Subscription[] {
  return [
    {
      group: 'imports.account-deleted',
      topics: [topics.accountDeleted],
      handle: (m) => handleAccountDeleted(m as BusMessage<AccountDeletedEvent>, deps),
      options: { maxAttempts: 10 },
    },
  ];
}
