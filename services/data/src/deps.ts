import type { Kysely } from 'kysely';
import type { OutboxRelay } from '@runnerly/bus';
import type { DataTables } from './tables.ts';

export interface DataDeps {
  db: Kysely<DataTables>;
  relay: OutboxRelay;
}
