import type { Kysely } from 'kysely';
import type { OutboxRelay } from '@runnerly/bus';
import type { Dialect } from '@runnerly/storage';
import type { DataTables } from './tables.ts';
import type { AnswerCache } from './revalidate.ts';

export interface DataDeps {
  db: Kysely<DataTables>;
  dialect: Dialect;
  relay: OutboxRelay;
  /** Serialised answers of the version-tagged reads (revalidate.ts). */
  answers: AnswerCache;
  /** The clock for "today" (tests set it; the wall clock otherwise). */
  now?: () => Date;
}
