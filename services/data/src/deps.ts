import type { Kysely } from 'kysely';
import type { OutboxRelay } from '@runnerly/bus';
import type { Dialect } from '@runnerly/storage';
import type { DataTables } from './tables.ts';

export interface DataDeps {
  db: Kysely<DataTables>;
  dialect: Dialect;
  relay: OutboxRelay;
  /** The clock for "today" (tests set it; the wall clock otherwise). */
  now?: () => Date;
}
