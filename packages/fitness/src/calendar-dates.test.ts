import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDays,
  dateRange,
  daysBetween,
  isCalendarDate,
  isValidTimeZone,
  isoWeekday,
  localDate,
  weekStart,
} from './index.ts';

test('calendar dates: real dates only, whole-day arithmetic across month ends and DST changes', () => {
  assert.equal(isCalendarDate('2028-02-29'), true);
  assert.equal(isCalendarDate('2026-02-29'), false);
  assert.equal(isCalendarDate('2026-2-01'), false);
  assert.equal(addDays('2026-03-28', 2), '2026-03-30');
  assert.equal(daysBetween('2026-12-30', '2027-01-02'), 3);
  assert.deepEqual(dateRange('2026-02-27', '2026-03-01'), ['2026-02-27', '2026-02-28', '2026-03-01']);
});

test('weekdays and week starts, for weeks starting Monday, Saturday or Sunday', () => {
  assert.equal(isoWeekday('2026-05-03'), 7); // a Sunday
  assert.equal(weekStart('2026-05-03'), '2026-04-27');
  assert.equal(weekStart('2026-05-03', 7), '2026-05-03');
  assert.equal(weekStart('2026-05-01', 6), '2026-04-25');
});

test("an instant's date depends on the zone; unknown zones are refused", () => {
  assert.equal(localDate('2026-03-29T22:30:00Z', 'Europe/Paris'), '2026-03-30');
  assert.equal(localDate('2026-03-29T22:30:00Z', 'America/Los_Angeles'), '2026-03-29');
  assert.equal(isValidTimeZone('Europe/Paris'), true);
  assert.equal(isValidTimeZone('Mars/Olympus_Mons'), false);
  assert.equal(isValidTimeZone(''), false);
});
