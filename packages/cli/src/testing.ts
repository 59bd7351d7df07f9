import { USER_ID_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT, scopes } from '@runnerly/contracts';
import { testBus } from '@runnerly/bus/testing';
import { freshStore, type TestStore } from '@runnerly/storage/testing';
import { openServiceDatabase } from '@runnerly/service-kit';
import { tokendealerMigrations, upsertClient, type TokendealerTables } from '@runnerly/tokendealer';
import { startEmbedded, type EmbeddedSystem } from './embedded.ts';

export interface TestSystem extends EmbeddedSystem {
  /** A service token (client credentials) with these scopes. */
  serviceToken(scopeList?: string[]): Promise<string>;
  /** A user token for this user (token exchange), as the gateway gets one. */
  userToken(userId: string, scopeList?: string[]): Promise<string>;
  /** Client id and secret of a registered client, to test the token endpoint itself. */
  client: { id: string; secret: string };
}

/** A token from the token dealer for this form (client credentials or token exchange); throws when refused. */
export async function requestToken(tokendealerUrl: string, form: Record<string, string>): Promise<string> {
  const res = await fetch(`${tokendealerUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/**
 * The whole system as `npm start` runs it, on free ports with fresh stores: SQLite and the
 * in-process bus, or in the distributed suite PostgreSQL databases and RabbitMQ.
 */
export async function startTestSystem(label: string): Promise<TestSystem> {
  const stores: TestStore[] = [await freshStore(`${label}_td`), await freshStore(`${label}_data`)];
  const [td, data] = stores as [TestStore, TestStore];
  const env = {
    ...(td.databaseUrl ? { TOKENDEALER_DATABASE_URL: td.databaseUrl } : {}),
    ...(data.databaseUrl ? { DATA_DATABASE_URL: data.databaseUrl } : {}),
  };
  const bus = testBus();
  const system = await startEmbedded({ basePort: 0, dataDir: td.dataDir, env, quiet: true, bus });
  const database = await openServiceDatabase<TokendealerTables>(
    'tokendealer',
    { databaseUrl: td.databaseUrl, dataDir: td.dataDir },
    tokendealerMigrations,
  );
  const tester = await upsertClient(database.db, {
    clientId: 'tester',
    scopes: [scopes.runsRead, scopes.runsWrite, scopes.keysRotate],
  });
  const exchanger = await upsertClient(database.db, {
    clientId: 'exchanger',
    scopes: [scopes.tokenExchange],
    userScopes: [scopes.runsRead, scopes.runsWrite],
  });
  await database.close();
  const token = (form: Record<string, string>) => requestToken(system.urls.tokendealer!, form);
  return {
    ...system,
    client: { id: tester.clientId, secret: tester.clientSecret },
    serviceToken: (list) =>
      token({
        grant_type: 'client_credentials',
        client_id: tester.clientId,
        client_secret: tester.clientSecret,
        ...(list ? { scope: list.join(' ') } : {}),
      }),
    userToken: (userId, list) =>
      token({
        grant_type: TOKEN_EXCHANGE_GRANT,
        client_id: exchanger.clientId,
        client_secret: exchanger.clientSecret,
        subject_token: userId,
        subject_token_type: USER_ID_TOKEN_TYPE,
        ...(list ? { scope: list.join(' ') } : {}),
      }),
    async close() {
      await system.close();
      for (const s of stores) await s.cleanup();
    },
  };
}
