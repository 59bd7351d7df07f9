import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { OutboxRelay } from '@runnerly/bus';
import type { SecretBox, ServiceClient } from '@runnerly/service-kit';
import type { TrainingTables } from './tables.ts';

export interface TrainingDeps {
  db: Kysely<TrainingTables>;
  relay: OutboxRelay;
  /** The data service: runs and their best efforts. */
  data: ServiceClient;
  /** The races service: a runner's races and goals. */
  races: ServiceClient | undefined;
  /** Seals the iCal feeds' secrets. */
  box: SecretBox;
  logger: Logger;
  now(): Date;
}
