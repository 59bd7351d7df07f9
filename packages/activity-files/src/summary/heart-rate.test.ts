import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarize } from '../index.ts';
import { emptyTrack, type TrackPoint } from '../track.ts';

const t0 = Date.parse('2024-01-01T10:00:00Z');

describe('heart rate and cadence', () => {
  it('averages heart rate by time and ignores implausible values', () => {
    const points: TrackPoint[] = [
      { time: t0, heartRate: 100, distance: 0 },
      { time: t0 + 1000, heartRate: 100, distance: 3 },
      { time: t0 + 2000, heartRate: 250, distance: 6 },
      { time: t0 + 3000, heartRate: 100, distance: 9 },
      { time: t0 + 63000, heartRate: 160, distance: 189 },
      { time: t0 + 64000, heartRate: 10, distance: 192 },
    ];
    const summary = summarize({ ...emptyTrack(), points });
    assert.equal(summary.maxHeartRate, 160);
    // 3 s at 100 (an interval with one bad end keeps the good one), then 30 s (a 60 s gap counts
    // at most 30 s) at (100+160)/2 = 130, then 1 s at 160.
    const expected = (100 * 3 + 130 * 30 + 160) / 34;
    assert.ok(Math.abs(summary.averageHeartRate! - expected) < 1e-9, `${summary.averageHeartRate} vs ${expected}`);
  });

  it('reports cadence in steps per minute over moving time', () => {
    const points: TrackPoint[] = Array.from({ length: 120 }, (_, i) => ({
      time: t0 + i * 1000,
      distance: i < 60 ? i * 3 : 180,
      cadence: i < 60 ? 172 : 0,
    }));
    const summary = summarize({ ...emptyTrack(), points });
    assert.equal(summary.averageCadence, 172);
    assert.equal(summary.maxCadence, 172);
  });
});
