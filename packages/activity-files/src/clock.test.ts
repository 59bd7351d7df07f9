import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticRun, writeFit, writeGpx, type RecordedRun } from './fixtures/index.ts';
import { FileError, parseActivity } from './index.ts';

const hour = 3600_000;

function steadyRun(seed: number): RecordedRun {
  return syntheticRun({
    seed,
    positionNoise: 1,
    legs: [
      { seconds: 1500, speed: 3.1, turnRate: 0.2 },
      { seconds: 1500, speed: 3.2, turnRate: -0.2 },
    ],
  });
}

/** The same run with the recorded clock moved by `shift` ms from sample `from` on (the device's totals untouched). */
function withClockJump(run: RecordedRun, from: number, shift: number): RecordedRun {
  return { ...run, samples: run.samples.map((s, i) => (i >= from ? { ...s, time: s.time + shift } : s)) };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytesOf = (xml: string) => new TextEncoder().encode(xml);

describe('clock jumps keep the run’s real duration', () => {
  it('a FIT clock jumping 486 hours forward mid-run: the session’s elapsed time, the gap closed', () => {
    const run = steadyRun(91);
    const { summary, track } = parseActivity(writeFit(withClockJump(run, 1200, 486 * hour)));
    assert.equal(summary.elapsedTime, run.truth.elapsedTime);
    assert.equal(summary.movingTime, run.truth.timerTime);
    const last = track.points[track.points.length - 1]!.time;
    assert.ok(last - track.points[0]!.time <= run.truth.elapsedTime * 1000 + 2000, 'charts end with the run');
    assert.ok(track.repairs.some((r) => r.includes('jumped')));
    assert.ok(Math.abs(summary.splitsKm.reduce((s, x) => s + x.elapsedTime, 0) - summary.elapsedTime) < 60);
  });

  it('a GPX clock jumping 20 days forward: no 480-hour run', () => {
    const run = steadyRun(92);
    const { summary } = parseActivity(writeGpx(withClockJump(run, 1500, 20 * 24 * hour)));
    assert.ok(Math.abs(summary.elapsedTime - run.truth.elapsedTime) <= 2, String(summary.elapsedTime));
    assert.ok(Math.abs(summary.distance / run.truth.distance - 1) < 0.01);
  });

  it('a clock set back mid-run: the later points follow on instead of running back over the earlier ones', () => {
    const run = steadyRun(93);
    const { summary, track } = parseActivity(writeGpx(withClockJump(run, 1800, -hour)));
    for (let i = 1; i < track.points.length; i++) assert.ok(track.points[i]!.time > track.points[i - 1]!.time);
    assert.ok(Math.abs(summary.elapsedTime - run.truth.elapsedTime) <= 2, String(summary.elapsedTime));
    assert.ok(Math.abs(summary.distance / run.truth.distance - 1) < 0.01, String(summary.distance));
  });

  it('points dated before 2000 (a clock never set) are left out', () => {
    const run = steadyRun(94);
    const early = withClockJump(run, 0, 0);
    early.samples[0] = { ...early.samples[0]!, time: Date.parse('1989-12-31T00:00:00Z') };
    const { summary } = parseActivity(writeGpx(early));
    assert.equal(summary.startTime, new Date(run.samples[1]!.time).toISOString());
    assert.ok(summary.elapsedTime < run.truth.elapsedTime + 1);
  });
});

describe('bad points', () => {
  it('GPX points without <time> are placed between their neighbours: nothing lost, nothing invented', () => {
    const run = steadyRun(95);
    let n = 0;
    const xml = text(writeGpx(run)).replace(/<time>[^<]*<\/time>(?=<extensions>)/g, (m) => (++n % 10 === 0 ? '' : m));
    const { summary } = parseActivity(bytesOf(xml));
    assert.ok(Math.abs(summary.distance / run.truth.distance - 1) < 0.01);
    assert.equal(summary.elapsedTime, run.truth.elapsedTime);
  });

  it('a track with almost no times is a route: refused, not a 43 m run', () => {
    const run = steadyRun(96);
    let n = 0;
    const xml = text(writeGpx(run)).replace(/<time>[^<]*<\/time>(?=<extensions>)/g, (m) => (++n <= 3 ? m : ''));
    assert.throws(
      () => parseActivity(bytesOf(xml)),
      (e: unknown) => e instanceof FileError && e.code === 'no_activity' && /route/.test(e.message),
    );
  });

  it('FIT records without position, with invalid altitude, and an empty last record keep the run whole', () => {
    const run = syntheticRun({ seed: 97, positionNoise: 1 });
    const damaged: RecordedRun = {
      ...run,
      samples: run.samples.map((s, i) =>
        i % 7 === 3
          ? { ...s, lat: undefined, lon: undefined }
          : i % 11 === 5
            ? { ...s, altitude: 12_607 } // what the invalid 0xFFFF altitude reads as
            : s,
      ),
    };
    const bytes = writeFit(damaged);
    const { summary } = parseActivity(bytes);
    assert.ok(Math.abs(summary.distance - run.truth.distance) < 1);
    assert.equal(summary.elapsedTime, run.truth.elapsedTime);
    assert.equal(summary.elevationSource, 'device');
    // Computed from the records (no session total), invalid altitude must not add climbs of 12 km.
    const computed = parseActivity(writeFit(damaged, { totalAscent: false })).summary;
    assert.ok(computed.elevationGain! < run.truth.elevationGain * 1.25, String(computed.elevationGain));

    // A record with nothing but a timestamp, 200 days past the session, as some devices write last.
    const tailed = parseActivity(writeFit(run, { emptyRecordAt: run.truth.endTime + 200 * 24 * hour })).summary;
    assert.equal(tailed.elapsedTime, run.truth.elapsedTime);
    assert.equal(tailed.distance, parseActivity(writeFit(run)).summary.distance);
  });
});
