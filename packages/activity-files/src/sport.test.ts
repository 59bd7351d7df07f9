import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticRun, writeFit, writeGpx, writeTcx } from './fixtures/index.ts';
import { FileError, parseActivity, parseFile } from './index.ts';

const run = syntheticRun({ seed: 21, positionNoise: 1 });
// 42.2 km in 2 h: 2:50/km, faster than the marathon world record.
const ride = syntheticRun({
  seed: 22,
  positionNoise: 1,
  cadence: false,
  legs: [{ seconds: 7170, speed: 42195 / 7170, turnRate: 0.1 }],
});

const refusedAs = (bytes: Uint8Array, pattern: RegExp) =>
  assert.throws(
    () => parseFile(bytes, { runningOnly: true }),
    (e: unknown) => e instanceof FileError && e.code === 'unsupported_sport' && pattern.test(e.message),
  );

describe('sport of a GPX, which carries none of its own', () => {
  it('is the track’s type when it has one', () => {
    assert.equal(parseActivity(writeGpx(run, { type: '9' })).track.sport, 'running');
    refusedAs(writeGpx(run, { type: 'Ride' }), /file says it is a ride/);
    refusedAs(writeGpx(run, { type: 'HIKING' }), /hike/);
  });

  it('else the name’s', () => {
    const named = parseActivity(writeGpx(run, { type: null, name: 'Lunch Run' })).track;
    assert.deepEqual([named.sport, named.sportSource], ['running', 'name']);
    refusedAs(writeGpx(run, { type: null, name: 'Sortie vélo du dimanche' }), /name .* says it is a ride/);
  });

  it('else the speed’s: 42 km at 2:50/km is not a run', () => {
    refusedAs(writeGpx(ride, { type: null, name: null }), /looks like a ride: 42\.\d km at 2:50\/km/);
    const plain = parseActivity(writeGpx(run, { type: null, name: null })).track;
    assert.deepEqual([plain.sport, plain.sportSource], ['unknown', 'none']);
  });

  it('the runner may correct a guess', () => {
    const file = parseFile(writeGpx(ride, { type: null, name: null }), { runningOnly: true, isRun: true });
    assert.equal(file.activities[0]!.track.sport, 'running');
  });
});

describe('treadmill and runs without GPS', () => {
  const indoor = syntheticRun({ seed: 23, gps: false, legs: [{ seconds: 1800, speed: 2.9 }] });
  it('are marked whatever the format', () => {
    const fit = parseActivity(writeFit(indoor));
    assert.deepEqual([fit.track.indoor, fit.summary.hasGps], [true, false]);
    const tcx = parseActivity(writeTcx(indoor));
    assert.equal(tcx.summary.hasGps, false);
    assert.equal(parseActivity(writeGpx(run)).summary.hasGps, true);
  });
});

describe('cadence', () => {
  it('is doubled when the file stores it per leg (strides/min), as watches do for runs', () => {
    const { track, summary } = parseActivity(writeFit(run));
    assert.equal(track.points[50]!.cadence, run.samples[50]!.cadence! * 2);
    assert.ok(summary.averageCadence! > 160 && summary.averageCadence! < 200);
  });

  it('is kept when the file already holds steps/min: a treadmill walk at 119.5 stays 119.5, not 239', () => {
    const walk = syntheticRun({ seed: 24, gps: false, cadence: false, legs: [{ seconds: 1800, speed: 1.6 }] });
    for (const [i, s] of walk.samples.entries()) s.cadence = i % 2 ? 119 : 120;
    const { summary } = parseActivity(writeFit(walk));
    assert.ok(Math.abs(summary.averageCadence! - 119.5) < 1, String(summary.averageCadence));
    // A slow treadmill run at the same cadence: still steps, a person takes ~150-170 at 2.7 m/s.
    const jog = syntheticRun({ seed: 25, gps: false, cadence: false, legs: [{ seconds: 1800, speed: 2.7 }] });
    for (const [i, s] of jog.samples.entries()) s.cadence = i % 2 ? 119 : 120;
    assert.ok(parseActivity(writeFit(jog)).summary.averageCadence! < 130);
  });
});
