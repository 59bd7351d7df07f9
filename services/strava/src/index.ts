export { strava } from './service.ts';
export { migrations as stravaMigrations } from './migrations.ts';
export type { StravaTables } from './tables.ts';
export { toRunInput, ianaZone } from './domain/map-activity.ts';
export { RateScheduler, decide } from './worker/scheduler.ts';
export { simulatorClock, systemClock, type SyncClock } from './domain/clock.ts';
