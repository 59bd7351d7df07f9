import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Type } from '@sinclair/typebox';
import { accountScopes, importScopes, scopes } from '@runnerly/contracts';
import { defineService, profileZones } from '@runnerly/service-kit';
import { importsApp } from './app.ts';
import { importsSubscriptions } from './events.ts';
import type { ImportsDeps } from './deps.ts';
import { migrations } from './migrations.ts';
import { createParserPool } from './parser-pool.ts';
import type { ImportsTables } from './tables.ts';
import { startExportWorker } from './exports.ts';
import { resumeUnfinished, startSweeper, startWorker } from './work.ts';

const mb = (description: string, dflt: number) => Type.Integer({ minimum: 1, default: dflt, description });

const settings = {
  DATA_URL: Type.String({ pattern: '^https?://', description: 'Data service base URL (runs go there)' }),
  MAX_FILE_MB: mb('Largest activity file, also a ZIP entry and a file once gunzipped (MB)', 50),
  MAX_ZIP_MB: mb('Largest uploaded ZIP (MB)', 500),
  MAX_UNZIPPED_MB: mb('Largest declared uncompressed total of one ZIP (MB)', 4096),
  MAX_ZIP_ENTRIES: Type.Integer({ minimum: 1, default: 50_000, description: 'Most entries in one ZIP' }),
  MAX_ZIP_RATIO: Type.Integer({
    minimum: 2,
    default: 200,
    description: 'Highest compression ratio of a ZIP entry above 1 MB (zip bomb guard)',
  }),
  MAX_FILES_PER_REQUEST: Type.Integer({ minimum: 1, default: 100 }),
  PARSE_THREADS: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 64, description: 'Parser worker threads (default: CPUs - 1, at most 4)' }),
  ),
  WORK_CONCURRENCY: Type.Integer({
    minimum: 1,
    maximum: 32,
    default: 2,
    description: 'Work messages handled at once by this instance',
  }),
  UPLOAD_DIR: Type.Optional(
    Type.String({ minLength: 1, description: 'Folder where uploads arrive (default DATA_DIR/imports)' }),
  ),
  UPLOAD_STORE: Type.Union([Type.Literal('files'), Type.Literal('database')], {
    default: 'files',
    description:
      'Where uploaded bytes wait to be parsed: files (UPLOAD_DIR: one machine, or a volume every replica shares) or database (the imports database: any replica parses any upload)',
  }),
  ACCOUNTS_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: "Accounts service (the runner's profile zone, for runs whose file has no position or clock offset)",
    }),
  ),
  DEFAULT_TIMEZONE: Type.String({
    default: 'UTC',
    description: 'Zone of runs whose file has no position or clock offset, when ACCOUNTS_URL is unset',
  }),
  SWEEP_SECONDS: Type.Number({
    minimum: 0.1,
    default: 5,
    description: 'How often jobs created while the bus was unavailable are looked for and enqueued',
  }),
};

const MB = 1024 * 1024;

export const imports = defineService<typeof settings, ImportsTables>({
  name: 'imports',
  description:
    'Upload jobs: GPX/TCX/FIT(.gz) files and Strava export ZIPs, parsed in worker threads, runs sent to the data service',
  defaultPort: 8085,
  config: settings,
  migrations,
  bus: true,
  outbox: true,
  scopes: { client: [scopes.runsWrite, scopes.runsRead, accountScopes.accountsRead] },
  requiresCredentials: true,
  setup({ config, database, bus, verifier, logger, client, onClose }) {
    const blobDir = resolve(config.UPLOAD_DIR ?? join(config.DATA_DIR, 'imports'));
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the upload folder, from the settings
    mkdirSync(blobDir, { recursive: true });
    const pool = createParserPool(config.PARSE_THREADS);
    onClose(() => pool.close());
    const deps: ImportsDeps = {
      db: database.db,
      bus,
      pool,
      data: client('data', config.DATA_URL, { timeoutMs: 60_000, retries: 0, connections: 4 }),
      blobDir,
      uploadStore: config.UPLOAD_STORE,
      defaultTimeZone: config.DEFAULT_TIMEZONE,
      profileZone: profileZones(
        config.ACCOUNTS_URL ? client('accounts', config.ACCOUNTS_URL, { timeoutMs: 10_000, connections: 2 }) : null,
        config.DEFAULT_TIMEZONE,
      ),
      logger,
      now: () => new Date(),
      limits: {
        maxFileBytes: config.MAX_FILE_MB * MB,
        maxZipBytes: config.MAX_ZIP_MB * MB,
        maxUnzippedBytes: config.MAX_UNZIPPED_MB * MB,
        maxZipEntries: config.MAX_ZIP_ENTRIES,
        maxZipRatio: config.MAX_ZIP_RATIO,
        maxFilesPerRequest: config.MAX_FILES_PER_REQUEST,
      },
    };
    return {
      docs: `Run file imports. Scopes: \`${importScopes.importsWrite}\` (upload), \`${importScopes.importsRead}\` (jobs). A user token reaches only its own jobs.`,
      routes: importsApp(deps, verifier),
      http: { requestTimeoutMs: 15 * 60_000 },
      subscriptions: importsSubscriptions(deps),
      workers: [
        {
          name: 'parse',
          async start() {
            const worker = await startWorker(deps, config.WORK_CONCURRENCY);
            const resumed = await resumeUnfinished(deps);
            if (resumed) logger.info({ batches: resumed }, 'resumed unfinished import jobs');
            return worker;
          },
        },
        { name: 'sweep', start: () => startSweeper(deps, config.SWEEP_SECONDS * 1000) },
        { name: 'export', start: () => startExportWorker(deps) },
      ],
    };
  },
});
