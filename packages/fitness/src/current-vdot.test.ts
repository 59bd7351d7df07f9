import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentVdot, effortsOf } from './index.ts';

const run = (
  id: string,
  start: string,
  efforts: Array<[string, number, number]>,
  distance = 12_000,
  elapsed = 3900,
) => ({
  id,
  start_time: start,
  distance_m: distance,
  elapsed_time_s: elapsed,
  best_efforts: efforts.map(([name, distance_m, elapsed_time_s]) => ({ name, distance_m, elapsed_time_s })),
});

test('the best effort of the last 12 weeks sets the VDOT (a 19:57 5K inside a run: VDOT 50)', () => {
  const runs = [
    run('a', '2026-04-01T06:00:00Z', [
      ['1k', 1000, 230],
      ['5k', 5000, 1197],
    ]),
    run('b', '2026-04-20T06:00:00Z', [
      ['5k', 5000, 1320],
      ['10k', 10_000, 2760],
    ]),
  ];
  const v = currentVdot(runs, 'Europe/Paris', '2026-05-01');
  assert.ok(v && Math.abs(v.vdot - 50) < 0.1, `${v?.vdot}`);
  assert.equal(v!.effort.runId, 'a');
  assert.equal(v!.effort.name, '5k');
  assert.equal(v!.estimated, false);
});

test('efforts older than the window, after the date, sprints and recording glitches are left out', () => {
  const runs = [
    run('old', '2026-01-01T06:00:00Z', [['5k', 5000, 1100]]),
    run('future', '2026-05-02T06:00:00Z', [['5k', 5000, 1100]]),
    run('sprint', '2026-04-10T06:00:00Z', [['400m', 400, 55]]),
    run('glitch', '2026-04-11T06:00:00Z', [['5k', 5000, 600]]),
    run('steady', '2026-04-12T06:00:00Z', [['5k', 5000, 1500]], 10_000, 3000),
  ];
  const v = currentVdot(runs, 'UTC', '2026-05-01');
  assert.equal(v?.effort.runId, 'steady');
  // A whole run counts as an effort too: 10 km in 50:00 beats its own 5 km in 25:00.
  assert.equal(v?.effort.name, 'whole run');
  assert.equal(currentVdot(runs, 'UTC', '2026-05-01', 8)?.effort.runId, 'steady');
  assert.equal(currentVdot([], 'UTC', '2026-05-01'), null);
});

test("the window is counted in the runner's calendar days", () => {
  // 12 weeks up to 2026-05-01 start on 2026-02-07. This run starts at 23:30 UTC on 6 February: still the 6th in
  // New York (outside), already the 7th in Tokyo (inside).
  const edge = [run('edge', '2026-02-06T23:30:00Z', [['5k', 5000, 1197]])];
  assert.equal(currentVdot(edge, 'America/New_York', '2026-05-01'), null);
  assert.equal(currentVdot(edge, 'Asia/Tokyo', '2026-05-01')?.effort.runId, 'edge');
  assert.equal(effortsOf(edge, 'Asia/Tokyo')[0]?.date, '2026-02-07');
});
