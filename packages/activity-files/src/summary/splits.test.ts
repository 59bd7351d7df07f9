import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticRun, writeFit, writeGpx } from '../fixtures/index.ts';
import { parseActivity } from '../index.ts';
import { bestEffortsOfSeries } from './best-efforts.ts';

// Exactly 8 km at 3.2 m/s (2500 s), with a stop, on a hilly profile.
const run = syntheticRun({
  seed: 61,
  positionNoise: 2,
  altitudeNoise: 1,
  legs: [
    { seconds: 1250, speed: 3.2, grade: 0.03, turnRate: 0.2 },
    { seconds: 1250, speed: 3.2, grade: -0.03, turnRate: -0.2 },
  ],
  stops: [{ after: 1000, seconds: 60, timer: 'stopped' }],
});

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('splits', () => {
  for (const [name, bytes] of [
    ['FIT', writeFit(run)],
    ['GPX', writeGpx(run)],
  ] as const) {
    it(`${name}: km split times add up to the run's elapsed and moving times`, () => {
      const { summary } = parseActivity(bytes);
      const splits = summary.splitsKm;
      // 8 whole km from the device; GPS may measure a few metres more, giving a tiny 9th split.
      assert.equal(splits.length, Math.ceil(summary.distance / 1000 - 1e-9));
      if (name === 'FIT') assert.equal(splits.length, 8);
      assert.ok(Math.abs(sum(splits.map((s) => s.elapsedTime)) - summary.elapsedTime) < 1e-6);
      assert.ok(Math.abs(sum(splits.map((s) => s.movingTime)) - summary.movingTime) < 1e-6);
      assert.ok(Math.abs(sum(splits.map((s) => s.distance)) - run.truth.distance) < run.truth.distance * 0.01);
      for (const split of splits.slice(0, 7)) {
        assert.equal(split.distance, 1000);
        assert.ok(Math.abs(split.pace! - 312.5) < 10, `pace ${split.pace} near 5:12/km`);
        assert.ok(split.averageHeartRate! > 100 && split.averageHeartRate! < 200);
      }
      const stopped = splits.find((s) => s.elapsedTime - s.movingTime > 40);
      assert.ok(stopped, 'the split with the timer stopped shows it in elapsed time only');
      assert.ok(splits[0]!.elevationChange! > 20 && splits[7]!.elevationChange! < -20, 'uphill first, downhill last');
    });
  }

  it('mile splits cover the same run', () => {
    const { summary } = parseActivity(writeFit(run));
    assert.equal(summary.splitsMile.length, Math.ceil(run.truth.distance / 1609.344));
    assert.ok(Math.abs(sum(summary.splitsMile.map((s) => s.elapsedTime)) - summary.elapsedTime) < 1e-6);
    assert.ok(Math.abs(summary.splitsMile[0]!.pace! - 1609.344 / 3.2) < 10);
  });
});

describe('best efforts', () => {
  it('are as fast as the steady pace allows and grow with distance', () => {
    const { summary } = parseActivity(writeFit(run));
    const byName = new Map(summary.bestEfforts.map((e) => [e.name, e]));
    assert.deepEqual([...byName.keys()], ['400m', '1/2 mile', '1k', '1 mile', '2 mile', '5k']);
    assert.ok(Math.abs(byName.get('2 mile')!.elapsedTime - 3218.688 / 3.2) < 2, '2 miles fit after the stop');
    assert.ok(Math.abs(byName.get('400m')!.elapsedTime - 125) < 1);
    assert.ok(Math.abs(byName.get('1k')!.elapsedTime - 312.5) < 1);
    assert.ok(Math.abs(byName.get('5k')!.elapsedTime - (5000 / 3.2 + 60)) < 2, 'no 5k avoids the 60 s stop');
    const times = summary.bestEfforts.map((e) => e.elapsedTime);
    assert.deepEqual(
      [...times].sort((a, b) => a - b),
      times,
    );
    for (const effort of summary.bestEfforts) {
      assert.ok(Math.abs(effort.endOffset - effort.startOffset - effort.elapsedTime) < 1e-6);
      for (const split of summary.splitsKm.filter((s) => s.distance === 1000)) {
        if (effort.name === '1k') assert.ok(effort.elapsedTime <= split.elapsedTime + 1e-6);
      }
    }
  });

  it('find the fast part of a progressive run', () => {
    const progressive = syntheticRun({
      seed: 62,
      legs: [
        { seconds: 1000, speed: 2.5 },
        { seconds: 400, speed: 5 },
        { seconds: 1000, speed: 2.5 },
      ],
    });
    const { summary } = parseActivity(writeFit(progressive));
    const oneK = summary.bestEfforts.find((e) => e.name === '1k')!;
    assert.ok(Math.abs(oneK.elapsedTime - 200) < 1);
    assert.ok(oneK.startOffset >= 1000 && oneK.endOffset <= 1400);
  });

  it('come from plain series of seconds and metres too, a distance going back held at its highest', () => {
    const time = Array.from({ length: 1601 }, (_, i) => i);
    const distance = time.map((t) => (t === 800 ? 0 : t * 4));
    const byName = new Map(bestEffortsOfSeries(time, distance).map((e) => [e.name, e]));
    assert.deepEqual([...byName.keys()], ['400m', '1/2 mile', '1k', '1 mile', '2 mile', '5k']);
    assert.ok(Math.abs(byName.get('5k')!.elapsedTime - 1250) < 1.01);
    assert.ok(Math.abs(byName.get('400m')!.elapsedTime - 100) < 1.01, 'the glitch costs a second at most');
  });
});
