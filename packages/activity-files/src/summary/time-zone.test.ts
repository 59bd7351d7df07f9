import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timeZoneAt } from './time-zone.ts';

describe('time zone from the start position (offline)', () => {
  it('finds the IANA zone of a few cities', () => {
    assert.equal(timeZoneAt(48.8566, 2.3522), 'Europe/Paris');
    assert.equal(timeZoneAt(40.7128, -74.006), 'America/New_York');
    assert.equal(timeZoneAt(-33.8688, 151.2093), 'Australia/Sydney');
  });

  it('gives null at sea or for impossible positions, so the caller uses the runner’s zone', () => {
    assert.equal(timeZoneAt(0, -30), null);
    assert.equal(timeZoneAt(Number.NaN, 0), null);
    assert.equal(timeZoneAt(95, 0), null);
  });
});
