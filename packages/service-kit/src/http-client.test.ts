import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Type } from '@sinclair/typebox';
import { createService, type ServiceApp } from './create-service.ts';
import { ServiceClient } from './http-client.ts';
import { AppError } from './errors.ts';
import { listen } from './run-service.ts';

// A real upstream on a real port, whose behaviour each test sets.
let upstream: Server;
let upstreamUrl: string;
let behaviour: (req: IncomingMessage, res: import('node:http').ServerResponse) => void;
const seen: IncomingMessage[] = [];
before(async () => {
  upstream = createServer((req, res) => {
    seen.push(req);
    behaviour(req, res);
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
});
after(() => {
  upstream.closeAllConnections();
  upstream.close();
});

const json = (
  res: import('node:http').ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

describe('service HTTP client', () => {
  it('retries an idempotent call after a 503, never a POST', async () => {
    let calls = 0;
    behaviour = (_req, res) => {
      calls++;
      if (calls === 1) json(res, 503, { code: 'busy' });
      else json(res, 200, { ok: true });
    };
    const client = new ServiceClient({ service: 'up', baseUrl: upstreamUrl });
    assert.deepEqual((await client.get('/x')).body, { ok: true });
    assert.equal(calls, 2);
    calls = 0;
    behaviour = (_req, res) => {
      calls++;
      json(res, 503, { code: 'busy' });
    };
    await assert.rejects(
      client.post('/x', { body: {} }),
      (e: unknown) => e instanceof AppError && e.statusCode === 502,
    );
    assert.equal(calls, 1);
    await client.close();
  });

  it('takes several upstreams in turn; one that refuses connections is left out and the call, a POST too, goes to another', async () => {
    const hits: string[] = [];
    const second = createServer((req, res) => {
      hits.push(`b ${req.method}`);
      json(res, 200, { from: 'b' });
    });
    await new Promise<void>((r) => second.listen(0, '127.0.0.1', r));
    const secondUrl = `http://127.0.0.1:${(second.address() as { port: number }).port}`;
    // A port nobody listens on: a replica that has died.
    const gone = createServer();
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    const goneUrl = `http://127.0.0.1:${(gone.address() as { port: number }).port}`;
    await new Promise<void>((r) => gone.close(() => r()));
    behaviour = (req, res) => {
      hits.push(`a ${req.method}`);
      json(res, 200, { from: 'a' });
    };
    const client = new ServiceClient({ service: 'up', baseUrl: `${upstreamUrl},${secondUrl}` });
    const froms = [];
    for (let i = 0; i < 4; i++) froms.push(((await client.get<{ from: string }>('/x')).body as { from: string }).from);
    assert.deepEqual(froms, ['a', 'b', 'a', 'b'], 'in turn');

    hits.length = 0;
    const withDead = new ServiceClient({ service: 'up', baseUrl: `${goneUrl},${secondUrl}`, ejectMs: 60_000 });
    // The first POST meets the dead replica, was never sent, and is sent to the live one instead.
    for (let i = 0; i < 4; i++)
      assert.equal((await withDead.post<{ from: string }>('/x', { body: { i } })).body.from, 'b');
    assert.deepEqual(hits, ['b POST', 'b POST', 'b POST', 'b POST'], 'each POST once, all on the live replica');
    // Every replica down: the caller hears 502, not a hang.
    const allDead = new ServiceClient({ service: 'up', baseUrl: `${goneUrl},${goneUrl}` });
    await assert.rejects(
      allDead.post('/x', { body: {} }),
      (e: unknown) => e instanceof AppError && e.statusCode === 502,
    );
    await Promise.all([client.close(), withDead.close(), allDead.close()]);
    second.close();
  });

  it('times out a hanging upstream with 504 and opens the circuit after repeated failures', async () => {
    behaviour = () => {
      /* never answers */
    };
    const client = new ServiceClient({
      service: 'up',
      baseUrl: upstreamUrl,
      timeoutMs: 100,
      retries: 0,
      breakerThreshold: 2,
      halfOpenAfterMs: 60_000,
    });
    await assert.rejects(
      client.get('/slow'),
      (e: unknown) => e instanceof AppError && e.statusCode === 504 && e.code === 'upstream_timeout',
    );
    await assert.rejects(client.get('/slow'), (e: unknown) => e instanceof AppError && e.statusCode === 504);
    const before = seen.length;
    await assert.rejects(
      client.get('/slow'),
      (e: unknown) => e instanceof AppError && e.statusCode === 503 && e.code === 'upstream_unavailable',
    );
    assert.equal(seen.length, before, 'an open circuit does not call the upstream');
    await client.close();
  });

  it('revalidates with If-None-Match and serves the cached body on 304', async () => {
    behaviour = (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304).end();
        return;
      }
      json(res, 200, { runs: [1, 2, 3] }, { etag: '"v1"' });
    };
    const client = new ServiceClient({ service: 'up', baseUrl: upstreamUrl });
    const first = await client.get('/runs');
    const second = await client.get<{ runs: number[] }>('/runs');
    assert.equal(first.fromCache, false);
    assert.equal(second.fromCache, true);
    assert.deepEqual(second.body, { runs: [1, 2, 3] });
    await client.close();
  });

  it('passes the incoming request id on, and attaches its token', async () => {
    behaviour = (req, res) => json(res, 200, { rid: req.headers['x-request-id'], auth: req.headers.authorization });
    const client = new ServiceClient({
      service: 'up',
      baseUrl: upstreamUrl,
      tokens: { getToken: async () => 'svc-token' },
    });
    const app: ServiceApp = await createService({
      name: 'caller',
      logLevel: 'silent',
      routes: async (a) => {
        a.get(
          '/relay',
          { schema: { response: { 200: Type.Object({ rid: Type.String(), auth: Type.String() }) } } },
          async () => (await client.get<{ rid: string; auth: string }>('/echo')).body,
        );
      },
    });
    const url = await listen(app, 0, '127.0.0.1');
    const res = await fetch(`${url}/relay`, { headers: { 'x-request-id': 'req-abc-123' } });
    assert.equal(res.headers.get('x-request-id'), 'req-abc-123');
    assert.deepEqual(await res.json(), { rid: 'req-abc-123', auth: 'Bearer svc-token' });
    await app.close();
    await client.close();
  });
});

describe('service app', () => {
  it('serves /healthz, /readyz with its checks, /metrics with route latency, and /docs', async () => {
    let dbUp = true;
    const app = await createService({
      name: 'probe',
      logLevel: 'silent',
      checks: {
        database: async () => {
          if (!dbUp) throw new Error('connection refused');
        },
      },
      routes: async (a) => {
        a.get('/boom', async () => {
          throw new Error('secret internals at /srv/x.ts:42');
        });
      },
    });
    const url = await listen(app, 0, '127.0.0.1');
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    assert.equal((await fetch(`${url}/readyz`)).status, 200);
    dbUp = false;
    const notReady = await fetch(`${url}/readyz`);
    assert.equal(notReady.status, 503);
    assert.match(((await notReady.json()) as { message: string }).message, /database/);
    const boom = await fetch(`${url}/boom`);
    assert.equal(boom.status, 500);
    const body = (await boom.json()) as { code: string; message: string };
    assert.equal(body.code, 'internal_error');
    assert.doesNotMatch(body.message, /secret|\.ts/);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /http_request_duration_seconds_bucket\{.*route="\/boom"/);
    assert.match(metrics, /process_cpu_user_seconds_total/);
    assert.equal((await fetch(`${url}/docs/json`)).status, 200);
    await app.close();
  });
});
