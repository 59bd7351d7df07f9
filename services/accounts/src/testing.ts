import { accountScopes, scopes, TOKEN_EXCHANGE_GRANT, USER_ID_TOKEN_TYPE } from '@runnerly/contracts';
import { freshStore } from '@runnerly/storage/testing';
import { openServiceDatabase, serviceLogger, type RunningService } from '@runnerly/service-kit';
import { requestToken, startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import type { Database } from '@runnerly/storage';
import { listMailbox, readMailbox, type StoredMail } from '@runnerly/mail';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from '@runnerly/data';
import { accounts } from './service.ts';
import { migrations } from './migrations.ts';
import type { AccountsTables } from './tables.ts';
import { waitFor } from '@runnerly/testing';

export interface AccountsTestSystem extends TestServices {
  /** Where the links in mails point (the dashboard). */
  dashboardUrl: string;
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
}

/**
 * The token dealer, accounts and data on free ports with fresh stores — SQLite and the
 * in-process bus, or PostgreSQL and RabbitMQ in the distributed suite — plus a client that
 * holds what the gateway will hold.
 */
export async function startAccountsTestSystem(label: string): Promise<AccountsTestSystem> {
  const dashboardUrl = 'http://dashboard.test';
  const system = await startTestServices(label, [tokendealer, accounts, data], {
    env: { ACCOUNTS_DASHBOARD_URL: dashboardUrl },
  });
  const userScopes = [accountScopes.accountsRead, accountScopes.accountsWrite, scopes.runsRead, scopes.runsWrite];
  const gateway = await system.registerClient({
    clientId: 'test-gateway',
    scopes: [accountScopes.accountsLogin, scopes.tokenExchange, ...userScopes],
    userScopes,
  });
  const accountsDb = await openServiceDatabase<AccountsTables>(
    'accounts',
    { databaseUrl: system.databaseUrls.accounts, dataDir: system.dataDir },
    migrations,
  );
  const extra: RunningService[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  const token = (form: Record<string, string>) => requestToken(system.urls.tokendealer!, form);
  return {
    ...system,
    dashboardUrl,
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
      const hit = await waitFor(
        `a mail "${subject}" to ${to}`,
        async () =>
          (await listMailbox(system.dataDir, { to })).find((m) => m.subject === subject && (!after || m.id > after)),
        5000,
        20,
      );
      return (await readMailbox(system.dataDir, hit.id))!;
    },
    async startAccounts(extraEnv) {
      const store = await freshStore(`${label}_acc2`);
      cleanups.push(() => store.cleanup());
      const service = await accounts.start({
        env: {
          PORT: '0',
          LOG_LEVEL: 'warn',
          DATA_DIR: store.dataDir,
          TOKENDEALER_URL: system.urls.tokendealer,
          ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : {}),
          ...extraEnv,
        },
        bus: system.bus,
        logger: serviceLogger('accounts-2', 'warn'),
      });
      extra.push(service);
      return service;
    },
    async close() {
      for (const s of extra) await s.close();
      await accountsDb.close();
      await system.close();
      for (const c of cleanups) await c();
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
