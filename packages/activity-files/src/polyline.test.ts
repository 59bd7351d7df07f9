import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticRun, writeGpx } from './fixtures/index.ts';
import { parseActivity } from './index.ts';
import { decodePolyline, encodePolyline } from './polyline.ts';
import { simplifyTo } from './summary/simplify.ts';

describe('polyline', () => {
  it('encodes and decodes Google’s reference example', () => {
    assert.equal(
      encodePolyline([
        [38.5, -120.2],
        [40.7, -120.95],
        [43.252, -126.453],
      ]),
      '_p~iF~ps|U_ulLnnqC_mqNvxq`@',
    );
    assert.deepEqual(decodePolyline('_p~iF~ps|U_ulLnnqC_mqNvxq`@'), [
      [38.5, -120.2],
      [40.7, -120.95],
      [43.252, -126.453],
    ]);
  });

  it('round-trips negative and zero coordinates', () => {
    const points: Array<[number, number]> = [
      [48.85837, 2.29448],
      [-33.85678, 151.21529],
      [0, 0],
      [-0.00001, -179.99999],
    ];
    assert.deepEqual(decodePolyline(encodePolyline(points)), points);
  });

  it('never throws on malformed input: a cut tail is dropped, garbage gives nothing', () => {
    assert.deepEqual(decodePolyline(''), []);
    assert.deepEqual(decodePolyline('_p~iF~ps|U_ulL'), [[38.5, -120.2]]);
    assert.deepEqual(decodePolyline('_p~iF~ps|U_'), [[38.5, -120.2]]);
    assert.deepEqual(decodePolyline('_p~iF'), []);
    for (const bad of [' ', '\u0000\u0001', 'abc def', '{{{{{{{{{{{{{{{{', null, undefined, 42, {}]) {
      const points = decodePolyline(bad);
      assert.ok(Array.isArray(points));
      for (const [lat, lng] of points) assert.ok(Math.abs(lat) <= 90 && Math.abs(lng) <= 180);
    }
  });

  it('simplifies a long run to at most 300 points that stay on the route', () => {
    const run = syntheticRun({ seed: 71, positionNoise: 2, gpsJumps: 2 });
    const { summary } = parseActivity(writeGpx(run));
    const points = decodePolyline(summary.polyline!);
    assert.ok(points.length <= 300 && points.length > 20, `${points.length} points`);
    assert.ok(summary.polyline!.length < 3000);
    assert.ok(Math.abs(points[0]![0] - run.samples[0]!.lat!) < 1e-4);
    const last = run.samples[run.samples.length - 1]!;
    assert.ok(Math.abs(points[points.length - 1]![0] - last.lat!) < 1e-4);
  });

  it('keeps straight lines to their two ends', () => {
    const line = Array.from({ length: 1000 }, (_, i) => [45 + i * 1e-5, 6] as const);
    assert.equal(simplifyTo(line, 300).length, 2);
  });
});
