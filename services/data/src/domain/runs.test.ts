import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleRun } from '../testing.ts';
import { checkBatch, deviceKey, findDuplicate, toRow } from './runs.ts';

const user = '6f1c2b9e-8a47-4c1e-9d2f-3b5a7c9e1f20';
const start = '2026-04-12T07:00:00.000Z';
// FIT seconds since 1989-12-31T00:00:00Z of the start.
const fitSeconds = (iso: string) => (Date.parse(iso) - Date.UTC(1989, 11, 31)) / 1000;
const stored = (overrides: Parameters<typeof sampleRun>[1]) =>
  toRow(sampleRun(user, { start_time: start, ...overrides }), crypto.randomUUID(), start);

describe('device ids, whatever their form', () => {
  it('a FIT id and a TCX id of the same watch name the same serial and start', () => {
    assert.deepEqual(deviceKey(`fit:3999000111:${fitSeconds(start)}`), {
      serial: '3999000111',
      start: Date.parse(start),
    });
    assert.deepEqual(deviceKey('tcx:3999000111:2026-04-12T07:00:00Z'), {
      serial: '3999000111',
      start: Date.parse(start),
    });
    for (const none of [
      'tcx:2026-04-12T07:00:00Z',
      'tcx:0:2026-04-12T07:00:00Z',
      'fit:strava:102:1000131982',
      'garmin_ping_7001',
      null,
    ]) {
      assert.equal(deviceKey(none), null, String(none));
    }
  });
});

describe('the same race from two files or two sources is one run', () => {
  it('a FIT and a TCX export of one race merge, though their ids differ in form and their distances by 4%', () => {
    const fit = stored({ external_id: `fit:3999000111:${fitSeconds(start)}`, distance_m: 42_195 });
    const tcx = sampleRun(user, {
      external_id: 'tcx:3999000111:2026-04-12T07:00:03Z',
      start_time: '2026-04-12T07:00:03Z',
      distance_m: 40_500,
    });
    assert.equal(findDuplicate(tcx, [fit])?.id, fit.id);
  });

  it('a Strava activity (its external id an upload name) merges with the device file', () => {
    const file = stored({ external_id: `fit:3999000111:${fitSeconds(start)}` });
    const strava = sampleRun(user, {
      source: 'strava',
      source_id: '15012345678',
      external_id: 'garmin_ping_15012345678',
      start_time: '2026-04-12T07:00:10Z',
      distance_m: 10_050,
    });
    assert.equal(findDuplicate(strava, [file])?.id, file.id);
  });

  it('a GPX re-export whose GPS distance is 12% short merges on the same start and end', () => {
    const tcx = stored({ external_id: 'tcx:3999000111:2026-04-12T07:00:00Z', distance_m: 5729 });
    const gpx = sampleRun(user, { start_time: start, distance_m: 5031, elapsed_time_s: 3110 });
    assert.equal(findDuplicate(gpx, [tcx])?.id, tcx.id);
  });

  it('two watches’ recordings of one run stay apart, and so do two runs of one watch', () => {
    const mine = stored({ external_id: `fit:3999000111:${fitSeconds(start)}` });
    const other = sampleRun(user, { external_id: `fit:3888000222:${fitSeconds(start)}`, start_time: start });
    assert.equal(findDuplicate(other, [mine]), undefined);
    const later = sampleRun(user, {
      external_id: `fit:3999000111:${fitSeconds(start) + 4 * 3600}`,
      start_time: '2026-04-12T11:00:00Z',
    });
    assert.equal(findDuplicate(later, [mine]), undefined);
  });
});

describe('a run dated in the future', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const at = (start_time: string) => checkBatch([sampleRun(user, { start_time })], null, now);

  it('is refused from a day after now on, whatever the year', () => {
    assert.deepEqual(at('2026-06-02T13:00:00Z'), [
      'runs/0/start_time: 2026-06-02T13:00:00Z is in the future (a run may start at most a day after now)',
    ]);
    assert.equal(at('2999-01-01T00:00:00Z').length, 1);
  });

  it('is accepted up to a day after now (a device clock off by a time zone), and in the past', () => {
    assert.deepEqual(at('2026-06-02T11:00:00Z'), []);
    assert.deepEqual(at('2026-06-01T13:00:00+14:00'), []);
    assert.deepEqual(at('1999-06-01T07:00:00Z'), []);
  });
});
