import { it } from 'node:test';
import assert from 'node:assert/strict';
import { byThisDate, cumulativeByDay, layWeeks, weekStarts } from './log.ts';

it('adds a year up day by day and reads it at the same calendar day as today', () => {
  const days = Array.from({ length: 365 }, (_, i) => ({ key: `d${i}`, distance_m: i === 0 || i === 59 ? 5000 : 0 }));
  const series = cumulativeByDay(days);
  assert.equal(series[0], 5000);
  assert.equal(series[58], 5000);
  assert.equal(series[364], 10_000);
  assert.equal(byThisDate(2025, series, '2026-02-28'), 5000, '2025-02-28 is day 58');
  assert.equal(byThisDate(2025, series, '2024-03-01'), 10_000, '2025-03-01 is day 59');
  assert.equal(byThisDate(2025, series, '2024-02-29'), 5000, 'a 29 February reads the 28th in 2025');
  assert.equal(byThisDate(2026, series.slice(0, 10), '2026-06-01'), 5000, 'a year known only so far');
  assert.equal(byThisDate(2026, [], '2026-06-01'), 0);
});

it('lays runs out in weeks from the runner’s first day, on their day in the runner’s zone', () => {
  const starts = weekStarts('2026-01-07', 'sunday', 2);
  assert.deepEqual(starts, ['2025-12-28', '2026-01-04']);
  const run = (id: string, start_time: string, km: number) => ({
    id,
    name: id,
    start_time,
    distance_m: km * 1000,
    moving_time_s: km * 300,
  });
  const weeks = layWeeks(
    starts,
    [
      run('late', '2026-01-04T03:30:00Z', 5), // 22:30 on Saturday 3 January in New York
      run('sunday-pm', '2026-01-04T20:00:00Z', 10),
      run('sunday-am', '2026-01-04T14:00:00Z', 3),
      run('outside', '2026-02-01T14:00:00Z', 8),
    ],
    'America/New_York',
  );
  assert.equal(weeks[0]!.days[6]!.date, '2026-01-03');
  assert.deepEqual(
    weeks[0]!.days[6]!.runs.map((r) => r.id),
    ['late'],
  );
  assert.deepEqual(
    weeks[1]!.days[0]!.runs.map((r) => r.id),
    ['sunday-am', 'sunday-pm'],
  );
  assert.deepEqual(
    weeks.map((w) => [w.count, w.distance_m, w.moving_time_s]),
    [
      [1, 5000, 1500],
      [2, 13_000, 3900],
    ],
  );
});
