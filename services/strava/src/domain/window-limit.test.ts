import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { windowLimit } from './window-limit.ts';

describe('the webhook rate limit', () => {
  it('counts a burst in one window whatever the time of day, a minute boundary included', () => {
    // 30 s before a minute boundary: 10 requests, then a burst of 60 across the boundary.
    const boundary = Date.parse('2026-03-10T13:01:00Z');
    const limit = windowLimit(40, 60_000);
    const taken = Array.from({ length: 70 }, (_, i) => limit.take(boundary - 30_000 + i * 500)).filter(Boolean);
    assert.equal(taken.length, 40);
  });
  it('opens a new window once the last has run out', () => {
    const limit = windowLimit(2, 60_000);
    assert.deepEqual(
      [0, 1, 2].map((t) => limit.take(t)),
      [true, true, false],
    );
    assert.equal(limit.take(59_999), false);
    assert.equal(limit.take(60_000), true);
  });
});
