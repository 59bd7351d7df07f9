import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from './csv.ts';
import { batches, findActivitiesCsv, planZip } from './plan.ts';
import { readActivitiesCsv, sportTypeOf } from './strava-export.ts';

test('CSV: quoted commas, doubled quotes, line breaks inside fields, CRLF, BOM', () => {
  assert.deepEqual(parseCsv('\ufeffa,b\r\n"x, y","say ""hi""\nthen go"\r\n,last\n'), [
    ['a', 'b'],
    ['x, y', 'say "hi"\nthen go'],
    ['', 'last'],
  ]);
});

test('activities.csv: the first of repeated columns wins; rows without an id are dropped', () => {
  const csv =
    'Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Distance,Filename,Distance\n' +
    '123,"Mar 2, 2024, 7:00:00 AM",Easy,Run,,5.01,activities/123.gpx,5010.2\n,,,,,,,\n';
  assert.deepEqual(readActivitiesCsv(csv), [
    {
      id: '123',
      date: 'Mar 2, 2024, 7:00:00 AM',
      name: 'Easy',
      type: 'Run',
      description: '',
      filename: 'activities/123.gpx',
    },
  ]);
  assert.equal(readActivitiesCsv('a,b\n1,2\n'), null);
  assert.equal(sportTypeOf('Trail Run', false), 'TrailRun');
  assert.equal(sportTypeOf('Run', true), 'Treadmill');
});

test('plan: runs pending, other sports and manual entries skipped, missing or oversized files failed', () => {
  const entries = [
    { name: 'export/activities.csv', size: 100, compressedSize: 50 },
    { name: 'export/activities/1.gpx', size: 1000, compressedSize: 100 },
    { name: 'export/activities/2.fit.gz', size: 10_000_000, compressedSize: 10_000_000 },
    { name: 'export/activities/4.gpx', size: 500, compressedSize: 100 },
  ];
  const csv =
    'Activity ID,Activity Type,Activity Name,Filename\n1,Run,A,activities/1.gpx\n2,Run,B,activities/2.fit.gz\n3,Run,C,activities/3.tcx.gz\n4,Ride,D,activities/4.gpx\n5,Run,E,\n';
  const csvEntry = findActivitiesCsv(entries);
  assert.equal(csvEntry?.name, 'export/activities.csv');
  const plan = planZip(entries, csvEntry, csv, 5_000_000);
  assert.deepEqual(
    plan.map((p) => [p.strava?.id, p.status, p.error?.code ?? null, p.entry]),
    [
      ['1', 'pending', null, 'export/activities/1.gpx'],
      ['2', 'failed', 'too_large', 'export/activities/2.fit.gz'],
      ['3', 'failed', 'missing_file', null],
      ['4', 'skipped', 'unsupported_sport', null],
      ['5', 'skipped', 'missing_file', null],
    ],
  );
  assert.deepEqual(
    planZip(entries.slice(1), undefined, null, 50_000_000).map((p) => p.entry),
    ['export/activities/1.gpx', 'export/activities/2.fit.gz', 'export/activities/4.gpx'],
  );
});

test('batches: by count and by bytes', () => {
  const files = [5, 5, 5, 20, 1].map((size) => ({ size }));
  assert.deepEqual(
    batches(files, 2, 100).map((b) => b.length),
    [2, 2, 1],
  );
  assert.deepEqual(
    batches(files, 10, 12).map((b) => b.map((f) => f.size)),
    [[5, 5], [5], [20], [1]],
  );
});
