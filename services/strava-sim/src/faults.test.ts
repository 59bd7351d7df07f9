import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningStravaSim } from './index.ts';
import { api, control, startTestSim } from './testing.ts';

describe('fault injection', () => {
  let s: RunningStravaSim;
  let token: string;

  before(async () => {
    s = await startTestSim();
    const [a] = await control<Array<{ id: number }>>(s.url, 'GET', '/athletes');
    token = (await control<{ access_token: string }>(s.url, 'POST', '/tokens', { athlete_id: a!.id })).access_token;
  });
  after(() => s.close());

  test('the next N calls answer 5xx, then the API recovers', async () => {
    await control(s.url, 'POST', '/faults', { kind: 'error', status: 502, count: 2 });
    assert.equal((await api(s.url, token, '/athlete')).status, 502);
    assert.equal((await api(s.url, token, '/athlete')).status, 502);
    assert.equal((await api(s.url, token, '/athlete')).status, 200);
    assert.deepEqual(await control(s.url, 'GET', '/faults'), []);
  });

  test('faults can be limited to a path', async () => {
    await control(s.url, 'POST', '/faults', { kind: 'error', path: '/api/v3/activities/*/streams', count: null });
    assert.equal((await api(s.url, token, '/athlete')).status, 200);
    const [act] = (await (await api(s.url, token, '/athlete/activities?per_page=1')).json()) as Array<{ id: number }>;
    assert.equal((await api(s.url, token, `/activities/${act!.id}`)).status, 200);
    assert.equal((await api(s.url, token, `/activities/${act!.id}/streams?keys=time`)).status, 503);
    assert.equal((await api(s.url, token, `/activities/${act!.id}/streams?keys=time`)).status, 503);
    await control(s.url, 'DELETE', '/faults');
    assert.equal((await api(s.url, token, `/activities/${act!.id}/streams?keys=time`)).status, 200);
  });

  test('a dropped connection destroys the socket without an answer', async () => {
    await control(s.url, 'DELETE', '/calls');
    await control(s.url, 'POST', '/faults', { kind: 'drop' });
    await assert.rejects(api(s.url, token, '/athlete'));
    assert.equal((await api(s.url, token, '/athlete')).status, 200);
    const calls = await control<{ dropped: number; api: number }>(s.url, 'GET', '/calls');
    assert.equal(calls.dropped, 1);
    assert.equal(calls.api, 2);
  });

  test('added latency delays the answer', async () => {
    await control(s.url, 'POST', '/faults', { kind: 'latency', latencyMs: 300 });
    const t0 = performance.now();
    assert.equal((await api(s.url, token, '/athlete')).status, 200);
    assert.ok(performance.now() - t0 >= 290);
  });

  test('bad control bodies are rejected with { code, message }', async () => {
    const r = await fetch(`${s.url}/sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'explode' }),
    });
    assert.equal(r.status, 400);
    const body = (await r.json()) as { code: string; message: string };
    assert.equal(body.code, 'BAD_REQUEST');
  });
});
