import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pathData, projectRoute, thin } from './polyline.ts';

describe('projectRoute', () => {
  it('fits a route into the box, keeping the aspect ratio and centring it', () => {
    // About 1 km east-west and 0.5 km north-south near Paris.
    const route: Array<[number, number]> = [
      [48.85, 2.29],
      [48.85, 2.3036],
      [48.8545, 2.3036],
    ];
    const { points } = projectRoute(route, 200, 200, 0);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    assert.ok(Math.abs(Math.min(...xs)) < 1e-9 && Math.abs(Math.max(...xs) - 200) < 1e-9, 'fills the width');
    const h = Math.max(...ys) - Math.min(...ys);
    assert.ok(h > 90 && h < 110, `about half as tall as wide (${h})`);
    assert.ok(Math.abs((Math.min(...ys) + Math.max(...ys)) / 2 - 100) < 1e-9, 'centred vertically');
    assert.ok(points[2]![1] < points[1]![1], 'north is up');
  });
  it('respects the padding and handles a single point', () => {
    const { points } = projectRoute(
      [
        [0, 0],
        [1, 1],
      ],
      100,
      50,
      5,
    );
    for (const [x, y] of points) assert.ok(x >= 5 - 1e-9 && x <= 95 + 1e-9 && y >= 5 - 1e-9 && y <= 45 + 1e-9);
    assert.deepEqual(projectRoute([[10, 10]], 100, 50, 5).points, [[50, 25]]);
    assert.deepEqual(projectRoute([], 100, 50).points, []);
  });
  it('thins points and writes a path', () => {
    const pts: Array<[number, number]> = [
      [0, 0],
      [0.1, 0.1],
      [0.2, 0.2],
      [5, 5],
      [5.1, 5],
    ];
    assert.deepEqual(thin(pts, 1), [
      [0, 0],
      [5, 5],
      [5.1, 5],
    ]);
    assert.equal(
      pathData([
        [0, 0],
        [1.25, 2],
      ]),
      'M0.0 0.0L1.3 2.0',
    );
  });
});
