import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { accounts } from '@runnerly/accounts';
import { accountScopes, topics } from '@runnerly/contracts';
import { waitFor } from '@runnerly/testing';
import { createService, ServiceClient, type ServiceApp } from '@runnerly/service-kit';
import { gatewayApp } from './app.ts';
import type { GatewayDeps } from './deps.ts';
import { gatewayListeners } from './events.ts';
import { sessionCopies, type SessionCopies } from './session-copies.ts';
import { Sessions, type SessionBackend } from './session-store.ts';
import type { SessionRow } from './tables.ts';
import { httpBrowser, runnerSignUps, sessionsFor } from './testing.ts';

// Two gateway processes on one session store, each with its own copies and its own bus listener
// (wired as the service wires them), in front of the real token dealer and accounts service.
let sys: TestServices;
let dir: string;
let store: Awaited<ReturnType<typeof sessionsFor>>;
let signUp: (email: string) => Promise<void>;
let accountsClient: ServiceClient;
const replicas: Array<{ app: ServiceApp; base: string; copies: SessionCopies; reads: string[] }> = [];

before(async () => {
  sys = await startTestServices('gw_copies', [tokendealer, accounts], {
    scopes: [accountScopes.accountsLogin, accountScopes.accountsRead],
  });
  dir = mkdtempSync(join(tmpdir(), 'gateway-copies-'));
  store = await sessionsFor(join(dir, 'data'));
  signUp = runnerSignUps(sys);
  accountsClient = new ServiceClient({
    service: 'accounts',
    baseUrl: sys.urls.accounts!,
    tokens: { getToken: () => sys.serviceToken() },
  });
  for (let i = 0; i < 2; i++) {
    // The store's own backend, counting the reads that reached it.
    const reads: string[] = [];
    const shared = store.sessions.backend;
    const backend: SessionBackend = { ...shared, find: (idHash) => (reads.push(idHash), shared.find(idHash)) };
    // Kept longer than any test waits: a copy that goes went because a change was heard.
    const copies = sessionCopies({
      publish: (change) => sys.bus.publish(topics.sessionsChanged, change),
      maxAgeMs: 60_000,
    });
    const deps: GatewayDeps = {
      settings: { https: false, rateLimitAuth: 100, rateLimitApi: 10_000, devMailbox: true, dashboardDir: dir },
      // One key for both, so that both accept the same cookie (replicas share SESSION_KEY).
      sessionKey: Buffer.alloc(32, 7),
      sessions: new Sessions(backend, store.sessions.policy, Date.now, copies),
      upstreams: { accounts: accountsClient },
      userTokens: { get: (userId) => sys.userToken(userId), forget() {} },
    };
    for (const l of gatewayListeners(deps)) await sys.bus.listen(l.topics, l.handle, l.onStep);
    const app = await createService({ name: 'gateway', logLevel: 'silent', routes: gatewayApp(deps) });
    replicas.push({ app, base: await app.listen({ port: 0, host: '127.0.0.1' }), copies, reads });
  }
});
after(async () => {
  for (const r of replicas) await r.app.close();
  await accountsClient.close();
  await sys.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The same browser (its cookies) at the other gateway process, as a load balancer may send it. */
function sameBrowserAt(base: string, from: ReturnType<typeof httpBrowser>) {
  const b = httpBrowser(base, signUp);
  for (const [k, v] of from.jar) b.jar.set(k, v);
  return b;
}
const signedIn = async (b: ReturnType<typeof httpBrowser>) => (await b.request('GET', '/api/session')).body?.user?.id;

describe("the gateway's session copies", () => {
  it("reads a signed-in browser's session from the store once, then from this process's copy", async () => {
    const [a] = replicas;
    const alice = httpBrowser(a!.base, signUp);
    const aliceId = await alice.login('copies-alice@example.com');
    const before = a!.reads.length;
    for (let i = 0; i < 5; i++) assert.equal(await signedIn(alice), aliceId);
    assert.equal(a!.reads.length - before, 1, 'one store read for five requests');
  });

  it('a session ended in one process is not used by the other, which had a copy of it', async () => {
    const [a, b] = replicas;
    const bob = httpBrowser(a!.base, signUp);
    const bobId = await bob.login('copies-bob@example.com');
    const bobAtB = sameBrowserAt(b!.base, bob);
    assert.equal(await signedIn(bobAtB), bobId);
    assert.equal(await signedIn(bobAtB), bobId);
    const readsAtB = b!.reads.length;

    assert.equal((await bob.request('POST', '/api/auth/logout')).status, 204);
    await waitFor(
      'the other process to drop its copy',
      async () => ((await signedIn(bobAtB)) ? undefined : true),
      5000,
      20,
    );
    assert.ok(b!.reads.length > readsAtB, 'the other process read the store again, and found no session');
  });

  it('logging out everywhere ends the copies of every other session of the runner', async () => {
    const [a, b] = replicas;
    const phone = httpBrowser(a!.base, signUp);
    const carolId = await phone.login('copies-carol@example.com');
    const laptop = httpBrowser(a!.base, signUp);
    await laptop.login('copies-carol@example.com');
    const laptopAtB = sameBrowserAt(b!.base, laptop);
    assert.equal(await signedIn(laptopAtB), carolId);

    const ended = await phone.request('DELETE', '/api/me/sessions');
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    await waitFor(
      'the laptop signed out at the other process',
      async () => ((await signedIn(laptopAtB)) ? undefined : true),
      5000,
      20,
    );
    assert.equal(await signedIn(phone), carolId, 'the phone, which asked, stays signed in');
  });

  it('uses no copy while its bus listener is out of step, and none from before once back in step', async () => {
    const [, b] = replicas;
    const dan = httpBrowser(b!.base, signUp);
    await dan.login('copies-dan@example.com');
    await signedIn(dan);
    const start = b!.reads.length;
    b!.copies.step(false);
    await signedIn(dan);
    await signedIn(dan);
    assert.equal(b!.reads.length - start, 2, 'out of step: every read goes to the store');
    b!.copies.step(true);
    await signedIn(dan);
    await signedIn(dan);
    assert.equal(b!.reads.length - start, 3, 'back in step: read once more, then copied');
  });
});

describe('session copies', () => {
  const row = (idHash: string, userId: string | null = 'u1'): SessionRow => ({
    id_hash: idHash,
    user_id: userId,
    data: '{}',
    created_at: '2026-01-01T00:00:00.000Z',
    last_seen_at: '2026-01-01T00:00:00.000Z',
    expires_at: '2027-01-01T00:00:00.000Z',
    ip: null,
    user_agent: null,
  });

  it('keeps no row read before a change was heard, and forgets every session of a user at once', () => {
    const published: unknown[] = [];
    const copies = sessionCopies({ publish: async (c) => void published.push(c) });
    copies.step(true);
    const early = copies.ticket();
    copies.heard({ id_hash: 'b'.repeat(64) });
    copies.put(row('a'.repeat(64)), early);
    assert.equal(copies.get('a'.repeat(64)), undefined, 'the store read began before the change: not kept');
    copies.put(row('a'.repeat(64)), copies.ticket());
    copies.put(row('c'.repeat(64), 'u2'), copies.ticket());
    copies.changed({ user_id: 'u1' });
    assert.equal(copies.get('a'.repeat(64)), undefined);
    assert.equal(copies.get('c'.repeat(64))?.user_id, 'u2', "another user's copy stays");
    assert.deepEqual(published, [{ user_id: 'u1' }], 'told to the other processes');
  });
});
