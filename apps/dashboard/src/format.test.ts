import { it } from 'node:test';
import assert from 'node:assert/strict';
import { runStart, zoneLabel } from './format.ts';

it('names a zone as a runner reads it', () => {
  assert.equal(zoneLabel('America/New_York'), 'New York');
  assert.equal(zoneLabel('America/Argentina/Buenos_Aires'), 'Buenos Aires');
  assert.equal(zoneLabel('Etc/GMT-1'), 'UTC+1', 'the Etc names count the other way round');
  assert.equal(zoneLabel('Etc/GMT+5'), 'UTC−5');
  assert.equal(zoneLabel('UTC'), 'UTC');
  assert.equal(zoneLabel('Etc/GMT'), 'UTC');
});

it("shows a run on its own zone's clock, naming the zone only when it is not the runner's", () => {
  const paris = runStart('2026-01-10T06:30:00Z', 'Europe/Paris', 'Europe/Paris');
  assert.match(paris, /07:30/);
  assert.doesNotMatch(paris, /\(/);
  const newYork = runStart('2026-01-11T12:30:00Z', 'America/New_York', 'Europe/Paris');
  assert.match(newYork, /07:30( AM)? \(New York\)$/);
  assert.match(runStart('2026-01-10T06:30:00Z', null, 'Europe/Paris'), /07:30( AM)?$/, "no zone: the runner's");
});
