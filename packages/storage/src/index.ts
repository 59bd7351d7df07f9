export { openDatabase, type Database, type Dialect, type OpenDatabaseOptions } from './database.ts';
export { migrate, type Migration, type MigrationContext } from './migrate.ts';
export { autoIncrementId, nowIso } from './columns.ts';
export { precompiled } from './precompiled.ts';
