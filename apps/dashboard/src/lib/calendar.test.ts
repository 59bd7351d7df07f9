import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMonths,
  bucketByWeek,
  lastMonths,
  lastWeeks,
  localDate,
  monthsBetween,
  weekStart,
  zonedTimeToUtc,
} from './calendar.ts';

const run = (start_time: string, km: number) => ({ start_time, distance_m: km * 1000, moving_time_s: km * 300 });

describe('calendar', () => {
  it('tells the calendar date of an instant in a zone', () => {
    assert.equal(localDate('2026-03-08T23:30:00Z', 'UTC'), '2026-03-08');
    assert.equal(localDate('2026-03-08T23:30:00Z', 'Europe/Paris'), '2026-03-09');
    assert.equal(localDate('2026-03-09T05:00:00Z', 'America/Los_Angeles'), '2026-03-08');
    assert.equal(localDate('2026-03-09T05:00:00Z', 'Not/AZone'), '2026-03-09', 'unknown zone: UTC');
  });
  it('finds the week start for each first day of week', () => {
    // 2026-03-11 is a Wednesday.
    assert.equal(weekStart('2026-03-11', 'monday'), '2026-03-09');
    assert.equal(weekStart('2026-03-11', 'sunday'), '2026-03-08');
    assert.equal(weekStart('2026-03-11', 'saturday'), '2026-03-07');
    assert.equal(weekStart('2026-03-09', 'monday'), '2026-03-09');
    assert.equal(weekStart('2026-03-08', 'monday'), '2026-03-02');
    assert.equal(weekStart('2026-01-01', 'monday'), '2025-12-29', 'across a year');
  });
  it('lists the last weeks and months, oldest first', () => {
    assert.deepEqual(lastWeeks('2026-03-11', 'monday', 3), ['2026-02-23', '2026-03-02', '2026-03-09']);
    assert.deepEqual(lastMonths('2026-02-15', 3), ['2025-12', '2026-01', '2026-02']);
    assert.equal(addMonths('2026-01', -13), '2024-12');
    assert.deepEqual(monthsBetween('2025-12-29', '2026-02-01'), ['2025-12', '2026-01', '2026-02']);
  });
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
  it("turns a wall-clock time in the runner's zone into UTC, across DST changes", () => {
    const iso = (ymd: string, hm: string, zone: string) => zonedTimeToUtc(ymd, hm, zone)?.toISOString() ?? null;
    assert.equal(iso('2026-03-08', '08:15', 'Europe/Paris'), '2026-03-08T07:15:00.000Z');
    assert.equal(iso('2026-07-01', '08:15', 'Europe/Paris'), '2026-07-01T06:15:00.000Z');
    assert.equal(
      iso('2026-03-09', '06:30', 'America/New_York'),
      '2026-03-09T10:30:00.000Z',
      'the day after the US change',
    );
    assert.equal(iso('2026-03-07', '06:30', 'America/New_York'), '2026-03-07T11:30:00.000Z');
    assert.equal(
      iso('2026-03-08', '02:30', 'America/New_York'),
      '2026-03-08T07:30:00.000Z',
      'a skipped time counts as an hour later',
    );
    assert.equal(
      iso('2026-11-01', '01:30', 'America/New_York'),
      '2026-11-01T05:30:00.000Z',
      'a repeated time counts as the first',
    );
    assert.equal(iso('2026-03-08', '23:30', 'Asia/Kolkata'), '2026-03-08T18:00:00.000Z');
    assert.equal(iso('2026-03-08', '08:15', 'UTC'), '2026-03-08T08:15:00.000Z');
    assert.equal(iso('2026-03-08', '08:15', 'Not/AZone'), '2026-03-08T08:15:00.000Z', 'unknown zones count as UTC');
    assert.equal(iso('2026-02-31', '08:15', 'UTC'), null);
    assert.equal(iso('2026-03-08', '25:00', 'UTC'), null);
    assert.equal(iso('', '08:15', 'UTC'), null);
  });
});
