import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Type } from '@sinclair/typebox';
import { importScopes, scopes } from '@runnerly/contracts';
import {
  baseConfig,
  clientConfig,
  clientCredentialsProvider,
  ConfigError,
  connectBus,
  createService,
  createVerifier,
  listen,
  loadConfig,
  openServiceDatabase,
  ServiceClient,
  type ServiceModule,
} from '@runnerly/service-kit';
import { importsApp } from './app.ts';
import { subscribeImportsEvents } from './events.ts';
import type { ImportsDeps } from './deps.ts';
import { migrations } from './migrations.ts';
import { createParserPool } from './parser-pool.ts';
import type { ImportsTables } from './tables.ts';
import { resumeUnfinished, startWorker } from './work.ts';

const mb = (description: string, dflt: number) => Type.Integer({ minimum: 1, default: dflt, description });

export const importsConfig = {
  ...baseConfig,
  ...clientConfig,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8085 }),
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
  DEFAULT_TIMEZONE: Type.String({ default: 'UTC', description: 'Zone of runs whose file has no position' }),
};

export const imports: ServiceModule = {
  name: 'imports',
  description:
    'Upload jobs: GPX/TCX/FIT(.gz) files and Strava export ZIPs, parsed in worker threads, runs sent to the data service',
  defaultPort: 8085,
  clientScopes: [scopes.runsWrite],
  async start({ env, bus: sharedBus, logger }) {
    const config = loadConfig('imports', importsConfig, env);
    if (!config.CLIENT_ID || !config.CLIENT_SECRET)
      throw new ConfigError('imports', [
        'CLIENT_ID and CLIENT_SECRET: required (its client at the token dealer, with runs:write)',
      ]);
    const database = await openServiceDatabase<ImportsTables>(
      'imports',
      { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR },
      migrations,
    );
    const { bus, owned } = connectBus('imports', config.AMQP_URL, sharedBus, logger!);
    const blobDir = join(resolve(config.DATA_DIR), 'imports');
    mkdirSync(blobDir, { recursive: true });
    const pool = createParserPool(config.PARSE_THREADS);
    const data = new ServiceClient({
      service: 'data',
      baseUrl: config.DATA_URL,
      timeoutMs: 60_000,
      retries: 0,
      connections: 4,
      tokens: clientCredentialsProvider({
        tokenUrl: `${config.TOKENDEALER_URL}/oauth/token`,
        clientId: config.CLIENT_ID,
        clientSecret: config.CLIENT_SECRET,
      }),
    });
    const MB = 1024 * 1024;
    const deps: ImportsDeps = {
      db: database.db,
      bus,
      pool,
      data,
      blobDir,
      defaultTimeZone: config.DEFAULT_TIMEZONE,
      logger: logger!,
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
    const verifier = createVerifier({
      jwksUrl: `${config.TOKENDEALER_URL}/.well-known/jwks.json`,
      issuer: config.TOKEN_ISSUER,
    });
    const app = await createService({
      name: 'imports',
      logger,
      logLevel: config.LOG_LEVEL,
      publicUrl: config.PUBLIC_URL,
      requestTimeoutMs: 15 * 60_000,
      description: `Run file imports. Scopes: \`${importScopes.importsWrite}\` (upload), \`${importScopes.importsRead}\` (jobs). A user token reaches only its own jobs.`,
      routes: importsApp(deps, verifier),
      checks: { database: () => database.ping(), bus: () => bus.ping() },
    });
    await subscribeImportsEvents(bus, deps);
    const worker = await startWorker(deps, config.WORK_CONCURRENCY);
    const resumed = await resumeUnfinished(deps);
    if (resumed) logger!.info({ batches: resumed }, 'resumed unfinished import jobs');
    const url = await listen(app, config.PORT, config.HOST);
    return {
      name: 'imports',
      url,
      app,
      async close() {
        await app.close();
        await worker.stop();
        if (owned) await bus.close();
        await pool.close();
        await data.close();
        await database.close();
      },
    };
  },
};
