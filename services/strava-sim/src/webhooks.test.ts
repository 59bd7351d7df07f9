import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningStravaSim } from './index.ts';
import { TEST_CLIENT, connectAthlete, control, startTestSim } from './testing.ts';

interface Received {
  at: number;
  body: Record<string, unknown>;
}

/** A little webhook receiver: answers the challenge, records events, can fail or be slow. */
class Receiver {
  server: Server;
  events: Received[] = [];
  challenges = 0;
  failNext = 0;
  slowNext = 0;
  answerChallenge = true;
  url = '';

  constructor() {
    this.server = createServer(async (req, res) => {
      const u = new URL(req.url!, 'http://x');
      if (req.method === 'GET') {
        this.challenges++;
        if (!this.answerChallenge || u.searchParams.get('hub.verify_token') !== 'VERIFY') {
          res.writeHead(403).end();
          return;
        }
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ 'hub.challenge': u.searchParams.get('hub.challenge') }));
        return;
      }
      const body = JSON.parse(await text(req)) as Record<string, unknown>;
      this.events.push({ at: Date.now(), body });
      if (this.failNext > 0) {
        this.failNext--;
        res.writeHead(500).end();
        return;
      }
      if (this.slowNext > 0) {
        this.slowNext--;
        await sleep(2000);
      }
      res.writeHead(200).end();
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    this.url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/strava/webhook`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

async function text(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += String(chunk);
  return s;
}

const subscribe = (url: string, callback: string, verify = 'VERIFY') =>
  fetch(`${url}/api/v3/push_subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: TEST_CLIENT.clientId,
      client_secret: TEST_CLIENT.clientSecret,
      callback_url: callback,
      verify_token: verify,
    }),
  });

describe('webhooks', () => {
  let s: RunningStravaSim;
  let rx: Receiver;
  let athletes: Array<{ id: number }>;
  let subscriptionId: number;

  before(async () => {
    rx = new Receiver();
    await rx.listen();
    s = await startTestSim({ frozenClock: true, webhooks: { timeoutMs: 1000, retryDelaysMs: [50, 50, 50] } });
    athletes = await control(s.url, 'GET', '/athletes');
  });
  after(async () => {
    await s.close();
    await rx.close();
  });
  beforeEach(() => {
    rx.events = [];
  });

  test('a subscription whose callback fails the challenge is refused', async () => {
    rx.answerChallenge = false;
    const r = await subscribe(s.url, rx.url);
    assert.equal(r.status, 400);
    assert.deepEqual(await r.json(), {
      message: 'Bad Request',
      errors: [
        { resource: 'PushSubscription', field: 'callback url', code: 'GET to callback URL does not return 200' },
      ],
    });
    rx.answerChallenge = true;
  });

  test('subscribing verifies the callback with the hub challenge; one subscription per app', async () => {
    const before = rx.challenges;
    const r = await subscribe(s.url, rx.url);
    assert.equal(r.status, 201);
    subscriptionId = ((await r.json()) as { id: number }).id;
    assert.equal(rx.challenges, before + 1);
    const list = (await (
      await fetch(
        `${s.url}/api/v3/push_subscriptions?client_id=${TEST_CLIENT.clientId}&client_secret=${TEST_CLIENT.clientSecret}`,
      )
    ).json()) as Array<{ id: number; callback_url: string }>;
    assert.equal(list.length, 1);
    assert.equal(list[0]!.id, subscriptionId);
    assert.equal(list[0]!.callback_url, rx.url);
    const dup = await subscribe(s.url, rx.url);
    assert.equal(dup.status, 400);
    assert.equal(((await dup.json()) as { errors: Array<{ code: string }> }).errors[0]!.code, 'already exists');
  });

  test('creating, updating and deleting an activity sends events to authorized athletes', async () => {
    const a = athletes[0]!;
    await connectAthlete(s.url, a.id);
    const created = await control<{ activity: { id: number }; webhook: boolean }>(
      s.url,
      'POST',
      `/athletes/${a.id}/activities`,
      { name: 'Lunch Run', distance: 5000 },
    );
    assert.equal(created.webhook, true);
    await control(s.url, 'PUT', `/activities/${created.activity.id}`, { name: 'Tempo', private: true });
    await control(s.url, 'DELETE', `/activities/${created.activity.id}`);
    await control(s.url, 'POST', '/webhooks/idle');
    const bodies = rx.events.map((e) => e.body);
    assert.equal(bodies.length, 3);
    // Deliveries run concurrently, so (as with Strava) the order is not guaranteed.
    assert.deepEqual(bodies.map((b) => b.aspect_type).sort(), ['create', 'delete', 'update']);
    for (const b of bodies) {
      assert.equal(b.object_type, 'activity');
      assert.equal(b.object_id, created.activity.id);
      assert.equal(b.owner_id, a.id);
      assert.equal(b.subscription_id, subscriptionId);
      assert.equal(typeof b.event_time, 'number');
    }
    assert.deepEqual(bodies.find((b) => b.aspect_type === 'update')!.updates, { title: 'Tempo', private: 'true' });
    // An athlete who never authorized the app produces no events.
    await control(s.url, 'POST', `/athletes/${athletes[2]!.id}/activities`, {});
    await control(s.url, 'POST', '/webhooks/idle');
    assert.equal(rx.events.length, 3);
  });

  test('a failing or slow callback is retried up to 3 times', async () => {
    rx.failNext = 2;
    rx.slowNext = 1;
    const a = athletes[0]!;
    await control(s.url, 'POST', `/athletes/${a.id}/activities`, {});
    await control(s.url, 'POST', '/webhooks/idle');
    assert.equal(rx.events.length, 4, '2 failures, 1 timeout, then delivered');
    const { deliveries } = await control<{ deliveries: Array<{ delivered: boolean; attempts: unknown[] }> }>(
      s.url,
      'GET',
      '/webhooks',
    );
    assert.equal(deliveries.at(-1)!.delivered, true);
    assert.equal(deliveries.at(-1)!.attempts.length, 4);

    rx.events = [];
    rx.failNext = 10;
    await control(s.url, 'POST', `/athletes/${a.id}/activities`, {});
    await control(s.url, 'POST', '/webhooks/idle');
    assert.equal(rx.events.length, 4, 'one try and 3 retries, then Strava gives up');
    rx.failNext = 0;
  });

  test('new activities appearing as the clock moves are announced', async () => {
    const a = athletes[0]!;
    await control(s.url, 'POST', '/clock/advance', { days: 7 });
    await control(s.url, 'POST', '/webhooks/idle');
    const creates = rx.events.map((e) => e.body).filter((b) => b.aspect_type === 'create' && b.owner_id === a.id);
    assert.ok(creates.length >= 2, `${creates.length} new activities in a week`);
  });

  test('deauthorization is an athlete update with authorized "false"', async () => {
    const a = athletes[1]!;
    const c = await connectAthlete(s.url, a.id);
    await fetch(`${s.url}/oauth/deauthorize`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.access_token}` },
    });
    await control(s.url, 'POST', '/webhooks/idle');
    const ev = rx.events.map((e) => e.body).find((b) => b.object_type === 'athlete');
    assert.ok(ev);
    assert.equal(ev.aspect_type, 'update');
    assert.equal(ev.object_id, a.id);
    assert.deepEqual(ev.updates, { authorized: 'false' });
  });

  test('the subscription can be deleted', async () => {
    const del = await fetch(
      `${s.url}/api/v3/push_subscriptions/${subscriptionId}?client_id=${TEST_CLIENT.clientId}&client_secret=${TEST_CLIENT.clientSecret}`,
      { method: 'DELETE' },
    );
    assert.equal(del.status, 204);
    const list = await (
      await fetch(
        `${s.url}/api/v3/push_subscriptions?client_id=${TEST_CLIENT.clientId}&client_secret=${TEST_CLIENT.clientSecret}`,
      )
    ).json();
    assert.deepEqual(list, []);
  });
});
