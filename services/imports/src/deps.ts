import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Bus } from '@runnerly/bus';
import type { ServiceClient } from '@runnerly/service-kit';
import type { ParserPool } from './parser-pool.ts';
import type { ImportsTables } from './tables.ts';

export interface ImportLimits {
  /** One activity file (also a ZIP entry, also once gunzipped). */
  maxFileBytes: number;
  /** One uploaded ZIP. */
  maxZipBytes: number;
  /** Declared uncompressed total of one ZIP. */
  maxUnzippedBytes: number;
  maxZipEntries: number;
  maxZipRatio: number;
  /** Files in one request. */
  maxFilesPerRequest: number;
}

export interface ImportsDeps {
  db: Kysely<ImportsTables>;
  bus: Bus;
  pool: ParserPool;
  /** The data service, called with this service's own token (runs:write). */
  data: Pick<ServiceClient, 'post' | 'get'>;
  limits: ImportLimits;
  /** Uploads arrive under `<blobDir>/<job id>/`; they stay there until the job is finished (`files`). */
  blobDir: string;
  /** Where uploaded bytes wait to be parsed: `files` (blobDir, one machine or a shared volume) or `database` (any replica). */
  uploadStore: 'files' | 'database';
  /** Zone of runs whose file gives none (no GPS, no offset) when the runner's profile cannot say. */
  defaultTimeZone: string;
  /** The runner's profile zone (accounts service): the zone of runs whose file gives none. */
  profileZone(userId: string): Promise<string>;
  logger: Logger;
  now(): Date;
}
