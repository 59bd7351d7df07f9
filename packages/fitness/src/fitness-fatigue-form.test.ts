import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, fitnessFatigueForm } from './index.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);

test('one load moves fitness by a 42nd and fatigue by a 7th, then both decay day by day', () => {
  const days = fitnessFatigueForm(
    [{ start_time: '2026-03-02T07:00:00Z', load: 100 }],
    'UTC',
    '2026-03-02',
    '2026-03-04',
  );
  assert.deepEqual(
    days.map((d) => d.date),
    ['2026-03-02', '2026-03-03', '2026-03-04'],
  );
  close(days[0]!.fitness, 100 / 42);
  close(days[0]!.fatigue, 100 / 7);
  close(days[0]!.form, 100 / 42 - 100 / 7);
  close(days[2]!.fitness, (100 / 42) * (41 / 42) ** 2);
  close(days[2]!.fatigue, (100 / 7) * (6 / 7) ** 2);
});

test("a run belongs to the day it started in the runner's zone", () => {
  // 23:30 UTC on 1 March is 00:30 on 2 March in Paris.
  const run = [{ start_time: '2026-03-01T23:30:00Z', load: 80 }];
  const paris = fitnessFatigueForm(run, 'Europe/Paris', '2026-03-01', '2026-03-02');
  assert.deepEqual(
    paris.map((d) => d.load),
    [0, 80],
  );
  const newYork = fitnessFatigueForm(run, 'America/New_York', '2026-03-01', '2026-03-02');
  assert.deepEqual(
    newYork.map((d) => d.load),
    [80, 0],
  );
});

test('loads before the range count; a steady load converges; a week of rest after it leaves the runner fresh', () => {
  const runs = Array.from({ length: 200 }, (_, i) => ({
    start_time: `${addDays('2025-06-01', i)}T06:00:00Z`,
    load: 60,
  }));
  const last = addDays('2025-06-01', 199);
  const [steady] = fitnessFatigueForm(runs, 'UTC', last, last);
  assert.ok(Math.abs(steady!.fitness - 60) < 0.5 && Math.abs(steady!.fatigue - 60) < 1e-6);
  const rested = fitnessFatigueForm(runs, 'UTC', addDays(last, 7), addDays(last, 7))[0]!;
  assert.ok(rested.form > 20, `form after a rest week: ${rested.form}`);
  assert.ok(rested.fatigue < rested.fitness / 2);
  assert.deepEqual(fitnessFatigueForm(runs, 'UTC', '2026-01-02', '2026-01-01'), []);
});
