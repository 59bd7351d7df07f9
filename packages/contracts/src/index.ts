export * from './common.ts';
export * from './errors.ts';
export * from './scopes.ts';
export * from './tokens.ts';
export * from './runs.ts';
export * from './events.ts';
export * from './accounts.ts';
export * from './strava.ts';
