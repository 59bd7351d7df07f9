export * from './plan-types.ts';
export * from './validate-plan-request.ts';
export * from './generate-plan.ts';
export * from './plan-checks.ts';
export * from './goal-limits.ts';
export { raceProfile, type RaceProfile } from './race-profile.ts';
export * from './match-runs.ts';
export * from './rebalance-plan.ts';
export * from './ical-feed.ts';
