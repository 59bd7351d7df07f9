import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gpxText, syntheticRun } from '../fixtures/index.ts';
import { parseActivity } from '../index.ts';

describe('a 25 MB GPX', () => {
  it('parses with bounded memory (streaming, no document tree)', () => {
    // About 33 hours at 1 s: ~120,000 points with heart rate and cadence.
    const legs = Array.from({ length: 24 }, (_, i) => ({
      seconds: 5000,
      speed: 2.8 + (i % 3) * 0.2,
      turnRate: i % 2 ? 0.2 : -0.2,
    }));
    const run = syntheticRun({ seed: 81, legs, positionNoise: 2 });
    let text = gpxText(run);
    const bytes = new TextEncoder().encode(text);
    text = '';
    assert.ok(bytes.length >= 25 * 1024 * 1024, `${(bytes.length / 1048576).toFixed(1)} MB`);

    // heapTotal and rss do not shrink right after a call, so their growth bounds the peak;
    // heapUsed growth is what the result keeps (the points).
    const before = process.memoryUsage();
    const started = performance.now();
    const parsed = parseActivity(bytes);
    const seconds = (performance.now() - started) / 1000;
    const after = process.memoryUsage();
    const heapGrowth = Math.max(after.heapTotal - before.heapTotal, after.heapUsed - before.heapUsed) / 1048576;
    const rssGrowth = (after.rss - before.rss) / 1048576;
    assert.equal(parsed.track.points.length, run.samples.length);
    assert.ok(Math.abs(parsed.summary.distance / run.truth.distance - 1) < 0.01);
    assert.ok(heapGrowth < 200, `heap grew by ${heapGrowth.toFixed(0)} MB`);
    assert.ok(rssGrowth < 200, `rss grew by ${rssGrowth.toFixed(0)} MB`);
    console.log(
      `25 MB GPX: ${(bytes.length / 1048576).toFixed(1)} MB, ${parsed.track.points.length} points, ${seconds.toFixed(2)} s, heap +${heapGrowth.toFixed(0)} MB, rss +${rssGrowth.toFixed(0)} MB`,
    );
  });
});
