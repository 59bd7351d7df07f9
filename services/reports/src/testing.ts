/**
 * A seeded month for tests: a runner in New York (UTC−5 until the DST change on March 8,
 * 2026, UTC−4 after), March 2026, with runs on both sides of both month boundaries.
 */
import type { BestEffort } from '@runnerly/contracts';
import type { ReportInput, ReportRun } from './domain/report-content.ts';

export const USER_ID = '3f6c1a52-8d4e-4b7a-9c1e-2a5b7d9e0f13';
export const OTHER_USER_ID = '9b2d4e6f-1a3c-4e5f-8a7b-0c9d1e2f3a4b';

let n = 0;
function run(
  start_time: string,
  km: number,
  moving_time_s: number,
  extra: Partial<ReportRun> & { best?: Array<[string, number, number]> } = {},
): ReportRun {
  n += 1;
  const { best, ...rest } = extra;
  const best_efforts: BestEffort[] | null = best
    ? best.map(([name, distance_m, elapsed_time_s]) => ({ name, distance_m, elapsed_time_s }))
    : null;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: 'Run',
    start_time,
    distance_m: km * 1000,
    moving_time_s,
    elevation_gain_m: null,
    best_efforts,
    ...rest,
  };
}

/** Every seeded run, as a list that spans January to April in UTC. */
export function seededRuns(): ReportRun[] {
  n = 0;
  return [
    // 2026-01-31 23:00 in New York: January, although it is February in UTC.
    run('2026-02-01T04:00:00Z', 9, 2700, { name: 'Late January run' }),
    run('2026-02-10T12:00:00Z', 10, 3000, {
      name: 'February tempo',
      best: [
        ['5k', 5000, 1480],
        ['10k', 10000, 3000],
      ],
    }),
    // 2026-02-28 23:30 in New York: February, although it is March in UTC.
    run('2026-03-01T04:30:00Z', 8, 2640, { name: 'Last night of February' }),
    // 2026-03-01 00:30 in New York (a Sunday): March.
    run('2026-03-01T05:30:00Z', 5, 1650, { name: 'Just after midnight' }),
    run('2026-03-03T12:00:00Z', 8, 2640, { name: 'Easy Tuesday', elevation_gain_m: 60 }),
    // 2026-03-08 09:00 EDT, the morning the clocks changed.
    run('2026-03-08T13:00:00Z', 16, 5760, {
      name: 'Long run',
      elevation_gain_m: 120,
      best: [
        ['5k', 5000, 1570],
        ['10k', 10000, 3220],
      ],
    }),
    run('2026-03-12T22:00:00Z', 10, 2880, {
      name: 'Thursday tempo',
      best: [
        ['1k', 1000, 260],
        ['5k', 5000, 1445],
        ['10k', 10000, 2880],
      ],
    }),
    run('2026-03-21T12:00:00Z', 12, 3960, { name: 'Saturday hills', elevation_gain_m: 80 }),
    run('2026-03-29T12:00:00Z', 21.1, 7080, { name: 'Sunday long run', elevation_gain_m: 200 }),
    // 2026-03-31 23:30 in New York (a Tuesday): March, although it is April in UTC.
    run('2026-04-01T03:30:00Z', 6, 1980, { name: 'Last night of March' }),
    // 2026-04-01 00:30 in New York: April.
    run('2026-04-01T04:30:00Z', 7, 2310, { name: 'First hour of April' }),
    // March 2025, the same month a year before.
    run('2025-03-05T12:00:00Z', 10, 3000, { name: 'A year ago' }),
    run('2025-03-15T12:00:00Z', 10, 3000, { name: 'A year ago' }),
    run('2025-03-25T12:00:00Z', 10, 3000, { name: 'A year ago' }),
  ];
}

/** The seeded March 2026, every list holding all seeded runs (the report keeps each month's own). */
export function seededInput(overrides: Partial<ReportInput> = {}): ReportInput {
  const runs = seededRuns();
  return {
    month: '2026-03',
    profile: {
      user_id: USER_ID,
      name: 'Ann',
      units: 'km',
      time_zone: 'America/New_York',
      first_day_of_week: 'monday',
    },
    runs: { month: '2026-03', runs },
    previous: { month: '2026-02', runs },
    yearBefore: { month: '2025-03', runs },
    plan: {
      race_name: 'Boston Marathon',
      sessions_planned: 14,
      sessions_done: 10,
      sessions_partly_done: 2,
      sessions_missed: 2,
      planned_distance_m: 120_000,
      done_distance_m: 78_100,
    },
    nextRace: {
      name: 'Boston Marathon',
      date: '2026-04-20',
      distance_m: 42_195,
      place: 'Boston, MA',
      predicted_time_s: 13_100,
      goal_time_s: 12_900,
    },
    ...overrides,
  };
}

export const links = {
  reportUrl: 'https://runnerly.example/reports/2026-03',
  unsubscribeUrl: 'https://runnerly.example/api/reports/unsubscribe?token=u1.x.y',
  preferencesUrl: 'https://runnerly.example/account#email',
};
