export { imports } from './service.ts';
export { migrations as importsMigrations } from './migrations.ts';
export type { ImportsTables } from './tables.ts';
