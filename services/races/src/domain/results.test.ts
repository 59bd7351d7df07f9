import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isRaceRun, raceRun } from './results.ts';

// A 10K at 09:30 in Paris on 12 April 2026 (07:30 UTC).
const race = { start_time: '2026-04-12T07:30:00.000Z', timezone: 'Europe/Paris', distance_m: 10_000 };
const run = (start_time: string, distance_m: number, id = start_time) => ({
  id,
  start_time,
  distance_m,
  elapsed_time_s: 2900,
});

describe('the run that is the race', () => {
  it('is on the race day in the race’s zone, within 3% of its distance', () => {
    assert.ok(isRaceRun(race, run('2026-04-12T07:31:00Z', 10_150)));
    assert.ok(isRaceRun(race, run('2026-04-12T07:31:00Z', 9_700)), '3% short');
    assert.ok(!isRaceRun(race, run('2026-04-12T07:31:00Z', 10_350)), '3.5% long');
    assert.ok(isRaceRun(race, run('2026-04-11T22:30:00Z', 10_000)), '00:30 in Paris: the race day');
    assert.ok(!isRaceRun(race, run('2026-04-11T21:30:00Z', 10_000)), '23:30 the day before in Paris');
    assert.ok(!isRaceRun(race, run('2026-04-12T22:10:00Z', 10_000)), 'already the 13th in Paris');
  });

  it('is the closest in distance when the warm-up and the race both match', () => {
    const runs = [
      run('2026-04-12T06:50:00Z', 9_750, 'warm-up'),
      run('2026-04-12T07:30:30Z', 10_080, 'race'),
      run('2026-04-13T07:30:00Z', 10_000, 'next day'),
    ];
    assert.equal(raceRun(race, runs)?.id, 'race');
    assert.equal(raceRun(race, [run('2026-04-12T07:30:00Z', 5_000)]), undefined);
  });
});
