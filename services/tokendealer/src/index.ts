export { tokendealer, tokendealerConfig } from './service.ts';
export { upsertClient, listClients, removeClient, type Client, type NewClient } from './clients.ts';
export { migrations as tokendealerMigrations } from './migrations.ts';
export type { TokendealerTables } from './tables.ts';
