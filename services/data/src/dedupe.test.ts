import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from './service.ts';
import { sampleRun } from './testing.ts';

let sys: TestServices;
let token: string;
before(async () => {
  sys = await startTestServices('dedupe', [tokendealer, data]);
  token = await sys.serviceToken();
});
after(async () => {
  await sys.close();
});

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sys.urls.data}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const streams = (n: number) => ({
  time: Array.from({ length: n }, (_, i) => i * 5),
  distance: Array.from({ length: n }, (_, i) => i * 15),
  heartrate: Array.from({ length: n }, () => 150),
});

describe('one run from several sources', () => {
  it('stores the same activity from Strava and from a device file once, keeping the richer data', async () => {
    const user = randomUUID();
    const start = '2026-04-05T07:00:00Z';
    const fromStrava = sampleRun(user, {
      source: 'strava',
      source_id: '15012345678',
      name: 'Sunday long run',
      start_time: start,
      distance_m: 21_100,
      average_heartrate: null,
      summary_polyline: null,
    });
    const fromFile = sampleRun(user, {
      source: 'file',
      source_id: 'a'.repeat(64),
      name: 'Run',
      start_time: '2026-04-05T07:00:20Z',
      distance_m: 21_250,
      external_id: 'fit:3345:1112223334',
      device: 'Forerunner 265',
      streams: streams(100),
    });
    const first = await call('POST', '/runs/batch', { runs: [fromStrava] });
    const second = await call('POST', '/runs/batch', { runs: [fromFile] });
    assert.equal(second.body.added, 0);
    assert.equal(second.body.runs[0].merged, true);
    assert.equal(second.body.runs[0].id, first.body.runs[0].id);
    const run = (await call('GET', `/runs/${first.body.runs[0].id}`)).body;
    assert.equal(run.name, 'Sunday long run', 'the name the runner gave on Strava stays');
    assert.equal(run.distance_m, 21_250, 'the device file is richer: its numbers win');
    assert.equal(run.has_streams, true);
    assert.equal(run.strava_activity_id, '15012345678');
    assert.equal(run.external_id, 'fit:3345:1112223334');
    assert.deepEqual(run.sources.map((s: { source: string }) => s.source).sort(), ['file', 'strava']);
    const again = await call('POST', '/runs/batch', { runs: [fromFile, fromStrava] });
    assert.deepEqual([again.body.added, again.body.runs[0].merged, again.body.runs[1].merged], [0, false, false]);
    assert.equal((await call('GET', `/users/${user}/runs`)).body.runs.length, 1);
    assert.equal((await call('GET', `/runs/${run.id}/streams`)).body.time.length, 100);
  });

  it('matches a Strava export file to the API run by Strava id even when the clock differs', async () => {
    const user = randomUUID();
    const api = sampleRun(user, { source: 'strava', source_id: '15099999999', start_time: '2026-04-06T06:00:00Z' });
    const exported = sampleRun(user, {
      source: 'file',
      source_id: 'b'.repeat(64),
      strava_activity_id: '15099999999',
      start_time: '2026-04-06T08:00:00Z',
    });
    await call('POST', '/runs/batch', { runs: [api] });
    const res = await call('POST', '/runs/batch', { runs: [exported] });
    assert.equal(res.body.runs[0].merged, true);
  });

  it('never merges two different Strava activities, even at the same time', async () => {
    const user = randomUUID();
    const a = sampleRun(user, { source: 'strava', source_id: '15000000001', start_time: '2026-04-07T06:00:00Z' });
    const b = sampleRun(user, { source: 'strava', source_id: '15000000002', start_time: '2026-04-07T06:00:10Z' });
    const res = await call('POST', '/runs/batch', { runs: [a, b] });
    assert.equal(res.body.added, 2);
  });

  it('keeps runs apart when distance or start differ beyond the rule', async () => {
    const user = randomUUID();
    const a = sampleRun(user, { start_time: '2026-04-08T06:00:00Z', distance_m: 10_000 });
    const farther = sampleRun(user, { start_time: '2026-04-08T06:00:30Z', distance_m: 10_500 });
    const later = sampleRun(user, { start_time: '2026-04-08T06:05:00Z', distance_m: 10_000 });
    const res = await call('POST', '/runs/batch', { runs: [a, farther, later] });
    assert.equal(res.body.added, 3);
  });
});

describe('run details', () => {
  it('renames a run, replaces its samples, and refuses uneven series', async () => {
    const user = randomUUID();
    const id = (await call('POST', '/runs/batch', { runs: [sampleRun(user)] })).body.runs[0].id;
    assert.equal((await call('GET', `/runs/${id}/streams`)).body.code, 'no_streams');
    assert.equal((await call('PATCH', `/runs/${id}`, { name: 'Track session' })).body.name, 'Track session');
    assert.equal((await call('PATCH', `/runs/${id}`, {})).status, 400);
    assert.equal(
      (await call('PUT', `/runs/${id}/streams`, { time: [0, 1, 2], heartrate: [140, 141] })).body.code,
      'invalid_streams',
    );
    assert.equal((await call('PUT', `/runs/${id}/streams`, streams(10))).status, 204);
    assert.equal((await call('GET', `/runs/${id}`)).body.has_streams, true);
    assert.equal((await call('GET', `/runs/${id}/streams`)).body.time.length, 10);
  });
});
