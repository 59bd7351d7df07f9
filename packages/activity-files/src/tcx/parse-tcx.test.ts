import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticRun, writeTcx } from '../fixtures/index.ts';
import { parseTcx } from './parse-tcx.ts';

const run = syntheticRun({
  seed: 31,
  legs: [{ seconds: 1000, speed: 3.3 }],
  stops: [{ after: 500, seconds: 75, timer: 'stopped' }],
});

describe('TCX parsing', () => {
  it('reads laps, device distance and totals', () => {
    const { track } = parseTcx(writeTcx(run)).activities[0]!;
    assert.equal(track.laps.length, Math.ceil(run.truth.distance / 1000));
    assert.ok(Math.abs(track.totals.distance! - run.truth.distance) < 0.1);
    assert.ok(Math.abs(track.totals.timerTime! - run.truth.timerTime) <= 1);
    assert.equal(track.points[10]!.distance, Number(run.samples[10]!.distance.toFixed(2)));
    assert.equal(track.device, 'Synthetic Forerunner');
  });

  it('turns a new Track inside a Lap into a timer pause', () => {
    const { track } = parseTcx(writeTcx(run)).activities[0]!;
    // The file only shows the last point before the stop: the pause starts there (at most 1 s early).
    assert.equal(track.pauses.length, 1);
    assert.equal(track.pauses[0]!.end, run.timerPauses[0]!.end);
    assert.ok(run.timerPauses[0]!.start - track.pauses[0]!.start <= 1000);
  });

  it('reads heart rate and doubles the TPX RunCadence', () => {
    const { track } = parseTcx(writeTcx(run)).activities[0]!;
    assert.equal(track.points[50]!.heartRate, run.samples[50]!.heartRate);
    assert.equal(track.points[50]!.cadence, run.samples[50]!.cadence! * 2);
  });

  it('keeps the running Activity of a multi-activity file', () => {
    const xml = `<TrainingCenterDatabase><Activities>
      <Activity Sport="Biking"><Id>2024-01-01T09:00:00Z</Id><Lap StartTime="2024-01-01T09:00:00Z"><TotalTimeSeconds>60</TotalTimeSeconds><DistanceMeters>500</DistanceMeters><Track>
        <Trackpoint><Time>2024-01-01T09:00:00Z</Time><DistanceMeters>0</DistanceMeters></Trackpoint><Trackpoint><Time>2024-01-01T09:01:00Z</Time><DistanceMeters>500</DistanceMeters></Trackpoint></Track></Lap></Activity>
      <Activity Sport="Running"><Id>2024-01-01T09:05:00Z</Id><Lap StartTime="2024-01-01T09:05:00Z"><TotalTimeSeconds>100</TotalTimeSeconds><DistanceMeters>300</DistanceMeters><Track>
        <Trackpoint><Time>2024-01-01T09:05:00Z</Time><DistanceMeters>0</DistanceMeters></Trackpoint><Trackpoint><Time>2024-01-01T09:06:40Z</Time><DistanceMeters>300</DistanceMeters></Trackpoint></Track></Lap></Activity>
      </Activities></TrainingCenterDatabase>`;
    const parsed = parseTcx(new TextEncoder().encode(xml)).activities[0]!;
    assert.equal(parsed.track.multisport, true);
    assert.equal(parsed.track.sport, 'running');
    assert.equal(parsed.track.totals.distance, 300);
    assert.equal(parsed.externalId, 'tcx:2024-01-01T09:05:00Z');
  });
});
