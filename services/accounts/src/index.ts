export { accounts } from './service.ts';
export { migrations as accountsMigrations } from './migrations.ts';
export type { AccountsTables } from './tables.ts';
