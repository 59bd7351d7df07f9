import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticRun, writeGpx } from '../fixtures/index.ts';
import { parseActivity } from '../index.ts';
import { parseGpx } from './parse-gpx.ts';

const run = syntheticRun({
  seed: 21,
  positionNoise: 1,
  legs: [{ seconds: 1200, speed: 3.2, turnRate: 0.3 }],
  stops: [
    { after: 400, seconds: 90, timer: 'stopped' },
    { after: 800, seconds: 60, timer: 'stopped' },
  ],
});

describe('GPX parsing', () => {
  it('turns several segments into one track with pauses between them', () => {
    const { track } = parseGpx(writeGpx(run)).activities[0]!;
    assert.equal(track.points.length, run.samples.length);
    assert.equal(track.pauses.length, 2);
    track.pauses.forEach((pause, i) => {
      assert.equal(pause.end, run.timerPauses[i]!.end);
      assert.ok(run.timerPauses[i]!.start - pause.start <= 1000, 'starts at the last point before the stop');
    });
    assert.equal(track.points.filter((p) => p.resumed).length, 2);
    const { summary } = parseActivity(writeGpx(run));
    assert.ok(Math.abs(summary.distance / run.truth.distance - 1) < 0.01);
    assert.ok(Math.abs(summary.movingTime - run.truth.movingTime) <= 10);
    assert.equal(summary.elapsedTime, run.truth.elapsedTime);
  });

  it('joins several tracks in time order', () => {
    const { track } = parseGpx(writeGpx(run, { trackPerPause: true })).activities[0]!;
    assert.equal(track.points.length, run.samples.length);
    assert.equal(track.pauses.length, 2);
    assert.equal(track.multisport, false);
    assert.equal(track.sport, 'running');
  });

  it('reads Garmin TrackPointExtension heart rate and doubles per-leg cadence to steps/min', () => {
    const { track } = parseGpx(writeGpx(run)).activities[0]!;
    const sample = run.samples[100]!;
    const point = track.points[100]!;
    assert.equal(point.heartRate, sample.heartRate);
    assert.equal(point.cadence, sample.cadence! * 2);
    assert.equal(point.altitude, Number(sample.altitude.toFixed(1)));
    assert.equal(track.device, 'Runnerly fixtures');
  });

  it('reads GPX 1.0 (no extensions) and Cluetrust-style gpxdata extensions', () => {
    const old = parseGpx(writeGpx(run, { version: '1.0' })).activities[0]!.track;
    assert.equal(old.points.length, run.samples.length);
    assert.equal(old.points[0]!.heartRate, undefined);
    const xml = `<?xml version="1.0"?><gpx version="1.1" creator="x" xmlns:gpxdata="http://www.cluetrust.com/XML/GPXDATA/1/0"><trk><type>9</type><trkseg>
      <trkpt lat="45.0" lon="6.0"><time>2024-01-01T10:00:00Z</time><extensions><gpxdata:hr>150</gpxdata:hr><gpxdata:cadence>176</gpxdata:cadence></extensions></trkpt>
      <trkpt lat="45.0001" lon="6.0"><time>2024-01-01T10:00:05Z</time><extensions><gpxdata:hr>152</gpxdata:hr><gpxdata:cadence>178</gpxdata:cadence></extensions></trkpt>
      </trkseg></trk></gpx>`;
    const { track } = parseGpx(new TextEncoder().encode(xml)).activities[0]!;
    assert.equal(track.sport, 'running');
    assert.equal(track.points[1]!.heartRate, 152);
    assert.equal(track.points[1]!.cadence, 178, 'values already in steps/min are kept');
  });

  it('keeps the running track of a file that also holds a ride, and flags it', () => {
    const xml = `<gpx version="1.1"><trk><type>cycling</type><trkseg>
      <trkpt lat="45.0" lon="6.0"><time>2024-01-01T09:00:00Z</time></trkpt><trkpt lat="45.01" lon="6.0"><time>2024-01-01T09:02:00Z</time></trkpt>
      </trkseg></trk><trk><type>running</type><trkseg>
      <trkpt lat="45.01" lon="6.0"><time>2024-01-01T09:10:00Z</time></trkpt><trkpt lat="45.011" lon="6.0"><time>2024-01-01T09:10:40Z</time></trkpt>
      </trkseg></trk></gpx>`;
    const { track } = parseGpx(new TextEncoder().encode(xml)).activities[0]!;
    assert.equal(track.multisport, true);
    assert.equal(track.sport, 'running');
    assert.equal(track.points.length, 2);
    assert.deepEqual(
      track.parts.map((p) => p.sport),
      ['cycling', 'running'],
    );
  });
});
