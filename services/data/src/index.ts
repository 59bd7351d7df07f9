export { data } from './service.ts';
export { migrations as dataMigrations } from './migrations.ts';
export type { DataTables } from './tables.ts';
