import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SummaryActivity } from '@runnerly/strava-client';
import { activityZone, mapActivity } from './map-activity.ts';

// A 07:30 run in Paris in January, as Strava lists it.
const paris: SummaryActivity = {
  id: 1,
  name: 'Morning Run',
  sport_type: 'Run',
  start_date: '2026-01-10T06:30:00Z',
  start_date_local: '2026-01-10T07:30:00Z',
  timezone: '(GMT+01:00) Europe/Paris',
  utc_offset: 3600,
  distance: 10_000,
  moving_time: 3000,
  elapsed_time: 3100,
};
const zoneOf = (a: Partial<SummaryActivity>, profile?: string) => {
  const m = mapActivity('u1', { ...paris, ...a } as SummaryActivity, profile);
  return 'run' in m ? m.run.timezone : null;
};

describe("a Strava activity's zone", () => {
  it('is the IANA name of `timezone`', () => {
    assert.equal(zoneOf({}), 'Europe/Paris');
    assert.equal(zoneOf({ timezone: '(GMT-08:00) America/Los_Angeles', utc_offset: -25200 }), 'America/Los_Angeles');
  });
  it('falls back to the fixed zone of `utc_offset` when `timezone` is missing or unknown', () => {
    assert.equal(zoneOf({ timezone: undefined as unknown as string }), 'Etc/GMT-1');
    assert.equal(zoneOf({ timezone: '(GMT+01:00) Europe/Atlantis' }), 'Etc/GMT-1');
    assert.equal(zoneOf({ timezone: '', utc_offset: -18000 }), 'Etc/GMT+5');
  });
  it('then to start_date_local − start_date', () => {
    assert.equal(zoneOf({ timezone: '', utc_offset: undefined }), 'Etc/GMT-1');
    assert.equal(
      zoneOf({ timezone: '', utc_offset: undefined, start_date_local: '2026-01-10T16:30:00Z' }),
      'Etc/GMT-10',
      'Sydney-like +10 h',
    );
  });
  it("then to the runner's profile zone (UTC when none is given)", () => {
    const none = { timezone: '', utc_offset: undefined, start_date_local: undefined as unknown as string };
    assert.equal(activityZone({ ...paris, ...none }), null);
    assert.equal(zoneOf(none, 'America/New_York'), 'America/New_York');
    assert.equal(zoneOf(none), 'UTC');
    // An offset that is not a whole hour has no Etc zone: the profile's.
    assert.equal(zoneOf({ timezone: '', utc_offset: 19800 }, 'Asia/Kolkata'), 'Asia/Kolkata');
  });
});
