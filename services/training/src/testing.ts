import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { RunInput } from '@runnerly/contracts';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import type { ServiceModule } from '@runnerly/service-kit';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from '@runnerly/data';
import { races } from '@runnerly/races';
import { training } from './service.ts';

/** The instant the system takes as now when a test starts: a Tuesday afternoon in March 2026. */
export const TRAINING_TEST_NOW = '2026-03-10T13:00:00.000Z';

const testScopes = ['runs:read', 'runs:write', 'races:read', 'races:write', 'plans:read', 'plans:write'];

export interface TrainingSystem extends TestServices {
  /** Moves the training service's clock (the runner's days) to this instant. */
  setNow(instant: string): void;
}

/** The token dealer, data, races and training (its clock at TRAINING_TEST_NOW until moved), and these others. */
export async function startTraining(label: string, others: ServiceModule[] = []): Promise<TrainingSystem> {
  const clockFile = join(mkdtempSync(join(tmpdir(), 'training-clock-')), 'now');
  writeFileSync(clockFile, TRAINING_TEST_NOW);
  const sys = await startTestServices(label, [tokendealer, data, races, training, ...others], {
    scopes: testScopes,
    userScopes: testScopes,
    env: { RACES_FIXED_NOW: TRAINING_TEST_NOW, TRAINING_CLOCK_FILE: clockFile },
  });
  return { ...sys, setNow: (instant) => writeFileSync(clockFile, instant) };
}

/** The plan a test runner asks for toward `raceId`: four days a week, the long run on Sunday, in Paris. */
export const planRequest = (raceId: string) => ({
  race_id: raceId,
  days_per_week: 4,
  long_run_day: 7,
  time_zone: 'Europe/Paris',
});

/**
 * Eight weeks of running before `TRAINING_TEST_NOW` for a test runner: four runs a week (6, 8, 6 and a
 * long run growing 10→14 km) at about 5:45 /km, with a 5 km best effort of 25:00 in the last weeks.
 */
export function runningHistory(userId: string): RunInput[] {
  const out: RunInput[] = [];
  const end = Date.parse('2026-03-09T06:00:00Z');
  for (let week = 0; week < 8; week++) {
    const days = [1, 3, 5, 6].map((d) => end - (7 * (7 - week) + (6 - d)) * 86_400_000);
    const distances = [6000, 8000, 6000, 10_000 + week * 500];
    days.forEach((t, i) => {
      const d = distances[i]!;
      out.push(testRun(userId, new Date(t).toISOString(), d, Math.round((d / 1000) * 345), week >= 5 && i === 1));
    });
  }
  return out;
}

/** One run as a device file would give it. */
export function testRun(userId: string, start: string, metres: number, seconds: number, withEffort = false): RunInput {
  return {
    user_id: userId,
    source: 'file',
    source_id: randomUUID().replace(/-/g, ''),
    name: 'Run',
    sport_type: 'Run',
    start_time: start,
    timezone: 'Europe/Paris',
    distance_m: metres,
    moving_time_s: seconds,
    elapsed_time_s: seconds + 30,
    ...(withEffort ? { best_efforts: [{ name: '5k', distance_m: 5000, elapsed_time_s: 1500 }] } : {}),
  };
}
