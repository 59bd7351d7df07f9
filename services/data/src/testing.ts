import { randomUUID } from 'node:crypto';
import type { RunInput } from '@runnerly/contracts';

/** A valid run for tests; override what the test is about. */
export function sampleRun(userId: string, overrides: Partial<RunInput> = {}): RunInput {
  return {
    user_id: userId,
    source: 'file',
    source_id: randomUUID().replace(/-/g, ''),
    name: 'Morning run',
    sport_type: 'Run',
    start_time: '2026-03-10T06:30:00.000Z',
    timezone: 'Europe/Paris',
    distance_m: 10_000,
    moving_time_s: 3000,
    elapsed_time_s: 3100,
    elevation_gain_m: 42,
    average_heartrate: 150,
    max_heartrate: 172,
    average_cadence: 172,
    summary_polyline: '_p~iF~ps|U_ulLnnqC_mqNvxq`@',
    ...overrides,
  };
}
