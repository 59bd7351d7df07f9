import { randomUUID } from 'node:crypto';
import type { RunInput } from '@runnerly/contracts';

let sequence = 0;

/**
 * A valid run for tests; override what the test is about. Each call starts three hours after
 * the previous one, so that two sample runs are never the same activity.
 */
export function sampleRun(userId: string, overrides: Partial<RunInput> = {}): RunInput {
  sequence++;
  return {
    user_id: userId,
    source: 'file',
    source_id: randomUUID().replace(/-/g, ''),
    name: 'Morning run',
    sport_type: 'Run',
    start_time: new Date(Date.UTC(2026, 2, 1, 6, 30) + sequence * 3 * 3600_000).toISOString(),
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
