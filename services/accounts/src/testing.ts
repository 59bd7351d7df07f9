import { accountScopes, scopes, TOKEN_EXCHANGE_GRANT, USER_ID_TOKEN_TYPE } from '@runnerly/contracts';
import { testBus } from '@runnerly/bus/testing';
import { freshStore, type TestStore } from '@runnerly/storage/testing';
import { openServiceDatabase, serviceLogger, type RunningService } from '@runnerly/service-kit';
import type { Database } from '@runnerly/storage';
import { listMailbox, readMailbox, type StoredMail } from '@runnerly/mail';
import { tokendealerMigrations, upsertClient, type TokendealerTables } from '@runnerly/tokendealer';
import { startEmbedded, type EmbeddedSystem } from '@runnerly/cli';
import { accounts } from './service.ts';
import { migrations } from './migrations.ts';
import type { AccountsTables } from './tables.ts';
import { requestToken } from '@runnerly/cli/testing';

export interface AccountsTestSystem extends EmbeddedSystem {
  dataDir: string;
  /** The accounts database, to age tokens and inspect rows. */
  db: Database<AccountsTables>['db'];
  /** A service token as the gateway holds one (accounts:login, read, write; runs:*). */
  gatewayToken(): Promise<string>;
  /** A user token for this user (token exchange), as the gateway mints one at sign-in. */
  userToken(userId: string): Promise<string>;
  /** Waits for the newest mailbox mail to this address with this subject. */
  mailTo(to: string, subject: string, after?: string): Promise<StoredMail>;
  /** A second accounts instance with this extra environment (e.g. SMTP_URL), its own store. */
  startAccounts(env: Record<string, string>): Promise<RunningService>;
  close(): Promise<void>;
}

/**
 * The whole system (token dealer, accounts, data, …) on free ports with fresh stores —
 * SQLite and the in-process bus, or PostgreSQL and RabbitMQ in the distributed suite —
 * plus a client that holds what the gateway will hold.
 */
export async function startAccountsTestSystem(label: string): Promise<AccountsTestSystem> {
  const stores: TestStore[] = [
    await freshStore(`${label}_td`),
    await freshStore(`${label}_acc`),
    await freshStore(`${label}_data`),
  ];
  const [td, acc, data] = stores as [TestStore, TestStore, TestStore];
  const env: Record<string, string> = {
    ...(td.databaseUrl ? { TOKENDEALER_DATABASE_URL: td.databaseUrl } : {}),
    ...(acc.databaseUrl ? { ACCOUNTS_DATABASE_URL: acc.databaseUrl } : {}),
    ...(data.databaseUrl ? { DATA_DATABASE_URL: data.databaseUrl } : {}),
  };
  const bus = testBus();
  const system = await startEmbedded({ basePort: 0, dataDir: td.dataDir, env, quiet: true, bus });
  const tdDb = await openServiceDatabase<TokendealerTables>(
    'tokendealer',
    { databaseUrl: td.databaseUrl, dataDir: td.dataDir },
    tokendealerMigrations,
  );
  const userScopes = [accountScopes.accountsRead, accountScopes.accountsWrite, scopes.runsRead, scopes.runsWrite];
  const gateway = await upsertClient(tdDb.db, {
    clientId: 'test-gateway',
    scopes: [accountScopes.accountsLogin, scopes.tokenExchange, ...userScopes],
    userScopes,
  });
  await tdDb.close();
  const accountsDb = await openServiceDatabase<AccountsTables>(
    'accounts',
    { databaseUrl: acc.databaseUrl, dataDir: td.dataDir },
    migrations,
  );
  const extra: RunningService[] = [];
  const token = (form: Record<string, string>) => requestToken(system.urls.tokendealer!, form);
  return {
    ...system,
    dataDir: td.dataDir,
    db: accountsDb.db,
    gatewayToken: () =>
      token({ grant_type: 'client_credentials', client_id: gateway.clientId, client_secret: gateway.clientSecret }),
    userToken: (userId) =>
      token({
        grant_type: TOKEN_EXCHANGE_GRANT,
        client_id: gateway.clientId,
        client_secret: gateway.clientSecret,
        subject_token: userId,
        subject_token_type: USER_ID_TOKEN_TYPE,
      }),
    async mailTo(to, subject, after) {
      const deadline = Date.now() + 5000;
      for (;;) {
        const hit = (await listMailbox(td.dataDir, { to })).find(
          (m) => m.subject === subject && (!after || m.id > after),
        );
        if (hit) return (await readMailbox(td.dataDir, hit.id))!;
        if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${to}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async startAccounts(extraEnv) {
      const store = await freshStore(`${label}_acc2`);
      stores.push(store);
      const service = await accounts.start({
        env: {
          PORT: '0',
          LOG_LEVEL: 'warn',
          DATA_DIR: store.dataDir,
          TOKENDEALER_URL: system.urls.tokendealer,
          ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : {}),
          ...extraEnv,
        },
        bus,
        logger: serviceLogger('accounts-2', 'warn'),
      });
      extra.push(service);
      return service;
    },
    async close() {
      for (const s of extra) await s.close();
      await accountsDb.close();
      await system.close();
      for (const s of stores) await s.cleanup();
    },
  };
}

/** The token in a mail's link (`…?token=…`). */
export function tokenFromMail(text: string, path: string): string {
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in the mail:\n${text}`);
  return match[1]!;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

/** One JSON call with a bearer token. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  bearer?: string,
): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

let counter = 0;
/** A unique address per test run. */
export const newEmail = (tag = 'runner') => `${tag}.${process.pid}.${Date.now()}.${counter++}@example.com`;
