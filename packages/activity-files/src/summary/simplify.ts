import { metresPerDegree } from './geo.ts';

/** Indexes kept by Douglas-Peucker at `tolerance` metres (iterative, so long tracks are safe). */
export function douglasPeucker(points: ReadonlyArray<readonly [number, number]>, tolerance: number): number[] {
  const n = points.length;
  if (n <= 2) return points.map((_, i) => i);
  const scale = metresPerDegree(points[0]![0]);
  const x = (i: number) => points[i]![1] * scale.lon;
  const y = (i: number) => points[i]![0] * scale.lat;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: Array<[number, number]> = [[0, n - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    const ax = x(first),
      ay = y(first),
      bx = x(last),
      by = y(last);
    const dx = bx - ax,
      dy = by - ay;
    const length2 = dx * dx + dy * dy;
    let worst = -1,
      worstDistance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const px = x(i) - ax,
        py = y(i) - ay;
      let distance: number;
      if (length2 === 0) distance = Math.hypot(px, py);
      else {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / length2));
        distance = Math.hypot(px - t * dx, py - t * dy);
      }
      if (distance > worstDistance) {
        worst = i;
        worstDistance = distance;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i);
  return out;
}

/** Simplifies to at most `maxPoints`, doubling the tolerance (from `startTolerance` metres) as needed. */
export function simplifyTo(
  points: ReadonlyArray<readonly [number, number]>,
  maxPoints: number,
  startTolerance = 2,
): Array<readonly [number, number]> {
  let tolerance = startTolerance;
  for (;;) {
    const kept = douglasPeucker(points, tolerance);
    if (kept.length <= maxPoints || tolerance > 1e6) return kept.map((i) => points[i]!);
    tolerance *= 2;
  }
}
