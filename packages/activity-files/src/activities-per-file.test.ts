import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { multisportLegs, syntheticRun, writeFit, writeTcx } from './fixtures/index.ts';
import { FileError, parseFile } from './index.ts';

const day = 86_400_000;
const monday = Date.parse('2024-09-02T06:30:00Z');

function shortRun(seed: number, startTime: number, seconds = 1800) {
  return syntheticRun({ seed, startTime, positionNoise: 1, legs: [{ seconds, speed: 3, turnRate: 0.2 }] });
}

describe('one file, several activities', () => {
  it('a TCX with three Activities on three days is three runs, not one 48-hour run', () => {
    const runs = [shortRun(1, monday), shortRun(2, monday + day, 2400), shortRun(3, monday + 2 * day, 1200)];
    const file = parseFile(writeTcx(runs), { runningOnly: true });
    assert.equal(file.activities.length, 3);
    file.activities.forEach(({ summary, externalId }, i) => {
      const truth = runs[i]!.truth;
      assert.equal(summary.startTimeMs, truth.startTime);
      assert.equal(summary.elapsedTime, truth.elapsedTime);
      assert.ok(Math.abs(summary.distance - truth.distance) < 1);
      assert.equal(externalId, `tcx:3999000111:${new Date(truth.startTime).toISOString().replace('.000Z', 'Z')}`);
    });
    assert.deepEqual(file.leftOut, []);
  });

  it('a triathlon FIT keeps its run leg and says what was left out', () => {
    const [bike, run] = multisportLegs(31, monday);
    const file = parseFile(writeFit([bike, run]), { runningOnly: true });
    assert.equal(file.activities.length, 1);
    const { track, summary } = file.activities[0]!;
    assert.equal(track.sport, 'running');
    assert.equal(track.multisport, true);
    assert.equal(summary.startTimeMs, run.truth.startTime);
    assert.ok(Math.abs(summary.distance - run.truth.distance) < 1);
    assert.equal(summary.movingTime, run.truth.timerTime);
    assert.deepEqual(
      file.leftOut.map((p) => [p.sport, Math.round(p.distance!)]),
      [['cycling', Math.round(bike.truth.distance)]],
    );
  });

  it('a brick (run, ride, run) in a TCX MultiSportSession gives both run legs', () => {
    const [bike, second] = multisportLegs(41, monday + 2400_000);
    const first = shortRun(40, monday, 2000);
    const file = parseFile(writeTcx([first, bike, second], { multisport: true }), { runningOnly: true });
    assert.deepEqual(
      file.activities.map((a) => a.summary.startTimeMs),
      [first.truth.startTime, second.truth.startTime],
    );
    assert.equal(file.leftOut.length, 1);
    assert.equal(file.leftOut[0]!.sport, 'cycling');
  });

  it('a FIT with only a ride is refused with what it is, unless the runner says it was a run', () => {
    const [bike] = multisportLegs(51, monday);
    const bytes = writeFit(bike);
    assert.throws(
      () => parseFile(bytes, { runningOnly: true }),
      (e: unknown) => e instanceof FileError && e.code === 'unsupported_sport' && /ride/.test(e.message),
    );
    assert.equal(parseFile(bytes, { runningOnly: true, isRun: true }).activities[0]!.track.sport, 'running');
  });
});
