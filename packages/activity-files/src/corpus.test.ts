// Every real recording of the shared corpus (../shared/activity-corpus beside the repository),
// against the reference values of independent tools (Garmin FIT SDK, gpxpy, the TCX laps).
// Prints one line per file and the pass rates; asserts the accuracy a runner can trust.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { FileError, parseFile, type ParsedFile } from './index.ts';

// RUNNERLY_ACTIVITY_CORPUS points elsewhere (a git worktree has no ../shared of its own).
const corpus =
  process.env.RUNNERLY_ACTIVITY_CORPUS ??
  resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'activity-corpus');

interface Alternative {
  value: number;
  method: string;
}

interface Expected {
  file: string;
  expected_behaviour: 'import' | 'refuse: not a run' | 'refuse: corrupt';
  distance_m: number | null;
  moving_s: number | null;
  elapsed_s: number | null;
  ascent_m: number | null;
  avg_hr: number | null;
  start_utc: string | null;
  activities: number;
  ambiguous: string[];
  alternatives: Record<string, Alternative[] | unknown>;
}

type Metric = 'distance_m' | 'moving_s' | 'ascent_m' | 'elapsed_s' | 'avg_hr';
const tolerance: Record<Metric, (actual: number, expected: number) => boolean> = {
  distance_m: (a, e) => Math.abs(a - e) <= e * 0.01,
  moving_s: (a, e) => Math.abs(a - e) <= e * 0.02,
  ascent_m: (a, e) => Math.abs(a - e) <= e * 0.25,
  elapsed_s: (a, e) => Math.abs(a - e) <= e * 0.02,
  avg_hr: (a, e) => Math.abs(a - e) <= 3,
};

/** What a check says: pass, fail, or not counted (no reference value). */
interface Check {
  metric: Metric;
  actual: number | null;
  expected: number | null;
  ambiguous: boolean;
  pass: boolean | null;
}

function alternatives(e: Expected, metric: Metric): number[] {
  const list = e.alternatives[metric];
  return Array.isArray(list) ? (list as Alternative[]).map((a) => a.value) : [];
}

/**
 * A value passes against the main reference; an ambiguous field also against any alternative.
 * Where the file carries no value (null), showing none passes, and so does a value derived from
 * the records that is close to an alternative (the corpus README's rule).
 */
function check(e: Expected, metric: Metric, actual: number | null): Check {
  const ambiguous = e.ambiguous.includes(metric);
  const expected = e[metric];
  const candidates = [...(expected !== null ? [expected] : []), ...(ambiguous ? alternatives(e, metric) : [])];
  if (expected === null && !ambiguous) {
    const pass = actual === null || alternatives(e, metric).some((v) => tolerance[metric](actual, v));
    return { metric, actual, expected, ambiguous, pass: actual === null && candidates.length === 0 ? null : pass };
  }
  const pass = actual !== null && candidates.some((v) => tolerance[metric](actual, v));
  return { metric, actual, expected, ambiguous, pass };
}

interface Row {
  e: Expected;
  outcome: 'imported' | 'refused' | 'crashed';
  reason?: string;
  code?: string;
  checks: Check[];
  startExact: boolean | null;
}

function evaluate(e: Expected): Row {
  const bytes = readFileSync(join(corpus, 'files', e.file));
  let parsed: ParsedFile;
  try {
    parsed = parseFile(bytes, { runningOnly: true });
  } catch (error) {
    if (error instanceof FileError) {
      return { e, outcome: 'refused', code: error.code, reason: error.message, checks: [], startExact: null };
    }
    return { e, outcome: 'crashed', reason: String(error), checks: [], startExact: null };
  }
  const { summary } = parsed.activities[0]!;
  const checks = [
    check(e, 'distance_m', summary.distance),
    check(e, 'moving_s', summary.movingTime),
    check(e, 'ascent_m', summary.elevationGain),
    check(e, 'elapsed_s', summary.elapsedTime),
    check(e, 'avg_hr', summary.averageHeartRate),
  ];
  const startExact = e.start_utc === null ? null : Math.abs(summary.startTimeMs - Date.parse(e.start_utc)) < 1000;
  if (parsed.activities.length !== e.activities) {
    return { e, outcome: 'crashed', reason: `${parsed.activities.length} activities`, checks, startExact };
  }
  return { e, outcome: 'imported', checks, startExact };
}

const fmt = (c: Check | undefined) => {
  if (!c || c.actual === null) return c?.expected === null ? '–' : 'none';
  const mark = c.pass === null ? ' ' : c.pass ? '✓' : '✗';
  const diff = c.expected ? `${((c.actual / c.expected - 1) * 100).toFixed(1)}%` : c.actual.toFixed(0);
  return `${diff}${c.ambiguous ? '~' : ''} ${mark}`;
};

function table(rows: Row[]): string {
  const lines = [
    'file                                                      expected           result    distance   moving     ascent     elapsed    avg HR     start',
  ];
  for (const row of rows) {
    const by = new Map(row.checks.map((c) => [c.metric, c]));
    const result = row.outcome === 'refused' ? `refused (${row.code})` : row.outcome;
    lines.push(
      [
        row.e.file.padEnd(57),
        row.e.expected_behaviour.padEnd(18),
        result.padEnd(9),
        ...(row.outcome === 'imported'
          ? (['distance_m', 'moving_s', 'ascent_m', 'elapsed_s', 'avg_hr'] as const).map((m) =>
              fmt(by.get(m)).padEnd(10),
            )
          : [row.reason!.slice(0, 110)]),
        row.outcome === 'imported' ? (row.startExact === null ? '–' : row.startExact ? 'exact ✓' : 'off ✗') : '',
      ].join(' '),
    );
  }
  return lines.join('\n');
}

/** Share of unambiguous reference values matched, for one metric. */
function rate(rows: Row[], metric: Metric): { passed: number; of: number } {
  const counted = rows
    .flatMap((r) => r.checks)
    .filter((c) => c.metric === metric && !c.ambiguous && c.expected !== null);
  return { passed: counted.filter((c) => c.pass).length, of: counted.length };
}

describe('the shared corpus of real recordings', { skip: !existsSync(corpus) && `no corpus at ${corpus}` }, () => {
  it('imports or refuses every file with a clear reason, with the numbers of the device or gpxpy', () => {
    const expected = JSON.parse(readFileSync(join(corpus, 'expected.json'), 'utf8')) as Expected[];
    const rows = expected.map(evaluate);
    const imported = rows.filter((r) => r.e.expected_behaviour === 'import');
    const rates = (['distance_m', 'moving_s', 'ascent_m', 'elapsed_s', 'avg_hr'] as const).map(
      (m) => [m, rate(imported, m)] as const,
    );
    const starts = imported.filter((r) => r.startExact !== null);
    const ambiguousPassed = imported.flatMap((r) => r.checks).filter((c) => c.ambiguous);
    console.log(`\n${table(rows)}\n`);
    console.log(
      `totals: ${rows.length} files, ${rows.filter((r) => r.outcome === 'imported').length} imported, ` +
        `${rows.filter((r) => r.outcome === 'refused').length} refused, ${rows.filter((r) => r.outcome === 'crashed').length} crashed`,
    );
    for (const [metric, { passed, of }] of rates) {
      console.log(
        `  ${metric.padEnd(10)} ${passed}/${of} unambiguous files within tolerance (${((passed / of) * 100).toFixed(0)}%)`,
      );
    }
    console.log(
      `  start      ${starts.filter((r) => r.startExact).length}/${starts.length} exact to the second; ` +
        `ambiguous fields matching one of their references: ${ambiguousPassed.filter((c) => c.pass).length}/${ambiguousPassed.length}` +
        ` (~ in the table)`,
    );

    for (const row of rows) {
      assert.notEqual(row.outcome, 'crashed', `${row.e.file}: ${row.reason}`);
      if (row.e.expected_behaviour === 'import') {
        assert.equal(row.outcome, 'imported', `${row.e.file} should be imported: ${row.reason}`);
      } else {
        assert.equal(row.outcome, 'refused', `${row.e.file} should be refused (${row.e.expected_behaviour})`);
        const codes =
          row.e.expected_behaviour === 'refuse: corrupt'
            ? ['corrupt_file', 'truncated_file', 'no_activity']
            : ['unsupported_sport', 'no_activity'];
        assert.ok(codes.includes(row.code!), `${row.e.file}: refused as ${row.code}`);
        assert.ok(row.reason!.length > 30 && !/error|undefined|NaN/i.test(row.reason!), `unclear: ${row.reason}`);
      }
    }
    const share = (m: Metric) => {
      const { passed, of } = rates.find(([k]) => k === m)![1];
      return passed / of;
    };
    assert.ok(share('distance_m') >= 0.95, 'distance within 1% on 95% of the files');
    assert.ok(share('moving_s') >= 0.95, 'moving time within 2% on 95% of the files');
    assert.ok(share('ascent_m') >= 0.9, 'ascent within 25% on 90% of the files');
    assert.ok(starts.length > 0 && starts.every((r) => r.startExact), 'start time exact on every file');
  });
});
