import { it } from 'node:test';
import assert from 'node:assert/strict';
import { acceptedName, chartsText, formatBytes, perFileSent, stravaOutcome, timeAgo, timeLeft } from './progress.ts';

it('says how long is left in words', () => {
  assert.equal(timeLeft(20), 'less than a minute');
  assert.equal(timeLeft(60), 'about 1 minute');
  assert.equal(timeLeft(270), 'about 5 minutes');
  assert.equal(timeLeft(3 * 3600), 'about 3 hours');
  assert.equal(timeLeft(5 * 86_400), 'about 5 days');
});

it('says how long ago', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  assert.equal(timeAgo('2026-03-10T11:59:50Z', now), 'just now');
  assert.equal(timeAgo('2026-03-10T11:55:00Z', now), '5 minutes ago');
  assert.equal(timeAgo('2026-03-10T09:00:00Z', now), '3 hours ago');
  assert.equal(timeAgo('2026-03-08T12:00:00Z', now), '2 days ago');
});

it('spreads the bytes sent over the files in order', () => {
  assert.deepEqual(perFileSent([100, 200, 100], 0, 440), [0, 0, 0]);
  assert.deepEqual(perFileSent([100, 200, 100], 220, 440), [100, 100, 0]);
  assert.deepEqual(perFileSent([100, 200, 100], 440, 440), [100, 200, 100]);
});

it('formats sizes, checks names, explains Strava outcomes', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(2048), '2 KB');
  assert.equal(formatBytes(3.5 * 1024 * 1024), '3.5 MB');
  assert.ok(acceptedName('Run.FIT.gz'));
  assert.ok(acceptedName('export_123.zip'));
  assert.ok(!acceptedName('photo.jpg'));
  assert.match(stravaOutcome('missing_scope').text, /private activities/);
  assert.equal(stravaOutcome('linked').kind, 'ok');
  assert.equal(stravaOutcome('whatever').kind, 'error');
});

it('says how far the charts have come', () => {
  assert.equal(chartsText({ done: 120, total: 450 }), 'Charts for 120 of 450 runs');
  assert.equal(chartsText({ done: 450, total: 450 }), 'Charts for all 450 runs');
  assert.equal(chartsText({ done: 0, total: 1 }), 'Charts for 0 of 1 run');
  assert.equal(chartsText({ done: 0, total: 0 }), null);
  assert.equal(chartsText(undefined), null);
});
