import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededInput, seededRuns } from '../testing.ts';
import { buildReportContent } from './report-content.ts';

const names = (runs: Array<{ name: string }>) => runs.map((r) => r.name);

describe('report content', () => {
  test('a run at 23:30 local on the 31st belongs to that month; one at 00:30 local on the 1st does not', () => {
    const c = buildReportContent(seededInput());
    // Seven March runs in New York: from "Just after midnight" (Mar 1, 00:30) to "Last night of
    // March" (Mar 31, 23:30, already April in UTC); not Feb 28 23:30 nor Apr 1 00:30.
    assert.equal(c.totals.count, 7);
    assert.equal(c.totals.distance_m, 5000 + 8000 + 16000 + 10000 + 12000 + 21100 + 6000);
    assert.equal(c.weeks.at(-1)!.distance_m, 6000, 'Mar 30–31 holds the 23:30 run of the 31st');
    assert.equal(c.weeks[0]!.distance_m, 5000, 'Mar 1 holds only the 00:30 run');
    // February: the 10th and the 28th at 23:30 (March in UTC); not Jan 31 23:00 (February in UTC).
    assert.equal(c.previous.count, 2);
    assert.equal(c.previous.distance_m, 18_000);
    assert.equal(c.yearBefore.count, 3);
  });

  test('the same runs seen from a zone ahead of UTC fall in other months', () => {
    const input = seededInput();
    input.profile.time_zone = 'Asia/Tokyo';
    const c = buildReportContent(input);
    // In Tokyo, 2026-03-01T04:30Z is March 1st, 13:30, and 2026-04-01T03:30Z is already April.
    assert.equal(c.totals.count, 7);
    assert.equal(c.totals.distance_m, 8000 + 5000 + 8000 + 16000 + 10000 + 12000 + 21100);
    assert.equal(c.previous.count, 2, 'Feb 1 13:00 and Feb 10 in Tokyo');
    assert.equal(c.previous.distance_m, 19_000);
  });

  test('totals, average pace, elevation and the longest run', () => {
    const c = buildReportContent(seededInput());
    const time = 1650 + 2640 + 5760 + 2880 + 3960 + 7080 + 1980;
    assert.equal(c.totals.moving_time_s, time);
    assert.equal(c.totals.pace_s_per_km, time / 78.1);
    assert.equal(c.totals.elevation_gain_m, 60 + 120 + 80 + 200, 'runs without a known gain count for nothing');
    assert.deepEqual(c.longest, {
      id: c.longest!.id,
      name: 'Sunday long run',
      date: '2026-03-29',
      distance_m: 21_100,
      moving_time_s: 7080,
    });
  });

  test('elevation gain is unknown, not zero, when no run of the month has one', () => {
    const runs = seededRuns().map((r) => ({ ...r, elevation_gain_m: null }));
    const c = buildReportContent(seededInput({ runs: { month: '2026-03', runs } }));
    assert.equal(c.totals.elevation_gain_m, null);
  });

  test('weeks follow the runner’s first day of the week and are cut to the month', () => {
    const weeks = (first: 'monday' | 'sunday' | 'saturday') => {
      const input = seededInput();
      input.profile.first_day_of_week = first;
      return buildReportContent(input).weeks.map((w) => [w.start, w.end, w.distance_m / 1000]);
    };
    // March 2026 starts on a Sunday.
    assert.deepEqual(weeks('monday'), [
      ['2026-03-01', '2026-03-01', 5],
      ['2026-03-02', '2026-03-08', 24],
      ['2026-03-09', '2026-03-15', 10],
      ['2026-03-16', '2026-03-22', 12],
      ['2026-03-23', '2026-03-29', 21.1],
      ['2026-03-30', '2026-03-31', 6],
    ]);
    assert.deepEqual(weeks('sunday'), [
      ['2026-03-01', '2026-03-07', 13],
      ['2026-03-08', '2026-03-14', 26],
      ['2026-03-15', '2026-03-21', 12],
      ['2026-03-22', '2026-03-28', 0],
      ['2026-03-29', '2026-03-31', 27.1],
    ]);
    assert.deepEqual(weeks('saturday'), [
      ['2026-03-01', '2026-03-06', 13],
      ['2026-03-07', '2026-03-13', 26],
      ['2026-03-14', '2026-03-20', 0],
      ['2026-03-21', '2026-03-27', 12],
      ['2026-03-28', '2026-03-31', 27.1],
    ]);
  });

  test('comparisons with the previous month and the same month a year before', () => {
    const c = buildReportContent(seededInput());
    assert.equal(c.previous.month, '2026-02');
    assert.equal(c.previous.distance_change_m, 78_100 - 18_000);
    assert.equal(c.previous.distance_change_pct, ((78_100 - 18_000) / 18_000) * 100);
    assert.equal(c.previous.count_change, 5);
    assert.equal(c.previous.moving_time_change_s, c.totals.moving_time_s - (3000 + 2640));
    assert.equal(c.yearBefore.month, '2025-03');
    assert.equal(c.yearBefore.distance_change_m, 78_100 - 30_000);
    assert.equal(c.yearBefore.count_change, 4);
  });

  test('a comparison with a month without runs has no percentage', () => {
    const c = buildReportContent(seededInput({ yearBefore: { month: '2025-03', runs: [] } }));
    assert.equal(c.yearBefore.count, 0);
    assert.equal(c.yearBefore.distance_change_m, 78_100);
    assert.equal(c.yearBefore.distance_change_pct, null);
    assert.equal(c.yearBefore.pace_s_per_km, null);
  });

  test('best efforts: the fastest per distance this month, with last month’s fastest beside it', () => {
    const c = buildReportContent(seededInput());
    assert.deepEqual(
      c.bestEfforts.map((e) => [e.name, e.elapsed_time_s, e.run.name, e.run.date, e.previous_month_s]),
      [
        ['1k', 260, 'Thursday tempo', '2026-03-12', null],
        ['5k', 1445, 'Thursday tempo', '2026-03-12', 1480],
        ['10k', 2880, 'Thursday tempo', '2026-03-12', 3000],
      ],
    );
  });

  test('runs listed without best efforts (as month lists carry them) give no best efforts', () => {
    const runs = seededRuns().map(({ best_efforts: _, ...r }) => r);
    const c = buildReportContent(seededInput({ runs: { month: '2026-03', runs } }));
    assert.deepEqual(c.bestEfforts, []);
  });

  test('plan adherence and the next race when there is a plan', () => {
    const c = buildReportContent(seededInput());
    assert.equal(c.plan!.race_name, 'Boston Marathon');
    assert.equal(c.plan!.adherence_pct, Math.round((100 * (10 + 2 / 2)) / 14));
    assert.equal(c.nextRace!.days_to_go, 19, 'from April 1st, the day the report goes out, to April 20th');
    assert.equal(c.nextRace!.predicted_time_s, 13_100);
  });

  test('no plan and no race: both left out', () => {
    const c = buildReportContent(seededInput({ plan: null, nextRace: undefined }));
    assert.equal(c.plan, null);
    assert.equal(c.nextRace, null);
  });

  test('a plan without sessions this month has no adherence; a race already run is left out', () => {
    const input = seededInput();
    const c = buildReportContent({
      ...input,
      plan: { ...input.plan!, sessions_planned: 0, sessions_done: 0, sessions_partly_done: 0, sessions_missed: 0 },
      nextRace: { ...input.nextRace!, date: '2026-03-29' },
    });
    assert.equal(c.plan!.adherence_pct, null);
    assert.equal(c.nextRace, null);
  });

  test('a month without runs: zeros, no longest run, every week empty', () => {
    const c = buildReportContent(seededInput({ runs: { month: '2026-03', runs: [] } }));
    assert.equal(c.totals.count, 0);
    assert.equal(c.totals.distance_m, 0);
    assert.equal(c.totals.pace_s_per_km, null);
    assert.equal(c.totals.elevation_gain_m, null);
    assert.equal(c.longest, null);
    assert.deepEqual(c.bestEfforts, []);
    assert.equal(c.weeks.length, 6);
    assert.ok(c.weeks.every((w) => w.count === 0 && w.distance_m === 0));
    assert.equal(c.previous.count, 2);
  });

  test('lists for the wrong months are a mistake of the caller', () => {
    assert.throws(() => buildReportContent(seededInput({ previous: { month: '2026-01', runs: [] } })), /previous/);
    assert.throws(() => buildReportContent(seededInput({ month: '2026-3' })), /not a month/);
  });

  test('a blank name counts as no name', () => {
    const input = seededInput();
    input.profile.name = '   ';
    assert.equal(buildReportContent(input).name, null);
  });

  test('December looks back to November and to the December before', () => {
    const runs = [
      { id: 'a', name: 'Eve', start_time: '2026-12-31T22:00:00Z', distance_m: 5000, moving_time_s: 1500 },
      { id: 'b', name: 'Nov', start_time: '2026-11-15T10:00:00Z', distance_m: 7000, moving_time_s: 2100 },
      { id: 'c', name: 'Dec 2025', start_time: '2025-12-15T10:00:00Z', distance_m: 9000, moving_time_s: 2700 },
    ];
    const c = buildReportContent({
      month: '2026-12',
      profile: { user_id: 'u', name: null, units: 'km', time_zone: 'Europe/Paris', first_day_of_week: 'monday' },
      runs: { month: '2026-12', runs },
      previous: { month: '2026-11', runs },
      yearBefore: { month: '2025-12', runs },
    });
    assert.deepEqual(names(c.longest ? [c.longest] : []), ['Eve'], 'Dec 31 23:00 in Paris');
    assert.equal(c.previous.distance_m, 7000);
    assert.equal(c.yearBefore.distance_m, 9000);
  });
});
