import { join } from 'node:path';
import { clientSpecs, envPrefix, openServiceDatabase, serviceEnv, type Env } from '@runnerly/service-kit';
import { tokendealerMigrations, upsertClient, type TokendealerTables } from '@runnerly/tokendealer';
import { ensureCredentials } from './credentials.ts';
import { activeServices, sharedSettings } from './registry.ts';

/**
 * `runnerly setup`, the one-shot step before the services start in containers (the compose
 * file's `setup` service, the Kubernetes migrations Job): brings every service's database up
 * to date (`<SERVICE>_DATABASE_URL`, else its SQLite file under DATA_DIR), then registers the
 * services' clients at the token dealer. A client whose secret the operator gives as
 * `CLIENT_SECRET_<SERVICE>` (a Kubernetes Secret; CLIENT_SECRET_STRAVA, not STRAVA_CLIENT_SECRET,
 * which is Strava's own) is registered with it; the others get a
 * generated secret, kept in DATA_DIR/credentials/<service>.json (a volume the services share).
 */
export async function setup(env: Env, log: (line: string) => void): Promise<void> {
  const dataDir = env.DATA_DIR ?? './data';
  const services = await activeServices(env);
  for (const { module } of services) {
    if (!module.migrate) continue;
    await module.migrate(
      serviceEnv(
        module,
        env,
        { [module.name]: 'http://127.0.0.1:0' },
        undefined,
        { DATA_DIR: dataDir },
        sharedSettings,
      ),
    );
    log(`${module.name}: database up to date`);
  }
  const specs = clientSpecs(services.map((s) => s.module));
  const given = specs.filter((spec) => env[givenSecretKey(spec.clientId)]);
  if (given.length) {
    const database = await openServiceDatabase<TokendealerTables>(
      'tokendealer',
      { databaseUrl: env.TOKENDEALER_DATABASE_URL, dataDir },
      tokendealerMigrations,
    );
    try {
      for (const spec of given) {
        await upsertClient(database.db, { ...spec, clientSecret: env[givenSecretKey(spec.clientId)] });
        log(`${spec.clientId}: client registered with the given secret`);
      }
    } finally {
      await database.close();
    }
  }
  const rest = services.filter(({ module }) => !given.some((spec) => spec.clientId === module.name));
  const written = await ensureCredentials(
    rest.map((s) => s.module),
    dataDir,
    { DATABASE_URL: env.TOKENDEALER_DATABASE_URL },
  );
  for (const name of written.keys()) log(`${name}: client registered, secret in ${join(dataDir, 'credentials')}`);
}

/** Where `runnerly setup` takes a client's secret from, when the operator gives it. */
export const givenSecretKey = (service: string) => `CLIENT_SECRET_${envPrefix(service).slice(0, -1)}`;
