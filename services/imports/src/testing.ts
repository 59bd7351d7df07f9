import { randomUUID } from 'node:crypto';
import { importScopes, scopes, TOKEN_EXCHANGE_GRANT, USER_ID_TOKEN_TYPE, type ImportJob } from '@runnerly/contracts';
import { testBus } from '@runnerly/bus/testing';
import { freshStore, type TestStore } from '@runnerly/storage/testing';
import { openServiceDatabase } from '@runnerly/service-kit';
import { tokendealerMigrations, upsertClient, type TokendealerTables } from '@runnerly/tokendealer';
import { startEmbedded, type EmbeddedSystem } from '@runnerly/cli';
import { migrations } from './migrations.ts';
import type { ImportsTables } from './tables.ts';
import { requestToken } from '@runnerly/cli/testing';

export interface ImportsTestSystem extends EmbeddedSystem {
  dataDir: string;
  /** PostgreSQL database of the imports service (distributed suite), to start a second instance. */
  importsDatabaseUrl: string | undefined;
  /** The imports database, to inspect rows. */
  db: Awaited<ReturnType<typeof openServiceDatabase<ImportsTables>>>['db'];
  /** A user token (imports:read/write, runs:read) as the gateway mints one at sign-in. */
  userToken(userId: string): Promise<string>;
  /** A service token with these scopes. */
  serviceToken(scopeList: string[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * The whole system (token dealer, data, imports, …) on free ports with fresh stores —
 * SQLite and the in-process bus, or PostgreSQL and RabbitMQ in the distributed suite.
 * `env` reaches the imports service (e.g. `{ MAX_FILE_MB: '2' }`).
 */
export async function startImportsTestSystem(
  label: string,
  env: Record<string, string> = {},
): Promise<ImportsTestSystem> {
  const stores: TestStore[] = [
    await freshStore(`${label}_td`),
    await freshStore(`${label}_data`),
    await freshStore(`${label}_imp`),
  ];
  const [td, data, imp] = stores as [TestStore, TestStore, TestStore];
  const systemEnv: Record<string, string> = {
    ...(td.databaseUrl ? { TOKENDEALER_DATABASE_URL: td.databaseUrl } : {}),
    ...(data.databaseUrl ? { DATA_DATABASE_URL: data.databaseUrl } : {}),
    ...(imp.databaseUrl ? { IMPORTS_DATABASE_URL: imp.databaseUrl } : {}),
    ...Object.fromEntries(Object.entries(env).map(([k, v]) => [`IMPORTS_${k}`, v])),
  };
  const bus = testBus();
  const system = await startEmbedded({ basePort: 0, dataDir: td.dataDir, env: systemEnv, quiet: true, bus });
  const tdDb = await openServiceDatabase<TokendealerTables>(
    'tokendealer',
    { databaseUrl: td.databaseUrl, dataDir: td.dataDir },
    tokendealerMigrations,
  );
  const userScopes = [importScopes.importsRead, importScopes.importsWrite, scopes.runsRead];
  const gateway = await upsertClient(tdDb.db, {
    clientId: 'test-gateway',
    scopes: [scopes.tokenExchange, ...userScopes, scopes.runsWrite],
    userScopes,
  });
  await tdDb.close();
  const importsDb = await openServiceDatabase<ImportsTables>(
    'imports',
    { databaseUrl: imp.databaseUrl, dataDir: td.dataDir },
    migrations,
  );
  const token = (form: Record<string, string>) => requestToken(system.urls.tokendealer!, form);
  return {
    ...system,
    dataDir: td.dataDir,
    importsDatabaseUrl: imp.databaseUrl,
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
    async close() {
      await importsDb.close();
      await system.close();
      for (const s of stores) await s.cleanup();
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
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await getJson(`${base}/users/${userId}/imports/${jobId}`, token);
    if (res.status !== 200) throw new Error(`job ${jobId}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.status === 'done' || res.body.status === 'failed') return res.body as ImportJob;
    if (Date.now() > deadline)
      throw new Error(
        `job ${jobId} still ${res.body.status} after ${timeoutMs} ms: ${JSON.stringify(res.body).slice(0, 500)}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
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
