export { training } from './service.ts';
export { migrations as trainingMigrations } from './migrations.ts';
export type { TrainingTables } from './tables.ts';
