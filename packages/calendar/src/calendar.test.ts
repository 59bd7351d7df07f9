import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMonths,
  lastMonths,
  lastWeeks,
  localDate,
  monthRange,
  monthsBetween,
  offsetZone,
  wallClock,
  weekStart,
  zonedTimeToUtc,
} from './index.ts';

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
  it('covers a month as lived in the zone, across DST changes', () => {
    assert.deepEqual(monthRange('2026-03', 'Europe/Paris'), {
      from: '2026-02-28T23:00:00.000Z',
      to: '2026-03-31T22:00:00.000Z',
    });
    assert.deepEqual(monthRange('2026-12', 'America/New_York'), {
      from: '2026-12-01T05:00:00.000Z',
      to: '2027-01-01T05:00:00.000Z',
    });
    assert.deepEqual(monthRange('2026-03', 'UTC'), {
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
  });
  it('names the fixed zone of a whole-hour offset, whose wall clock is that offset', () => {
    assert.equal(offsetZone(60), 'Etc/GMT-1');
    assert.equal(offsetZone(-300), 'Etc/GMT+5');
    assert.equal(offsetZone(0), 'Etc/GMT');
    assert.equal(offsetZone(14 * 60), 'Etc/GMT-14');
    assert.equal(wallClock('2026-01-10T06:30:00Z', offsetZone(60)!).hour, 7);
    assert.equal(wallClock('2026-01-10T12:30:00Z', offsetZone(-300)!).hour, 7);
    for (const odd of [330, 15 * 60, -13 * 60, Number.NaN, null, undefined]) assert.equal(offsetZone(odd), null);
  });
});
