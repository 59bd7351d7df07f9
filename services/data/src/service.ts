import { Type } from '@sinclair/typebox';
import { scopes } from '@runnerly/contracts';
import {
  baseConfig,
  clientConfig,
  connectBus,
  createService,
  createVerifier,
  listen,
  loadConfig,
  openServiceDatabase,
  startRelay,
  type ServiceModule,
} from '@runnerly/service-kit';
import { dataApp } from './app.ts';
import { subscribeDataEvents } from './events.ts';
import { migrations } from './migrations.ts';
import type { DataTables } from './tables.ts';

export const dataConfig = {
  ...baseConfig,
  ...clientConfig,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8083 }),
};

export const data: ServiceModule = {
  name: 'data',
  description: 'The Data Service: runs (and later races, plans, report archive) behind an OpenAPI spec',
  defaultPort: 8083,
  clientScopes: [],
  async start({ env, bus: sharedBus, logger }) {
    const config = loadConfig('data', dataConfig, env);
    const database = await openServiceDatabase<DataTables>(
      'data',
      { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR },
      migrations,
    );
    const { bus, owned } = connectBus('data', config.AMQP_URL, sharedBus, logger!);
    const relay = startRelay('data', database, bus, logger!);
    const deps = { db: database.db, dialect: database.dialect, relay };
    await subscribeDataEvents(bus, deps);
    const verifier = createVerifier({
      jwksUrl: `${config.TOKENDEALER_URL}/.well-known/jwks.json`,
      issuer: config.TOKEN_ISSUER,
    });
    const app = await createService({
      name: 'data',
      logger,
      logLevel: config.LOG_LEVEL,
      publicUrl: config.PUBLIC_URL,
      description: `Runs of every runner. Scopes: \`${scopes.runsRead}\`, \`${scopes.runsWrite}\`. A service token acts for any user; a user token only for its own user.`,
      routes: dataApp(deps, verifier),
      checks: { database: () => database.ping(), bus: () => bus.ping() },
    });
    const url = await listen(app, config.PORT, config.HOST);
    return {
      name: 'data',
      url,
      app,
      async close() {
        await app.close();
        await relay.stop();
        if (owned) await bus.close();
        await database.close();
      },
    };
  },
};
