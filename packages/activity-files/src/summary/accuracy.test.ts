import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticRun, writeFit, writeGpx, writeTcx, type RecordedRun } from '../fixtures/index.ts';
import { parseActivity } from '../index.ts';

const within = (actual: number, expected: number, tolerance: number, what: string) => {
  const error = Math.abs(actual / expected - 1);
  assert.ok(
    error <= tolerance,
    `${what}: ${actual.toFixed(1)} vs truth ${expected.toFixed(1)} (${(error * 100).toFixed(2)}% > ${tolerance * 100}%)`,
  );
};

/** Noise, two jumps, a stop with the timer running and one with the timer stopped. */
function hardRun(seed: number, recording: 'second' | 'smart'): RecordedRun {
  return syntheticRun({
    seed,
    recording,
    positionNoise: 3,
    altitudeNoise: 3,
    gpsJumps: recording === 'second' ? 3 : 0,
    stops: [
      { after: 600, seconds: 60, timer: 'running' },
      { after: 1500, seconds: 90, timer: 'stopped' },
      { after: 2500, seconds: 40, timer: 'running' },
    ],
  });
}

describe('computed distance and moving time match the truth', () => {
  const cases: Array<[string, (run: RecordedRun) => Uint8Array]> = [
    ['GPX 1.1', (run) => writeGpx(run)],
    ['GPX 1.0 in one segment', (run) => writeGpx(run, { version: '1.0', segmentPerPause: false })],
    ['TCX without device distance', (run) => writeTcx(run, { deviceDistance: false })],
    ['TCX with device distance', (run) => writeTcx(run)],
    ['FIT without device distance', (run) => writeFit(run, { deviceDistance: false })],
    ['FIT with device distance', (run) => writeFit(run)],
  ];
  for (const recording of ['second', 'smart'] as const) {
    for (const [name, write] of cases) {
      it(`${name}, ${recording} recording, with noise, jumps and pauses`, () => {
        const run = hardRun(recording === 'second' ? 101 : 202, recording);
        const { summary } = parseActivity(write(run));
        within(summary.distance, run.truth.distance, 0.01, 'distance');
        within(summary.movingTime, run.truth.movingTime, 0.02, 'moving time');
        assert.equal(summary.elapsedTime, run.truth.elapsedTime);
      });
    }
  }
});

describe('elevation gain on noisy GPS altitude', () => {
  for (const seed of [7, 8, 9]) {
    it(`is within 10% of the true climb (seed ${seed})`, () => {
      const run = syntheticRun({ seed, positionNoise: 3, altitudeNoise: 3 });
      const { summary } = parseActivity(writeGpx(run));
      assert.equal(summary.elevationSource, 'computed');
      within(summary.elevationGain!, run.truth.elevationGain, 0.1, 'elevation gain');
      within(summary.elevationLoss!, run.truth.elevationLoss, 0.15, 'elevation loss');
    });
  }

  it('takes the barometric total from a FIT session when present', () => {
    const run = syntheticRun({ seed: 4, altitudeNoise: 3 });
    const { summary } = parseActivity(writeFit(run));
    assert.equal(summary.elevationSource, 'device');
    assert.equal(summary.elevationGain, Math.round(run.truth.elevationGain));
  });
});

describe('indoor run without GPS', () => {
  const run = syntheticRun({
    seed: 5,
    gps: false,
    legs: [
      { seconds: 1500, speed: 3 },
      { seconds: 600, speed: 3.6 },
    ],
    stops: [{ after: 900, seconds: 60, timer: 'stopped' }],
  });
  for (const [name, bytes] of [
    ['FIT', writeFit(run)],
    ['TCX', writeTcx(run)],
  ] as const) {
    it(`${name}: distance from the device, moving time from the timer, no polyline or zone`, () => {
      const { summary, track } = parseActivity(bytes);
      assert.equal(summary.distanceSource, 'device');
      within(summary.distance, run.truth.distance, 0.001, 'distance');
      within(summary.movingTime, run.truth.movingTime, 0.02, 'moving time');
      assert.equal(summary.polyline, null);
      assert.equal(summary.timeZone, null);
      assert.equal(summary.startLatLng, null);
      assert.ok(summary.splitsKm.length >= 6);
      if (name === 'FIT') assert.equal(track.indoor, true);
    });
  }
});
