import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { ServiceClient } from '@runnerly/service-kit';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from '@runnerly/data';
import { forward } from './http.ts';

// The gateway passes a routed answer on as the upstream wrote it: the same bytes, the same
// ETag (no second parse, serialisation or hash).
let sys: TestServices;
let front: FastifyInstance;
let client: ServiceClient;
let token: string;
const user = randomUUID();

before(async () => {
  sys = await startTestServices('forward', [tokendealer, data]);
  token = await sys.serviceToken();
  client = new ServiceClient({ service: 'data', baseUrl: sys.urls.data! });
  front = Fastify();
  front.get('/runs', (_request, reply) => forward(reply, client, 'GET', `/users/${user}/runs?limit=10`, { token }));
  await front.listen({ port: 0, host: '127.0.0.1' });
  const runs = Array.from({ length: 3 }, (_, i) => ({
    user_id: user,
    source: 'manual',
    source_id: `fwd-${i}`,
    name: `Run ${i} — “quoted” ☺`,
    sport_type: 'Run',
    start_time: `2026-03-0${i + 1}T07:00:00.000Z`,
    timezone: 'Europe/Paris',
    distance_m: 5000 + i,
    moving_time_s: 1500,
    elapsed_time_s: 1550,
  }));
  const res = await fetch(`${sys.urls.data}/runs/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ runs }),
  });
  assert.equal(res.status, 200);
});
after(async () => {
  await front.close();
  await client.close();
  await sys.close();
});

describe('forward', () => {
  it('passes the body and the ETag on as the upstream sent them', async () => {
    const direct = await fetch(`${sys.urls.data}/users/${user}/runs?limit=10`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const through = await fetch(`${front.listeningOrigin}/runs`);
    assert.equal(through.status, 200);
    assert.equal(through.headers.get('content-type'), direct.headers.get('content-type'));
    assert.equal(await through.text(), await direct.text());
    const etag = through.headers.get('etag');
    assert.equal(etag, direct.headers.get('etag'), "the upstream's tag, not a hash of a re-serialised body");
  });
});
