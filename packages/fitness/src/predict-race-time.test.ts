import { test } from 'node:test';
import assert from 'node:assert/strict';
import { predictRaceTime } from './index.ts';

test("the prediction is Daniels' equivalent time, with Riegel's beside it and the margin to the goal", () => {
  const p = predictRaceTime(50, 21_097.5, { distanceM: 5000, seconds: 1197 }, 90 * 60);
  assert.ok(Math.abs(p.seconds - (60 * 91 + 35)) < 10, `${p.seconds}`);
  assert.ok(Math.abs(p.riegelSeconds! - 1197 * Math.pow(21_097.5 / 5000, 1.06)) < 1e-9);
  assert.equal(p.low, Math.min(p.seconds, p.riegelSeconds!));
  assert.equal(p.high, Math.max(p.seconds, p.riegelSeconds!));
  assert.ok(p.marginSeconds! < 0, 'a 1:30 goal is faster than the 1:31:35 predicted');
  const alone = predictRaceTime(50, 42_195);
  assert.equal(alone.riegelSeconds, null);
  assert.equal(alone.low, alone.seconds);
  assert.equal(alone.marginSeconds, null);
});
