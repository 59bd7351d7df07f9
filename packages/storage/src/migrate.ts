import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import type { Dialect } from './database.ts';

export interface MigrationContext {
  dialect: Dialect;
}

/** One migration, written once for both dialects with Kysely's schema builder. */
export interface Migration {
  up(db: Kysely<any>, ctx: MigrationContext): Promise<void>;
  down?(db: Kysely<any>, ctx: MigrationContext): Promise<void>;
}

/**
 * Applies the pending migrations in name order. Several replicas may start at once:
 * Kysely takes a lock table, so each migration runs exactly once.
 */
export async function migrate(
  db: Kysely<any>,
  dialect: Dialect,
  migrations: Record<string, Migration>,
): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      return Object.fromEntries(
        Object.entries(migrations).map(([name, m]) => [
          name,
          {
            up: (k: Kysely<any>) => m.up(k, { dialect }),
            ...(m.down ? { down: (k: Kysely<any>) => m.down!(k, { dialect }) } : {}),
          },
        ]),
      );
    },
  };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
