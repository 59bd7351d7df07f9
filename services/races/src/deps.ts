import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { OutboxRelay } from '@runnerly/bus';
import type { ServiceClient } from '@runnerly/service-kit';
import type { RacesTables } from './tables.ts';

export interface RacesDeps {
  db: Kysely<RacesTables>;
  relay: OutboxRelay;
  /** The Data Service (runs, for results); undefined when DATA_URL is not set. */
  data: ServiceClient | undefined;
  logger: Logger;
  now: () => Date;
}
