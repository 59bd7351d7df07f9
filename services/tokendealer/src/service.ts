import { Type } from '@sinclair/typebox';
import { createLocalJWKSet } from 'jose';
import {
  baseConfig,
  createService,
  createVerifier,
  listen,
  loadConfig,
  openServiceDatabase,
  type ServiceModule,
} from '@runnerly/service-kit';
import { tokendealerApp } from './app.ts';
import { KeyRing } from './keys.ts';
import { migrations } from './migrations.ts';
import type { TokendealerTables } from './tables.ts';

export const tokendealerConfig = {
  ...baseConfig,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8081 }),
  TOKEN_ISSUER: Type.String({ default: 'runnerly-tokendealer' }),
  TOKEN_TTL_SECONDS: Type.Integer({
    minimum: 30,
    maximum: 86400,
    default: 900,
    description: 'Lifetime of service tokens',
  }),
  USER_TOKEN_TTL_SECONDS: Type.Integer({
    minimum: 30,
    maximum: 3600,
    default: 300,
    description: 'Lifetime of user tokens',
  }),
  SIGNING_ALG: Type.Union([Type.Literal('EdDSA'), Type.Literal('ES256')], { default: 'EdDSA' }),
  KEY_ROTATION_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
};

export const tokendealer: ServiceModule = {
  name: 'tokendealer',
  description: 'OAuth2 client credentials and token exchange; signs short-lived JWTs, publishes its JWKS',
  defaultPort: 8081,
  clientScopes: [],
  async start({ env, logger }) {
    const config = loadConfig('tokendealer', tokendealerConfig, env);
    const database = await openServiceDatabase<TokendealerTables>(
      'tokendealer',
      { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR },
      migrations,
    );
    const keys = new KeyRing(database.db, {
      alg: config.SIGNING_ALG,
      maxTokenTtlSeconds: Math.max(config.TOKEN_TTL_SECONDS, config.USER_TOKEN_TTL_SECONDS),
      rotateAfterDays: config.KEY_ROTATION_DAYS,
    });
    await keys.init();
    // Its own admin routes are checked against its own keys, read from memory.
    const verifier = createVerifier({
      jwksUrl: 'http://local/jwks',
      issuer: config.TOKEN_ISSUER,
      algorithms: [config.SIGNING_ALG],
      keySet: async (header, token) => createLocalJWKSet(keys.jwks() as never)(header, token),
    });
    const app = await createService({
      name: 'tokendealer',
      logger,
      logLevel: config.LOG_LEVEL,
      publicUrl: config.PUBLIC_URL,
      description:
        'Issues short-lived JWTs to services (client credentials) and to signed-in runners (token exchange).',
      routes: tokendealerApp(
        {
          db: database.db,
          keys,
          config: {
            issuer: config.TOKEN_ISSUER,
            tokenTtlSeconds: config.TOKEN_TTL_SECONDS,
            userTokenTtlSeconds: config.USER_TOKEN_TTL_SECONDS,
          },
        },
        verifier,
      ),
      checks: { database: () => database.ping() },
      bodyLimit: 16 * 1024,
    });
    // Pick up rotations made by other replicas, rotate when due.
    const timer = setInterval(() => {
      keys.init().catch((err) => app.log.warn({ err }, 'key refresh failed'));
    }, 60_000);
    timer.unref();
    const url = await listen(app, config.PORT, config.HOST);
    return {
      name: 'tokendealer',
      url,
      app,
      async close() {
        clearInterval(timer);
        await app.close();
        await database.close();
      },
    };
  },
};
