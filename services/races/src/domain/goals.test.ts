import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clock, goalProblem, recordTimeS, resultProblem, walkingTimeS } from './goals.ts';

describe('goals', () => {
  it('bounds a target between the world record and walking', () => {
    // The records: 5K 12:35, 10K 26:11, half 56:42, marathon 2:00:35; the bound is a little under each.
    for (const [m, record] of [
      [5000, 755],
      [10_000, 1571],
      [21_097.5, 3402],
      [42_195, 7235],
    ] as const) {
      assert.ok(recordTimeS(m) <= record, `${m} m: ${clock(recordTimeS(m))} under the record`);
      assert.ok(recordTimeS(m) > record * 0.9, `${m} m: ${clock(recordTimeS(m))} not far under it`);
    }
    assert.equal(clock(walkingTimeS(42_195)), '10:32:56');
    assert.equal(goalProblem({ kind: 'finish' }, 42_195), null);
    assert.equal(goalProblem({ kind: 'time', target_s: 3 * 3600 + 30 * 60 }, 42_195), null);
    assert.match(goalProblem({ kind: 'time', target_s: 10 * 60 }, 5000)!, /10:00 is faster than the world record/);
    assert.match(goalProblem({ kind: 'time', target_s: 3 * 3600 }, 10_000)!, /slower than walking 10 km/);
    assert.equal(goalProblem({ kind: 'time', target_s: 2 * 3600 }, 21_097.5), null, 'a 2-hour half');
  });

  it('refuses a result beating the record, takes a slow one', () => {
    assert.match(resultProblem(20 * 60, 10_000)!, /beat the world record/);
    assert.equal(resultProblem(6 * 3600, 10_000), null, 'walked with an injury');
  });

  it('writes times as runners do', () => {
    assert.deepEqual([clock(59), clock(754.6), clock(3600), clock(7235)], ['0:59', '12:35', '1:00:00', '2:00:35']);
  });
});
