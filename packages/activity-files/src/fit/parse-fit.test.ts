import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { multisportLegs, syntheticRun, writeFit } from '../fixtures/index.ts';
import { parseActivity } from '../index.ts';
import { FitWriter, toFitTime } from './fit-writer.ts';
import { parseFit } from './parse-fit.ts';

const run = syntheticRun({
  seed: 41,
  recording: 'smart',
  legs: [
    { seconds: 900, speed: 3.1, grade: 0.02 },
    { seconds: 600, speed: 3.3, grade: -0.02 },
  ],
  stops: [{ after: 700, seconds: 100, timer: 'stopped' }],
});

describe('FIT parsing', () => {
  it('reads records (semicircles, enhanced altitude, distance, heart rate, cadence)', () => {
    const { track } = parseFit(writeFit(run)).activities[0]!;
    assert.equal(track.points.length, run.samples.length);
    const p = track.points[20]!,
      s = run.samples[20]!;
    assert.ok(Math.abs(p.lat! - s.lat!) < 1e-6 && Math.abs(p.lon! - s.lon!) < 1e-6);
    assert.ok(Math.abs(p.altitude! - s.altitude) <= 0.2);
    assert.ok(Math.abs(p.distance! - s.distance) <= 0.01);
    assert.equal(p.heartRate, s.heartRate);
    assert.equal(p.cadence, s.cadence! * 2);
  });

  it('reads the 16-bit altitude and speed fields too', () => {
    const { track } = parseFit(writeFit(run, { enhanced: false })).activities[0]!;
    assert.ok(Math.abs(track.points[20]!.altitude! - run.samples[20]!.altitude) <= 0.2);
  });

  it('turns timer stop/start events into pauses and takes session totals', () => {
    const { track, externalId } = parseFit(writeFit(run)).activities[0]!;
    assert.deepEqual(track.pauses, run.timerPauses);
    assert.equal(track.totals.timerTime, run.truth.timerTime);
    assert.ok(Math.abs(track.totals.distance! - run.truth.distance) < 0.01);
    assert.equal(track.totals.ascent, Math.round(run.truth.elevationGain));
    assert.equal(externalId, `fit:3999000111:${toFitTime(run.truth.startTime)}`);
    assert.ok(track.laps.length >= 4);
  });

  it('keeps the run of a multisport file, with the run session totals, and flags it', () => {
    const [bike, leg] = multisportLegs(51, Date.parse('2024-06-01T08:00:00Z'));
    const { track, summary } = parseActivity(writeFit([bike, leg]));
    assert.equal(track.multisport, true);
    assert.equal(track.sport, 'running');
    assert.deepEqual(
      track.parts.map((p) => p.sport),
      ['cycling', 'running'],
    );
    assert.equal(track.points[0]!.time, leg.truth.startTime);
    assert.ok(Math.abs(summary.distance - leg.truth.distance) < 0.01);
    assert.ok(Math.abs(summary.movingTime - leg.truth.movingTime) <= leg.truth.movingTime * 0.02);
  });

  it('says a FIT file of another kind holds no activity', () => {
    const w = new FitWriter();
    w.define(0, 0, [
      { num: 0, type: 'enum' },
      { num: 1, type: 'uint16' },
      { num: 4, type: 'uint32' },
    ]);
    w.write(0, [2, 1, toFitTime(Date.now())]); // type 2 = settings
    assert.throws(() => parseActivity(w.finish()), { code: 'no_activity' });
  });
});
