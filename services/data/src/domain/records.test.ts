import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { effortRows, recordDistanceOf, runYear } from './records.ts';

describe('record distances', () => {
  it('takes a best effort for the standard distance it is within 0.5% of, whatever its name', () => {
    assert.equal(recordDistanceOf(1609.34), '1mi');
    assert.equal(recordDistanceOf(804.67), 'half-mile');
    assert.equal(recordDistanceOf(21_097.5), 'half');
    assert.equal(recordDistanceOf(5020), '5k');
    assert.equal(recordDistanceOf(5030), null);
    assert.equal(recordDistanceOf(7000), null);
  });

  it('keeps one row per distance, the fastest, in the year of the run’s own zone', () => {
    const rows = effortRows({
      id: 'r',
      user_id: 'u',
      start_time: '2025-12-31T23:30:00Z',
      timezone: 'America/New_York',
      best_efforts: JSON.stringify([
        { name: '5k', distance_m: 5000, elapsed_time_s: 1300 },
        { name: '5 km', distance_m: 5001, elapsed_time_s: 1290 },
        { name: '1k', distance_m: 1000, elapsed_time_s: 0 },
      ]),
    });
    assert.deepEqual(
      rows.map((r) => [r.distance, r.elapsed_time_s, r.year]),
      [['5k', 1290, 2025]],
    );
    assert.equal(runYear('2025-12-31T23:30:00Z', 'Asia/Tokyo'), 2026);
    assert.deepEqual(
      effortRows({
        id: 'r',
        user_id: 'u',
        start_time: '2026-01-01T00:00:00Z',
        timezone: 'UTC',
        best_efforts: 'not json',
      }),
      [],
    );
  });
});
