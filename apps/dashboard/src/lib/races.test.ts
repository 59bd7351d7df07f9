import { it } from 'node:test';
import assert from 'node:assert/strict';
import { daysToGo, goalText, raceDistance, raceQuery, raceWhen } from './races.ts';

it('names race distances as runners do, custom ones in the runner’s units', () => {
  assert.equal(raceDistance({ distance: 'half', distance_m: 21097.5 }, 'km'), 'Half marathon');
  assert.equal(raceDistance({ distance: 'custom', distance_m: 80_000 }, 'km'), '80.0 km');
  assert.equal(raceDistance({ distance: 'custom', distance_m: 80_000 }, 'mi'), '49.7 mi');
});

it('says the goal with its pace', () => {
  assert.equal(goalText({ kind: 'finish' }, 42195, 'km'), 'Finish it');
  assert.equal(goalText({ kind: 'time', target_s: 3 * 3600 + 30 * 60 }, 42195, 'km'), '3:30:00 (4:59 /km)');
  assert.equal(goalText({ kind: 'time', target_s: 45 * 60 }, 10_000, 'mi'), '45:00 (7:15 /mi)');
});

it('writes the start in the race’s own zone', () => {
  const when = raceWhen({ start_time: '2026-04-11T18:00:00.000Z', timezone: 'Pacific/Auckland' }, 'en-GB');
  assert.match(when, /Sun.*12 Apr 2026.*06:00/);
});

it('counts the days to go', () => {
  assert.equal(daysToGo('2026-04-12', '2026-04-12'), 'today');
  assert.equal(daysToGo('2026-04-13', '2026-04-12'), 'tomorrow');
  assert.equal(daysToGo('2026-05-12', '2026-04-12'), 'in 30 days');
  assert.equal(daysToGo('2026-04-09', '2026-04-12'), '3 days ago');
});

it('builds the list query from the filters', () => {
  assert.equal(raceQuery({ q: ' paris ', from: '', to: '', distance: '' }, 0, 20), 'q=paris&limit=20');
  assert.equal(
    raceQuery({ q: '', from: '2026-04-01', to: '2026-04-30', distance: 'half' }, 40, 20),
    'from=2026-04-01&to=2026-04-30&distance=half&limit=20&offset=40',
  );
});
