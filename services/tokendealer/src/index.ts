export { tokendealer } from './service.ts';
export { upsertClient, listClients, removeClient, registerClients, type Client, type NewClient } from './store.ts';
export { migrations as tokendealerMigrations } from './migrations.ts';
export type { TokendealerTables } from './tables.ts';
