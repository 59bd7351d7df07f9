export { races } from './service.ts';
export { migrations as racesMigrations } from './migrations.ts';
export type { RacesTables } from './tables.ts';
