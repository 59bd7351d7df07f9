import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimatedMaxHr, startingEstimate } from './index.ts';

test('with max and rest heart rate: VO2max = 15.3 × max / rest, times economy, flagged as an estimate', () => {
  const e = startingEstimate({ age: 30, sex: 'male', max_hr: 190, rest_hr: 50 });
  assert.equal(e.estimated, true);
  assert.ok(Math.abs(e.vdot - 15.3 * (190 / 50) * 0.85) < 1e-9);
  assert.ok(e.notes.some((n) => n.includes('190/50')));
});

test('without heart rates: max from age and sex (Tanaka, Gulati for women), rest assumed, and the notes say so', () => {
  assert.equal(estimatedMaxHr(40, 'male'), 180);
  assert.equal(estimatedMaxHr(40, 'female'), 171);
  const man = startingEstimate({ age: 40, sex: 'male', max_hr: null, rest_hr: null });
  const woman = startingEstimate({ age: 40, sex: 'female', max_hr: null, rest_hr: null });
  assert.ok(Math.abs(man.vdot - 15.3 * (180 / 65) * 0.85) < 1e-9);
  assert.ok(woman.vdot < man.vdot);
  assert.ok(man.notes.some((n) => n.includes('estimated 180 bpm from age 40')));
  assert.ok(man.notes.some((n) => n.includes('resting heart rate assumed')));
  const older = startingEstimate({ age: 65, sex: 'male', max_hr: null, rest_hr: null });
  assert.ok(older.vdot < man.vdot);
});

test('the estimate stays within 25–60 and ignores a rest heart rate too close to the max', () => {
  assert.equal(startingEstimate({ age: 20, sex: 'male', max_hr: 210, rest_hr: 30 }).vdot, 60);
  assert.equal(
    startingEstimate({ age: 90, sex: 'female', max_hr: 110, rest_hr: 90 }).vdot,
    startingEstimate({ age: 90, sex: 'female', max_hr: null, rest_hr: null }).vdot,
  );
  assert.ok(startingEstimate({ age: 90, sex: 'female', max_hr: null, rest_hr: null }).vdot >= 25);
});
