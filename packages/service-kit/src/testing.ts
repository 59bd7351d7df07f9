// Test helpers: the services a test needs (not the whole system) on free ports with fresh
// stores — SQLite and the in-process bus, or PostgreSQL databases and RabbitMQ in the
// distributed suite — and tokens from the real token dealer.
import { TOKEN_EXCHANGE_GRANT, USER_ID_TOKEN_TYPE, scopes } from '@runnerly/contracts';
import type { Bus } from '@runnerly/bus';
import { testBus } from '@runnerly/bus/testing';
import { freshStore, type TestStore } from '@runnerly/storage/testing';
import type { Env } from './config.ts';
import { clientRegistry, clientSpecs, startTogether, type RunningSystem } from './compose/start-together.ts';
import { envPrefix } from './compose/service-env.ts';
import type { ClientSpec, Credentials, ServiceModule } from './run-service.ts';

export interface TestServices extends RunningSystem {
  /** The data folder the services share (SQLite files, keys, the development mailbox). */
  dataDir: string;
  /** The bus the services share (in-process, or RabbitMQ in the distributed suite). */
  bus: Bus;
  /** Each service's PostgreSQL database in the distributed suite (undefined: SQLite). */
  databaseUrls: Record<string, string | undefined>;
  /** The test's own client at the token dealer. */
  client: { id: string; secret: string };
  /** The services' own clients, as the composition registered them. */
  credentials: Map<string, Credentials>;
  /** A service token (client credentials) of the test's client, with these scopes (default: all it holds). */
  serviceToken(scopeList?: string[]): Promise<string>;
  /** A user token for this user (token exchange), as the gateway gets one. */
  userToken(userId: string, scopeList?: string[]): Promise<string>;
  /** Registers one more client at the token dealer (e.g. what the gateway holds). */
  registerClient(spec: ClientSpec): Promise<Credentials>;
}

export interface TestServicesOptions {
  /** The system's environment: `<SERVICE>_KEY` settings reach that service as `KEY`. */
  env?: Env;
  /** Scopes of the test's client (default: runs:read, runs:write, keys:rotate). */
  scopes?: string[];
  /** Scopes it may ask for in user tokens (default: runs:read, runs:write). */
  userScopes?: string[];
  logLevel?: string;
  /** Rewrites a service's PostgreSQL URL (e.g. through a TCP proxy a fault test cuts). */
  databaseUrl?(service: string, url: string): string;
  /** Rewrites the RabbitMQ URL the services' shared bus connects to (distributed suite). */
  amqpUrl?(url: string): string;
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
 * Starts these services (the token dealer among them, first) as the all-in-one mode would,
 * with a fresh store each, and a client for the test itself.
 */
export async function startTestServices(
  label: string,
  modules: ServiceModule[],
  options: TestServicesOptions = {},
): Promise<TestServices> {
  const stores: TestStore[] = [];
  const databaseUrls: Record<string, string | undefined> = {};
  const env: Env = { ...options.env };
  for (const module of modules) {
    const store = await freshStore(`${label}_${module.name}`);
    stores.push(store);
    databaseUrls[module.name] = store.databaseUrl;
    if (store.databaseUrl)
      env[`${envPrefix(module.name)}DATABASE_URL`] =
        options.databaseUrl?.(module.name, store.databaseUrl) ?? store.databaseUrl;
  }
  const dataDir = stores[0]!.dataDir;
  const registry = clientRegistry(modules);
  const registryEnv = { DATABASE_URL: databaseUrls[registry.name], DATA_DIR: dataDir };
  const register = async (spec: ClientSpec) =>
    (await registry.registerClients!(registryEnv, [spec])).get(spec.clientId)!;
  const credentials = await registry.registerClients!(registryEnv, clientSpecs(modules));
  // Two clients, as in production: one for service tokens, one that may exchange them for users.
  const tester = await register({
    clientId: 'tester',
    scopes: options.scopes ?? [scopes.runsRead, scopes.runsWrite, scopes.keysRotate],
  });
  const exchanger = await register({
    clientId: 'exchanger',
    scopes: [scopes.tokenExchange],
    userScopes: options.userScopes ?? [scopes.runsRead, scopes.runsWrite],
  });
  const bus = testBus(options.amqpUrl);
  let system: RunningSystem;
  try {
    system = await startTogether(
      modules.map((module, offset) => ({ module, offset })),
      { env, basePort: 0, host: '127.0.0.1', dataDir, logLevel: options.logLevel ?? 'warn', bus, credentials },
    );
  } catch (err) {
    await bus.close();
    for (const s of stores) await s.cleanup();
    throw err;
  }
  const token = (form: Record<string, string>) => requestToken(system.urls[registry.name]!, form);
  return {
    ...system,
    dataDir,
    bus,
    databaseUrls,
    client: { id: tester.clientId, secret: tester.clientSecret },
    credentials,
    registerClient: register,
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
      await bus.close();
      for (const s of stores) await s.cleanup();
    },
  };
}
