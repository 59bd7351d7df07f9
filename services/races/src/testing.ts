import type { RaceInput } from '@runnerly/contracts';
import { serviceEnv, type RunningService } from '@runnerly/service-kit';
import { startTestServices, type TestServices, type TestServicesOptions } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import type { ServiceModule } from '@runnerly/service-kit';
import { races } from './service.ts';

/** The instant the races service takes as now in tests: a Tuesday afternoon in March 2026. */
export const RACES_TEST_NOW = '2026-03-10T13:00:00.000Z';

export const raceTestScopes = ['runs:read', 'runs:write', 'races:read', 'races:write'];

/** The token dealer, the races service with its clock at `RACES_TEST_NOW`, and these others. */
export function startRaces(
  label: string,
  others: ServiceModule[] = [],
  options: TestServicesOptions = {},
): Promise<TestServices> {
  return startTestServices(label, [tokendealer, ...others, races], {
    scopes: raceTestScopes,
    userScopes: raceTestScopes,
    ...options,
    env: { RACES_FIXED_NOW: RACES_TEST_NOW, ...options.env },
  });
}

/**
 * A second replica of the races service over the same database and bus, with its clock at
 * `now`: the system as it is on a later day (after a race).
 */
export async function racesReplicaAt(sys: TestServices, now: string): Promise<RunningService> {
  const env = serviceEnv(
    races,
    {
      RACES_FIXED_NOW: now,
      ...(sys.databaseUrls.races ? { RACES_DATABASE_URL: sys.databaseUrls.races } : {}),
    },
    sys.urls,
    sys.credentials.get('races'),
    { LOG_LEVEL: 'warn', HOST: '127.0.0.1', DATA_DIR: sys.dataDir },
  );
  env.PORT = '0';
  return races.start({ env, bus: sys.bus });
}

let sequence = 0;

/** A valid new race for tests, some weeks after `RACES_TEST_NOW`; override what the test is about. */
export function sampleRace(overrides: Partial<RaceInput> = {}): RaceInput {
  sequence++;
  return {
    name: `Test city ${sequence} 10K`,
    start_local: '2026-04-12T09:30',
    timezone: 'Europe/Paris',
    distance: '10k',
    place: 'Paris',
    url: 'https://example.org/race',
    elevation_note: 'Flat, one bridge',
    ...overrides,
  };
}
