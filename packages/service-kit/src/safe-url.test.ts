import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { safeUrl } from './safe-url.ts';

describe('URLs as the logs keep them', () => {
  it('hides the OAuth code and state, tokens and signatures, and keeps the rest', () => {
    assert.equal(
      safeUrl(
        '/api/strava/oauth/callback?state=r6EcprDbAX610BfT9rewq&code=13447684fd58d29d480bac&scope=read%2Cactivity%3Aread_all',
      ),
      '/api/strava/oauth/callback?state=[redacted]&code=[redacted]&scope=read%2Cactivity%3Aread_all',
    );
    assert.equal(safeUrl('/api/reports/unsubscribe?token=u1.abc.def'), '/api/reports/unsubscribe?token=[redacted]');
    assert.equal(safeUrl('/runs?limit=10&before=2026-03-01'), '/runs?limit=10&before=2026-03-01');
    assert.equal(safeUrl('/x?access%5Ftoken=abc&flag'), '/x?access%5Ftoken=[redacted]&flag');
  });
  it('hides path segments that are secrets, keeps ids, names and numbers', () => {
    assert.equal(
      safeUrl('/api/training/feeds/Xk3vQ9_b2LmN8pR4tW6yZ1aC5eG7iK0oS2uV4xY6z8A.ics'),
      '/api/training/feeds/[redacted].ics',
    );
    assert.equal(safeUrl('/api/strava/webhook/9f86d081884c7d659a2feaa0c55ad015'), '/api/strava/webhook/[redacted]');
    assert.equal(
      safeUrl('/users/3f6c1a52-8d4e-4b7a-9c1e-2a5b7d9e0f13/runs/12345678901234567890'),
      '/users/3f6c1a52-8d4e-4b7a-9c1e-2a5b7d9e0f13/runs/12345678901234567890',
    );
    assert.equal(safeUrl('/assets/index-legacy-polyfills.js'), '/assets/index-legacy-polyfills.js');
  });
});
