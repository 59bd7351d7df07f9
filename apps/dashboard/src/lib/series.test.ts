import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildSeries,
  extent,
  nearestIndex,
  niceTicks,
  paceExtent,
  paceTicks,
  splitLabel,
  splitsFromStreams,
} from './series.ts';

// 3 km at 5:00 /km, a sample every 5 s (about 16.7 m).
const n = 181;
const streams = {
  time: Array.from({ length: n }, (_, i) => i * 5),
  distance: Array.from({ length: n }, (_, i) => (i * 5 * 1000) / 300),
  altitude: Array.from({ length: n }, (_, i) => 100 + i / 10),
  heartrate: Array.from({ length: n }, () => 150),
};

describe('series', () => {
  it('builds pace, heart rate and elevation over distance', () => {
    const s = buildSeries(streams, 'km', 50)!;
    assert.ok(s.x.length <= 50 && s.x.length > 10);
    assert.ok(Math.abs(s.x[s.x.length - 1]! - 2.99) < 0.05);
    for (const p of s.pace) assert.ok(p !== null && Math.abs(p - 300) < 1, `pace ${p}`);
    assert.ok(s.heartrate!.every((h) => h === 150));
    const mi = buildSeries(streams, 'mi', 50)!;
    assert.ok(Math.abs(mi.pace[10]! - 482.8) < 1, 'seconds per mile');
    assert.equal(buildSeries({ time: [0, 1] }, 'km'), null, 'no distance, no series');
  });
  it('leaves stops out of the pace line', () => {
    const s = buildSeries({ time: [0, 10, 20, 1000], distance: [0, 30, 60, 61] }, 'km', 10, 10)!;
    assert.equal(s.pace[3], null);
  });
  it('finds the nearest sample and nice ticks', () => {
    assert.equal(nearestIndex([0, 1, 2, 3], 1.4), 1);
    assert.equal(nearestIndex([0, 1, 2, 3], 1.6), 2);
    assert.equal(nearestIndex([0, 1, 2, 3], 9), 3);
    assert.equal(nearestIndex([], 1), -1);
    assert.deepEqual(niceTicks(0, 10, 5), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(niceTicks(0, 10.3, 5), [0, 5, 10]);
    assert.deepEqual(niceTicks(0.3, 1.2, 4), [0.5, 1]);
    assert.deepEqual(niceTicks(0.3, 1.2, 5), [0.4, 0.6, 0.8, 1, 1.2]);
    assert.deepEqual(paceTicks(262, 338), [280, 300, 320]);
    assert.deepEqual(paceTicks(290, 310), [290, 295, 300, 305, 310]);
    assert.deepEqual(extent([null, 1, 3]), [0.9, 3.1]);
    assert.equal(extent([null]), null);
    assert.ok(
      paceExtent([...Array.from({ length: 99 }, (_, i) => 290 + (i % 20)), 5000])![1] < 1000,
      'one outlier does not stretch the axis',
    );
  });
  it('makes km splits from streams, the last one partial', () => {
    const short = { ...streams, time: streams.time.slice(0, 171), distance: streams.distance.slice(0, 171) };
    assert.equal(splitsFromStreams(streams, 'km').length, 3, 'exactly 3 km: no empty last split');
    const splits = splitsFromStreams(short, 'km');
    assert.equal(splits.length, 3);
    assert.ok(Math.abs(splits[0]!.moving_time_s - 300) < 1e-6);
    assert.ok(Math.abs(splits[0]!.elevation_difference_m! - 6) < 0.01);
    assert.equal(splits[0]!.average_heartrate, 150);
    assert.ok(splits[2]!.distance_m < 1000);
  });
});

describe('split labels', () => {
  it('numbers whole splits and gives a short last split its own distance', () => {
    assert.equal(splitLabel({ index: 3, distance_m: 1000 }, 'km'), '3');
    assert.equal(splitLabel({ index: 5, distance_m: 990 }, 'km'), '0.99 km');
    assert.equal(splitLabel({ index: 6, distance_m: 420 }, 'km'), '0.42 km');
    assert.equal(splitLabel({ index: 2, distance_m: 1609.34 }, 'mi'), '2');
  });
});
