import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openServiceDatabase, type Env } from '@runnerly/service-kit';
import { tokendealerMigrations, upsertClient, type TokendealerTables } from '@runnerly/tokendealer';
import type { ServiceModule } from '@runnerly/service-kit';
import { createHash } from 'node:crypto';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

/**
 * Makes sure every service that calls others has a client at the token dealer and its
 * secret in `<data>/credentials/<service>.json` (mode 0600). Secrets are generated here,
 * on first start, never committed; an existing secret is kept while the token dealer still
 * knows it with the same scopes.
 */
export async function ensureCredentials(
  modules: ServiceModule[],
  dataDir: string,
  tokendealerEnv: Env,
): Promise<Map<string, Credentials>> {
  const dir = join(dataDir, 'credentials');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const database = await openServiceDatabase<TokendealerTables>(
    'tokendealer',
    { databaseUrl: tokendealerEnv.DATABASE_URL, dataDir },
    tokendealerMigrations,
  );
  const out = new Map<string, Credentials>();
  try {
    for (const module of modules) {
      if (module.clientScopes.length === 0) continue;
      const file = join(dir, `${module.name}.json`);
      const existing = readCredentials(file);
      const row =
        existing &&
        (await database.db
          .selectFrom('clients')
          .selectAll()
          .where('client_id', '=', existing.clientId)
          .executeTakeFirst());
      const current =
        row &&
        row.disabled === 0 &&
        row.scopes === module.clientScopes.join(' ') &&
        row.user_scopes === (module.userScopes ?? []).join(' ') &&
        row.secret_hash === createHash('sha256').update(existing.clientSecret).digest('hex');
      if (existing && current) {
        out.set(module.name, existing);
        continue;
      }
      const created = await upsertClient(database.db, {
        clientId: module.name,
        name: `${module.name} service`,
        scopes: module.clientScopes,
        userScopes: module.userScopes ?? [],
      });
      writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
      chmodSync(file, 0o600);
      out.set(module.name, created);
    }
  } finally {
    await database.close();
  }
  return out;
}

function readCredentials(file: string): Credentials | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Credentials;
    return parsed.clientId && parsed.clientSecret ? parsed : undefined;
  } catch {
    return undefined;
  }
}
