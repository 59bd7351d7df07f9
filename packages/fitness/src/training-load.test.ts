import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centralPaces, trainingLoad, type RunnerProfile } from './index.ts';

const known: RunnerProfile = { age: 35, sex: 'male', max_hr: 190, rest_hr: 50 };
const hour = { moving_time_s: 3600, distance_m: 12_000 };

test("heart-rate load is Banister's TRIMP: minutes × reserve share × 0.64·e^(1.92·share) for men", () => {
  const load = trainingLoad({ ...hour, average_heartrate: 150 }, known, 255);
  const x = (150 - 50) / (190 - 50);
  assert.equal(load.method, 'heart-rate');
  assert.equal(load.estimated, false);
  assert.ok(Math.abs(load.load - 60 * x * 0.64 * Math.exp(1.92 * x)) < 1e-9);
  assert.ok(Math.abs(load.load - 108.0) < 0.1, `${load.load}`);
});

test('women weigh intensity with 0.86·e^(1.67·share); unknown sex takes the mean of both', () => {
  const x = (150 - 50) / 140;
  const women = trainingLoad({ ...hour, average_heartrate: 150 }, { ...known, sex: 'female' }, 255).load;
  assert.ok(Math.abs(women - 60 * x * 0.86 * Math.exp(1.67 * x)) < 1e-9);
  const other = trainingLoad({ ...hour, average_heartrate: 150 }, { ...known, sex: null }, 255).load;
  const men = trainingLoad({ ...hour, average_heartrate: 150 }, known, 255).load;
  assert.ok(Math.abs(other - (men + women) / 2) < 1e-9);
});

test('without max and rest heart rate in the profile they are estimated from age, and the load says so', () => {
  const load = trainingLoad(
    { ...hour, average_heartrate: 150 },
    { age: 40, sex: 'male', max_hr: null, rest_hr: null },
    255,
  );
  assert.equal(load.estimated, true);
  // Tanaka: 208 − 0.7 × 40 = 180; rest assumed 65.
  assert.ok(Math.abs(load.intensity - (150 - 65) / (180 - 65)) < 1e-9);
});

test('without heart rate the load comes from pace relative to threshold: an hour at threshold weighs like the same reserve share by heart rate', () => {
  const threshold = centralPaces(50).threshold;
  const atThreshold = { moving_time_s: 3600, distance_m: (3600 / threshold) * 1000, average_heartrate: null };
  const byPace = trainingLoad(atThreshold, known, threshold);
  assert.equal(byPace.method, 'pace');
  const share = (0.88 * 50 - 3.5) / (50 - 3.5);
  assert.ok(Math.abs(byPace.intensity - share) < 1e-6, `${byPace.intensity}`);
  const hrAtSameShare = 50 + share * 140;
  const byHeart = trainingLoad({ ...atThreshold, average_heartrate: hrAtSameShare }, known, threshold);
  assert.ok(Math.abs(byPace.load - byHeart.load) < 1e-6);
});

test('pace-based load grows with speed and with duration; a threshold pace that is a guess is flagged', () => {
  const t = 255;
  const easy = trainingLoad({ moving_time_s: 3600, distance_m: 11_000, average_heartrate: null }, known, t);
  const fast = trainingLoad({ moving_time_s: 3600, distance_m: 13_500, average_heartrate: null }, known, t);
  const long = trainingLoad({ moving_time_s: 7200, distance_m: 22_000, average_heartrate: null }, known, t, true);
  assert.ok(fast.load > easy.load);
  assert.ok(Math.abs(long.load - 2 * easy.load) < 1e-9);
  assert.equal(long.estimated, true);
  assert.equal(trainingLoad({ moving_time_s: 0, distance_m: 0, average_heartrate: null }, known, t).load, 0);
});
