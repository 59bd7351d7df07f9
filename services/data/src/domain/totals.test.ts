import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bucketsBetween, totalsPer } from './totals.ts';

const run = (start_time: string, km: number) => ({
  start_time,
  distance_m: km * 1000,
  moving_time_s: km * 300,
  elevation_gain_m: 10,
});

describe('totals per period', () => {
  it('puts a run in the week of its calendar day in the runner’s zone, weeks starting on their day', () => {
    // Sunday 23:30 in New York is Monday in UTC.
    const runs = [run('2026-03-09T03:30:00Z', 10), run('2026-03-10T12:00:00Z', 5)];
    const monday = bucketsBetween('week', '2026-03-01', '2026-03-15', 'monday')!;
    assert.deepEqual(
      monday.map((b) => b.key),
      ['2026-02-23', '2026-03-02', '2026-03-09'],
    );
    const ny = totalsPer(runs, monday, 'week', 'America/New_York', 'monday');
    assert.deepEqual(
      ny.buckets.map((b) => [b.key, b.count, b.distance_m]),
      [
        ['2026-02-23', 0, 0],
        ['2026-03-02', 1, 10000],
        ['2026-03-09', 1, 5000],
      ],
    );
    const sunday = bucketsBetween('week', '2026-03-08', '2026-03-14', 'sunday')!;
    assert.deepEqual(
      totalsPer(runs, sunday, 'week', 'America/New_York', 'sunday').buckets.map((b) => [b.key, b.from, b.to, b.count]),
      [['2026-03-08', '2026-03-08', '2026-03-14', 2]],
    );
    assert.equal(totalsPer(runs, monday, 'week', 'UTC', 'monday').buckets[2]!.count, 2);
  });

  it('covers months and years whole, empty ones with zeros', () => {
    const months = bucketsBetween('month', '2025-12-15', '2026-02-01', 'monday')!;
    assert.deepEqual(
      months.map((b) => [b.key, b.from, b.to]),
      [
        ['2025-12', '2025-12-01', '2025-12-31'],
        ['2026-01', '2026-01-01', '2026-01-31'],
        ['2026-02', '2026-02-01', '2026-02-28'],
      ],
    );
    const years = bucketsBetween('year', '2024-06-01', '2026-01-01', 'monday')!;
    const t = totalsPer(
      [run('2024-12-31T23:30:00Z', 8), run('2026-01-01T08:00:00Z', 4)],
      years,
      'year',
      'Europe/Paris',
      'monday',
    );
    assert.deepEqual(
      t.buckets.map((b) => [b.key, b.count]),
      [
        ['2024', 0],
        ['2025', 1],
        ['2026', 1],
      ],
      'New Year’s Eve 23:30 UTC is already 2025 in Paris',
    );
    assert.deepEqual(t.all, { count: 2, distance_m: 12000, moving_time_s: 3600, elevation_gain_m: 20 });
  });

  it('refuses a range of too many buckets', () => {
    assert.equal(bucketsBetween('day', '2020-01-01', '2026-01-01', 'monday'), null);
    assert.equal(bucketsBetween('year', '2020-01-01', '2026-01-01', 'monday')!.length, 7);
  });
});
