import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Race } from '@runnerly/contracts';
import {
  applyPatch,
  checkRaceInput,
  distanceOf,
  isCalendarDay,
  isProblem,
  nameKey,
  startOf,
  type RaceFields,
} from './races.ts';

const now = new Date('2026-03-10T13:00:00Z');
const input = {
  name: 'Paris Marathon',
  start_local: '2026-04-12T08:00',
  timezone: 'Europe/Paris',
  distance: 'marathon' as const,
  place: 'Paris',
};

describe('a new race', () => {
  it('finds its start instant from the wall clock in its zone, across DST', () => {
    const fields = checkRaceInput(input, now) as RaceFields;
    assert.deepEqual(
      [fields.start_time, fields.start_date, fields.distance_m],
      ['2026-04-12T06:00:00.000Z', '2026-04-12', 42195],
    );
    // 02:30 does not exist in Paris on 29 March 2026: it is 03:30 summer time.
    const skipped = startOf('2026-03-29T02:30', 'Europe/Paris', now);
    assert.ok(!isProblem(skipped));
    assert.deepEqual([skipped.start_local, skipped.start_time], ['2026-03-29T03:30', '2026-03-29T01:30:00.000Z']);
    const auckland = startOf('2026-04-12T06:00', 'Pacific/Auckland', now);
    assert.ok(!isProblem(auckland));
    assert.equal(auckland.start_time, '2026-04-11T18:00:00.000Z', 'the race day is the day in its own zone');
    assert.equal(auckland.start_date, '2026-04-12');
  });

  it('is refused in the past, too far ahead, on days that do not exist, in unknown zones', () => {
    assert.deepEqual(startOf('2026-03-10T13:00', 'UTC', now), {
      kind: 'past',
      start_local: '2026-03-10T13:00',
      timezone: 'UTC',
    });
    assert.equal((startOf('2026-03-10T13:30', 'Europe/Paris', now) as { kind: string }).kind, 'past');
    assert.ok(!isProblem(startOf('2026-03-10T15:00', 'Europe/Paris', now)), '14:00 UTC is ahead');
    assert.equal((startOf('2031-03-11T09:00', 'UTC', now) as { kind: string }).kind, 'date');
    assert.equal((startOf('2027-02-29T09:00', 'UTC', now) as { kind: string }).kind, 'date');
    assert.equal((startOf('2026-04-01T24:00', 'UTC', now) as { kind: string }).kind, 'date');
    assert.deepEqual(startOf('2026-04-01T09:00', 'Europe/Pariss', now), {
      kind: 'timezone',
      timezone: 'Europe/Pariss',
    });
  });

  it('takes standard distances in metres, custom ones within 100 m and 500 km', () => {
    assert.equal(distanceOf('half', undefined), 21097.5);
    assert.equal(distanceOf('10k', 10_020), 10_000, 'within 0.5% of the standard');
    assert.ok(isProblem(distanceOf('10k', 12_000)));
    assert.equal(distanceOf('custom', 15_000.04), 15_000);
    for (const bad of [undefined, 0, -1, 99, 500_001, Number.NaN])
      assert.ok(isProblem(distanceOf('custom', bad)), String(bad));
  });

  it('tells calendar days from strings that look like them', () => {
    assert.ok(isCalendarDay('2028-02-29'));
    for (const bad of ['2027-02-29', '2026-13-01', '2026-04-31', '2026-4-1', 'tomorrow'])
      assert.ok(!isCalendarDay(bad), bad);
  });

  it('has one identity for names written differently', () => {
    assert.equal(nameKey('  Paris   MARATHON '), nameKey('paris marathon'));
    assert.notEqual(nameKey('Paris Marathon'), nameKey('Paris Semi'));
    const fields = checkRaceInput({ ...input, name: ' Paris\u00a0 Marathon ' }, now) as RaceFields;
    assert.equal(fields.name, 'Paris Marathon');
    assert.ok(isProblem(checkRaceInput({ ...input, name: 'Paris\u0007Marathon' }, now)));
  });
});

describe('a change', () => {
  const race: Race = {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'Paris Marathon',
    start_local: '2026-03-01T08:00',
    timezone: 'Europe/Paris',
    start_time: '2026-03-01T07:00:00.000Z',
    distance: 'marathon',
    distance_m: 42195,
    place: 'Paris',
    url: null,
    elevation_note: null,
    status: 'scheduled',
    created_by: '00000000-0000-4000-8000-000000000002',
    participants: 3,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  };

  it('of a race that took place keeps its start; moving it checks the new one', () => {
    const fixed = applyPatch(race, { place: 'Paris, Champs-Élysées' }, now) as RaceFields;
    assert.deepEqual([fixed.place, fixed.start_time], ['Paris, Champs-Élysées', race.start_time]);
    assert.equal((applyPatch(race, { start_local: '2026-03-08T08:00' }, now) as { kind: string }).kind, 'past');
    const moved = applyPatch(race, { start_local: '2026-04-12T08:00' }, now) as RaceFields;
    assert.equal(moved.start_time, '2026-04-12T06:00:00.000Z');
  });

  it('to a standard distance takes its metres; to custom needs them', () => {
    assert.equal((applyPatch(race, { distance: 'half' }, now) as RaceFields).distance_m, 21097.5);
    const custom = applyPatch(race, { distance: 'custom', distance_m: 50_000 }, now) as RaceFields;
    assert.deepEqual([custom.distance, custom.distance_m], ['custom', 50_000]);
    assert.equal((applyPatch(race, { distance: 'custom' }, now) as RaceFields).distance_m, 42195);
  });
});
