import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  elevationToMetres,
  formatDistance,
  formatDuration,
  formatElevation,
  formatPace,
  minSec,
  paceSeconds,
  parseDistance,
} from './index.ts';

describe('units', () => {
  it('formats distances in km and miles', () => {
    assert.equal(formatDistance(21100, 'km'), '21.10 km');
    assert.equal(formatDistance(21097.5, 'mi'), '13.11 mi');
    assert.equal(formatDistance(1609.344, 'mi', 1), '1.0 mi');
  });
  it('formats paces as m:ss per km or mile, never as a speed', () => {
    assert.equal(formatPace(6330, 21100, 'km'), '5:00 /km');
    assert.equal(formatPace(6330, 21100, 'mi'), '8:03 /mi');
    assert.equal(formatPace(299.6, 1000, 'km'), '5:00 /km', 'rounds 4:59.6 up without "4:60"');
    assert.equal(formatPace(0, 1000, 'km'), '—');
    assert.equal(formatPace(100, 0, 'km'), '—');
    assert.equal(paceSeconds(600, 2000, 'km'), 300);
    assert.equal(minSec(59.5), '1:00');
  });
  it('formats heights and durations', () => {
    assert.equal(formatElevation(180, 'km'), '180 m');
    assert.equal(formatElevation(180, 'mi'), '591 ft');
    assert.equal(formatElevation(null, 'km'), '—');
    assert.equal(formatDuration(6330), '1:45:30');
    assert.equal(formatDuration(2710), '45:10');
  });
  it("reads typed distances and heights in the runner's units", () => {
    assert.equal(parseDistance('10', 'km'), 10_000);
    assert.equal(parseDistance(' 5,5 ', 'km'), 5500);
    assert.equal(parseDistance('6.2', 'mi'), 6.2 * 1609.344);
    assert.equal(parseDistance('.5', 'mi'), 804.672);
    assert.equal(parseDistance('0', 'km'), null);
    assert.equal(parseDistance('-3', 'km'), null);
    assert.equal(parseDistance('ten', 'km'), null);
    assert.equal(parseDistance('', 'km'), null);
    assert.equal(elevationToMetres(180, 'km'), 180);
    assert.equal(Math.round(elevationToMetres(591, 'mi')), 180);
  });
});
