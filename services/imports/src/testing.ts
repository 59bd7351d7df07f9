import { randomUUID } from 'node:crypto';
import yauzl from 'yauzl';
import { importScopes, scopes, TOKEN_EXCHANGE_GRANT, USER_ID_TOKEN_TYPE, type ImportJob } from '@runnerly/contracts';
import { openServiceDatabase, serviceLogger, type RunningService } from '@runnerly/service-kit';
import {
  requestToken,
  startTestServices,
  type TestServices,
  type TestServicesOptions,
} from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from '@runnerly/data';
import { accounts, accountsMigrations, type AccountsTables } from '@runnerly/accounts';
import { imports } from './service.ts';
import { migrations } from './migrations.ts';
import type { ImportsTables } from './tables.ts';
import { waitFor } from '@runnerly/testing';

export interface ImportsTestSystem extends TestServices {
  /** PostgreSQL database of the imports service (distributed suite), to start a second instance. */
  importsDatabaseUrl: string | undefined;
  /** The imports database, to inspect rows. */
  db: Awaited<ReturnType<typeof openServiceDatabase<ImportsTables>>>['db'];
  /** A user token (imports:read/write, runs:read) as the gateway mints one at sign-in. */
  userToken(userId: string): Promise<string>;
  /** A service token with these scopes. */
  serviceToken(scopeList: string[]): Promise<string>;
  /** With `accounts: true`: a runner whose profile is in `timeZone`; their user id. */
  addRunner(timeZone: string): Promise<string>;
}

/**
 * The token dealer, data and imports on free ports with fresh stores — SQLite and the
 * in-process bus, or PostgreSQL and RabbitMQ in the distributed suite. `env` reaches the
 * imports service (e.g. `{ MAX_FILE_MB: '2' }`). `accounts: true` starts the accounts service
 * too (the runners' profile zones).
 */
export async function startImportsTestSystem(
  label: string,
  env: Record<string, string> = {},
  options: Pick<TestServicesOptions, 'databaseUrl' | 'amqpUrl'> & { accounts?: boolean } = {},
): Promise<ImportsTestSystem> {
  const { accounts: withAccounts, ...faults } = options;
  const system = await startTestServices(
    label,
    withAccounts ? [tokendealer, accounts, data, imports] : [tokendealer, data, imports],
    { env: Object.fromEntries(Object.entries(env).map(([k, v]) => [`IMPORTS_${k}`, v])), ...faults },
  );
  const userScopes = [importScopes.importsRead, importScopes.importsWrite, scopes.runsRead];
  const gateway = await system.registerClient({
    clientId: 'test-gateway',
    scopes: [scopes.tokenExchange, ...userScopes, scopes.runsWrite],
    userScopes,
  });
  const importsDb = await openServiceDatabase<ImportsTables>(
    'imports',
    { databaseUrl: system.databaseUrls.imports, dataDir: system.dataDir },
    migrations,
  );
  const accountsDb = withAccounts
    ? await openServiceDatabase<AccountsTables>(
        'accounts',
        { databaseUrl: system.databaseUrls.accounts, dataDir: system.dataDir },
        accountsMigrations,
      )
    : null;
  const token = (form: Record<string, string>) => requestToken(system.urls.tokendealer!, form);
  return {
    ...system,
    importsDatabaseUrl: system.databaseUrls.imports,
    db: importsDb.db,
    userToken: (userId) =>
      token({
        grant_type: TOKEN_EXCHANGE_GRANT,
        client_id: gateway.clientId,
        client_secret: gateway.clientSecret,
        subject_token: userId,
        subject_token_type: USER_ID_TOKEN_TYPE,
      }),
    serviceToken: (list) =>
      token({
        grant_type: 'client_credentials',
        client_id: gateway.clientId,
        client_secret: gateway.clientSecret,
        scope: list.join(' '),
      }),
    async addRunner(timeZone) {
      if (!accountsDb) throw new Error('addRunner needs the system started with accounts: true');
      const id = randomUUID();
      const now = new Date().toISOString();
      await accountsDb.db
        .insertInto('users')
        .values({
          id,
          email: `runner.${id.slice(0, 8)}@example.com`,
          password_hash: 'x',
          name: null,
          birth_year: null,
          sex: null,
          weight_kg: null,
          max_hr: null,
          rest_hr: null,
          units: 'km',
          time_zone: timeZone,
          first_day_of_week: 'monday',
          email_monthly_report: 1,
          created_at: now,
          activated_at: now,
          updated_at: now,
        })
        .execute();
      return id;
    },
    async close() {
      await importsDb.close();
      await accountsDb?.close();
      await system.close();
    },
  };
}

export interface UploadFile {
  name: string;
  bytes: Uint8Array | string;
  type?: string;
}
export interface Reply {
  status: number;
  body: any;
}

/** A real multipart upload over HTTP (fetch + FormData). */
export async function upload(
  base: string,
  userId: string,
  token: string,
  files: UploadFile[],
  query = '',
): Promise<Reply> {
  const form = new FormData();
  for (const f of files)
    form.append(
      'file',
      new Blob([typeof f.bytes === 'string' ? f.bytes : new Uint8Array(f.bytes)], {
        type: f.type ?? 'application/octet-stream',
      }),
      f.name,
    );
  const res = await fetch(`${base}/users/${userId}/imports${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function getJson(url: string, token?: string): Promise<Reply> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Polls a job until it is done or failed. */
export async function waitForJob(
  base: string,
  userId: string,
  jobId: string,
  token: string,
  timeoutMs = 60_000,
): Promise<ImportJob> {
  return waitFor(
    `job ${jobId} to finish`,
    async () => {
      const res = await getJson(`${base}/users/${userId}/imports/${jobId}`, token);
      if (res.status !== 200) throw new Error(`job ${jobId}: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body.status === 'done' || res.body.status === 'failed') && (res.body as ImportJob);
    },
    timeoutMs,
  );
}

/** Every run of a user in the data service (newest first). */
export async function allRuns(dataUrl: string, userId: string, token: string): Promise<any[]> {
  const out: any[] = [];
  let before: string | null = null;
  for (;;) {
    const res = await getJson(
      `${dataUrl}/users/${userId}/runs?limit=100${before ? `&before=${encodeURIComponent(before)}` : ''}`,
      token,
    );
    if (res.status !== 200) throw new Error(`runs: ${res.status} ${JSON.stringify(res.body)}`);
    out.push(...res.body.runs);
    if (!res.body.next_before) return out;
    before = res.body.next_before;
  }
}

export const newUser = () => randomUUID();

/** Every entry of a ZIP (name → bytes), read with yauzl. */
export function readZip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** A second imports instance on the test system's database and bus (a replica, or the service restarted). */
export function startAnotherImports(sys: ImportsTestSystem, env: Record<string, string> = {}): Promise<RunningService> {
  const creds = sys.credentials.get('imports')!;
  return imports.start({
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: sys.dataDir,
      ...(sys.importsDatabaseUrl ? { DATABASE_URL: sys.importsDatabaseUrl } : {}),
      TOKENDEALER_URL: sys.urls.tokendealer!,
      DATA_URL: sys.urls.data!,
      CLIENT_ID: creds.clientId,
      CLIENT_SECRET: creds.clientSecret,
      ...env,
    },
    bus: sys.bus,
    logger: serviceLogger('imports-2', 'warn'),
  });
}
