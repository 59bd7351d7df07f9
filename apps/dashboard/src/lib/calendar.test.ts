import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lastWeeks } from '@runnerly/calendar';
import { bucketByWeek } from './calendar.ts';

const run = (start_time: string, km: number) => ({ start_time, distance_m: km * 1000, moving_time_s: km * 300 });

describe('weekly buckets', () => {
  it("buckets runs into weeks by their date in the runner's zone", () => {
    // Sunday 23:30 UTC: Sunday in London's winter, already Monday in Paris.
    const runs = [run('2026-03-08T23:30:00Z', 10), run('2026-03-04T07:00:00Z', 5), run('2026-01-01T07:00:00Z', 42)];
    const weeks = lastWeeks('2026-03-11', 'monday', 2);
    const paris = bucketByWeek(runs, weeks, 'Europe/Paris', 'monday');
    assert.deepEqual(
      paris.map((b) => [b.key, b.distance_m, b.count]),
      [
        ['2026-03-02', 5000, 1],
        ['2026-03-09', 10000, 1],
      ],
    );
    const london = bucketByWeek(runs, weeks, 'Europe/London', 'monday');
    assert.deepEqual(
      london.map((b) => [b.key, b.distance_m, b.count]),
      [
        ['2026-03-02', 15000, 2],
        ['2026-03-09', 0, 0],
      ],
    );
  });
  it('buckets with Sunday and Saturday week starts', () => {
    const runs = [run('2026-03-08T10:00:00Z', 10), run('2026-03-07T10:00:00Z', 3)];
    const sunday = bucketByWeek(runs, lastWeeks('2026-03-11', 'sunday', 2), 'UTC', 'sunday');
    assert.deepEqual(
      sunday.map((b) => [b.key, b.distance_m]),
      [
        ['2026-03-01', 3000],
        ['2026-03-08', 10000],
      ],
    );
    const saturday = bucketByWeek(runs, lastWeeks('2026-03-11', 'saturday', 2), 'UTC', 'saturday');
    assert.deepEqual(
      saturday.map((b) => [b.key, b.distance_m]),
      [
        ['2026-02-28', 0],
        ['2026-03-07', 13000],
      ],
    );
    // A run listed twice (from two month pages) counts once.
    const one = runs[0]!;
    assert.equal(bucketByWeek([one, one], ['2026-03-08'], 'UTC', 'sunday')[0]!.count, 1);
  });
});
