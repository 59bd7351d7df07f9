import { Type } from '@sinclair/typebox';
import { createLocalJWKSet } from 'jose';
import { ConfigError, createVerifier, defineService, loadKey, openServiceDatabase } from '@runnerly/service-kit';
import { tokendealerApp } from './app.ts';
import { KeyRing } from './keys.ts';
import { migrations } from './migrations.ts';
import { registerClients } from './store.ts';
import type { TokendealerTables } from './tables.ts';

const settings = {
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
  TOKEN_MAX_LIFETIME_SECONDS: Type.Integer({
    minimum: 30,
    maximum: 86400,
    default: 3600,
    description:
      'Longest token lifetime every verifier accepts (the same setting of the other services): the lifetimes above may not exceed it',
  }),
  SIGNING_KEYS_SEAL_KEY: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9+/_-]{43,44}={0,1}$',
      description:
        '32 random bytes, base64: seals the private signing keys in the database. Unset: generated once under DATA_DIR/tokendealer',
    }),
  ),
  SIGNING_ALG: Type.Union([Type.Literal('EdDSA'), Type.Literal('ES256')], { default: 'EdDSA' }),
  KEY_ROTATION_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
  KEY_ROTATION_MIN_SECONDS: Type.Integer({
    minimum: 0,
    maximum: 86400,
    default: 300,
    description: 'POST /keys/rotate is refused (409) while the newest key is younger than this',
  }),
};

export const tokendealer = defineService<typeof settings, TokendealerTables>({
  name: 'tokendealer',
  description: 'OAuth2 client credentials and token exchange; signs short-lived JWTs, publishes its JWKS',
  defaultPort: 8081,
  config: settings,
  migrations,
  ownKeys: true,
  extend: {
    async registerClients(env, clients, known) {
      const database = await openServiceDatabase<TokendealerTables>(
        'tokendealer',
        { databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? './data' },
        migrations,
      );
      try {
        return await registerClients(database.db, clients, known);
      } finally {
        await database.close();
      }
    },
  },
  async setup({ name, config, database, logger }) {
    const longest = Math.max(config.TOKEN_TTL_SECONDS, config.USER_TOKEN_TTL_SECONDS);
    if (longest > config.TOKEN_MAX_LIFETIME_SECONDS)
      throw new ConfigError(name, [
        `TOKEN_TTL_SECONDS and USER_TOKEN_TTL_SECONDS must not exceed TOKEN_MAX_LIFETIME_SECONDS (${config.TOKEN_MAX_LIFETIME_SECONDS}): the services would refuse such tokens`,
      ]);
    const keys = new KeyRing(database.db, {
      alg: config.SIGNING_ALG,
      sealingKey: loadKey({
        configured: config.SIGNING_KEYS_SEAL_KEY,
        setting: 'SIGNING_KEYS_SEAL_KEY',
        dataDir: config.DATA_DIR,
        service: 'tokendealer',
        file: 'signing-keys.key',
      }),
      maxTokenTtlSeconds: longest,
      rotateAfterDays: config.KEY_ROTATION_DAYS,
      minRotationSeconds: config.KEY_ROTATION_MIN_SECONDS,
    });
    await keys.init();
    // Its own admin routes are checked against its own keys, read from memory.
    const verifier = createVerifier({
      jwksUrl: 'http://local/jwks',
      issuer: config.TOKEN_ISSUER,
      algorithms: [config.SIGNING_ALG],
      maxLifetimeSeconds: config.TOKEN_MAX_LIFETIME_SECONDS,
      keySet: async (header, token) => createLocalJWKSet(keys.jwks() as never)(header, token),
    });
    return {
      docs: 'Issues short-lived JWTs to services (client credentials) and to signed-in runners (token exchange).',
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
      http: { bodyLimit: 16 * 1024 },
      workers: [
        {
          // Pick up rotations made by other replicas, rotate when due.
          name: 'key-refresh',
          start() {
            const timer = setInterval(() => {
              keys.init().catch((err: unknown) => logger.warn({ err }, 'key refresh failed'));
            }, 60_000);
            timer.unref();
            return { stop: () => clearInterval(timer) };
          },
        },
      ],
    };
  },
});
