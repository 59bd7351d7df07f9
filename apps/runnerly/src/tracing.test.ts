// Traces across the services: a real OTLP/HTTP receiver takes the spans the services export
// (OTEL_EXPORTER_OTLP_ENDPOINT) and the test follows one trace from the gateway to the data
// service, and one from the Strava worker to the data service and on through the bus to a
// service that handles the event the data service wrote.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { accountScopes } from '@runnerly/contracts';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { envPrefix } from '@runnerly/service-kit';
import { waitFor } from '@runnerly/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { accounts } from '@runnerly/accounts';
import { data } from '@runnerly/data';
import { gateway } from '@runnerly/gateway';
import { httpBrowser, runnerSignUps } from '@runnerly/gateway/testing';
import { stravaSimService } from '@runnerly/strava-sim';
import { strava } from '@runnerly/strava';
import { races } from '@runnerly/races';

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
}

/** An OTLP/HTTP trace receiver (JSON encoding, as the services' exporter sends): POST /v1/traces. */
async function otlpReceiver(): Promise<{
  url: string;
  spans: ReceivedSpan[];
  requests: number;
  close(): Promise<void>;
}> {
  const spans: ReceivedSpan[] = [];
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !/json/.test(req.headers['content-type'] ?? '')) {
        res.writeHead(415).end();
        return;
      }
      state.requests++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: Array<{
          resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
          scopeSpans: Array<{ spans: Array<Omit<ReceivedSpan, 'service'>> }>;
        }>;
      };
      for (const rs of body.resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const ss of rs.scopeSpans)
          for (const s of ss.spans)
            spans.push({
              service,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.name,
              kind: s.kind,
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    spans,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const SERVER = 2;
const CLIENT = 3;
const CONSUMER = 5;

let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
let sys: TestServices;
const modules = [tokendealer, accounts, data, gateway, stravaSimService, strava, races];

before(async () => {
  receiver = await otlpReceiver();
  const env: Record<string, string> = { STRAVA_SIM_ACTIVITIES: '6', GATEWAY_RATE_LIMIT_AUTH: '1000' };
  // Every service but the simulator (it is Strava, not ours) and the token dealer exports its spans.
  for (const m of modules.filter((m) => m !== stravaSimService)) {
    env[`${envPrefix(m.name)}OTEL_EXPORTER_OTLP_ENDPOINT`] = receiver.url;
    env[`${envPrefix(m.name)}OTEL_BSP_SCHEDULE_DELAY`] = '100';
  }
  sys = await startTestServices('tracing', modules, { env, scopes: [accountScopes.accountsLogin] });
});
after(async () => {
  await sys?.close();
  await receiver?.close();
});

/** The spans of one trace, once `ready` holds for them. */
async function traceWhere(what: string, ready: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
  return waitFor(
    what,
    async () => {
      const byTrace = new Map<string, ReceivedSpan[]>();
      for (const s of receiver.spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
      return [...byTrace.values()].find(ready);
    },
    15_000,
    100,
  );
}

const childOf = (spans: ReceivedSpan[], parent: ReceivedSpan | undefined, match: (s: ReceivedSpan) => boolean) =>
  parent ? spans.find((s) => s.parentSpanId === parent.spanId && match(s)) : undefined;

describe('traces across the services (OTLP)', () => {
  it('one trace covers a request from the gateway to the data service', async () => {
    const runner = httpBrowser(sys.urls.gateway!, runnerSignUps(sys));
    const userId = await runner.login('traced@example.com');
    const runs = await runner.request('GET', '/api/me/runs');
    assert.equal(runs.status, 200, JSON.stringify(runs.body));

    const spans = await traceWhere(
      'a trace of GET /api/me/runs reaching the data service',
      (t) =>
        t.some((s) => s.service === 'gateway' && s.kind === SERVER && s.name.includes('/api/me/runs')) &&
        t.some((s) => s.service === 'data' && s.kind === SERVER),
    );
    const root = spans.find((s) => s.service === 'gateway' && s.kind === SERVER)!;
    assert.equal(root.parentSpanId, '', 'the gateway starts the trace');
    const call = childOf(spans, root, (s) => s.service === 'gateway' && s.kind === CLIENT && s.name === 'GET data');
    assert.ok(call, `the gateway's call to data is a child of its request: ${JSON.stringify(spans)}`);
    const served = childOf(spans, call, (s) => s.service === 'data' && s.kind === SERVER);
    assert.ok(served, "the data service's span is a child of the gateway's call");
    assert.match(served.name, /^GET \/users\/:userId\//);
    assert.ok(userId);
  });

  it('one trace covers a Strava sync turn, the data service storing its runs and the event handled through the bus', async () => {
    const runner = httpBrowser(sys.urls.gateway!, runnerSignUps(sys));
    const userId = await runner.login('strava-traced@example.com');
    const link = await runner.request('POST', `/api/strava/users/${userId}/link`);
    assert.equal(link.status, 200, JSON.stringify(link.body));
    const authorize = new URL(link.body.authorize_url as string);
    authorize.searchParams.set('sim_auto', 'approve');
    const approved = await fetch(authorize, { redirect: 'manual' });
    assert.equal(approved.status, 302);
    const callback = new URL(approved.headers.get('location')!);
    const linked = await runner.request('GET', `${callback.pathname}${callback.search}`);
    assert.equal(linked.status, 302, JSON.stringify(linked.body));

    const spans = await traceWhere(
      'a Strava turn whose stored runs reach the races service through the bus',
      (t) =>
        t.some((s) => s.service === 'strava' && s.name === 'strava sync turn') &&
        t.some((s) => s.service === 'races' && s.kind === CONSUMER),
    );
    const turn = spans.find((s) => s.service === 'strava' && s.name === 'strava sync turn')!;
    assert.equal(turn.parentSpanId, '', 'a turn is a trace of its own');
    const call = childOf(spans, turn, (s) => s.service === 'strava' && s.kind === CLIENT && s.name === 'POST data');
    assert.ok(call, `the turn stores its runs at the data service: ${JSON.stringify(spans.map((s) => s.name))}`);
    const stored = childOf(spans, call, (s) => s.service === 'data' && s.kind === SERVER);
    assert.ok(stored, "the data service's span is a child of the worker's call");
    const handled = childOf(spans, stored, (s) => s.service === 'races' && s.kind === CONSUMER);
    assert.ok(handled, "the event the data service wrote is handled under its request's span, through the bus");
    assert.match(handled.name, / process$/);
  });
});
