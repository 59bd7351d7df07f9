import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from '@runnerly/data';
import { accounts } from '@runnerly/accounts';
import { accountScopes, scopes } from '@runnerly/contracts';
import { httpRecorder, waitFor, type HttpRecorder } from '@runnerly/testing';
import { createService, ServiceClient, type ServiceApp } from '@runnerly/service-kit';
import { gatewayApp } from './app.ts';
import type { GatewayDeps } from './deps.ts';
import { gatewayListeners } from './events.ts';
import { keptAnswers, type KeptAnswers } from './kept-answers.ts';
import { httpBrowser, manualRun, runnerSignUps, sessionsFor } from './testing.ts';

// A gateway (wired to the bus as the service wires it) in front of the real token dealer,
// accounts and data services; the data service behind a recorder, to tell which reads reached it.
let sys: TestServices;
let dataHop: HttpRecorder;
let dir: string;
let store: Awaited<ReturnType<typeof sessionsFor>>;
let app: ServiceApp;
let client: ServiceClient;
let answers: KeptAnswers;
let base: string;
let signUp: (email: string) => Promise<void>;

before(async () => {
  sys = await startTestServices('gw_kept', [tokendealer, accounts, data], {
    scopes: [accountScopes.accountsLogin, accountScopes.accountsRead, scopes.runsRead, scopes.runsWrite],
  });
  dataHop = await httpRecorder(sys.urls.data!);
  dir = mkdtempSync(join(tmpdir(), 'gateway-kept-'));
  store = await sessionsFor(join(dir, 'data'));
  signUp = runnerSignUps(sys);
  const serviceTokens = { getToken: () => sys.serviceToken() };
  client = new ServiceClient({ service: 'data', baseUrl: dataHop.url, tokens: serviceTokens, timeoutMs: 5000 });
  answers = keptAnswers();
  const deps: GatewayDeps = {
    settings: { https: false, rateLimitAuth: 100, rateLimitApi: 10_000, devMailbox: true, dashboardDir: dir },
    sessionKey: randomBytes(32),
    sessions: store.sessions,
    upstreams: {
      data: client,
      accounts: new ServiceClient({ service: 'accounts', baseUrl: sys.urls.accounts!, tokens: serviceTokens }),
    },
    userTokens: { get: (userId) => sys.userToken(userId), forget() {} },
    answers,
  };
  for (const l of gatewayListeners(deps)) await sys.bus.listen(l.topics, l.handle, l.onStep);
  app = await createService({ name: 'gateway', logLevel: 'silent', routes: gatewayApp(deps) });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await client.close();
  await dataHop.close();
  await sys.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Stores runs as another service does (Strava's sync, an import): straight at the data service. */
async function storeRuns(runs: unknown[]): Promise<string[]> {
  const res = await fetch(`${sys.urls.data}/runs/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await sys.serviceToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ runs }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { runs: Array<{ id: string }> }).runs.map((r) => r.id);
}

const reached = (path: string) => dataHop.calls.filter((c) => c === `GET ${path}`).length;
const names = (body: unknown) => (body as { runs: Array<{ name: string }> }).runs.map((r) => r.name);

describe("the gateway's kept answers", () => {
  it("answers Home's runs again without the data service until the runner's runs change, wherever they change", async () => {
    const alice = httpBrowser(base, signUp);
    const aliceId = await alice.login('kept-alice@example.com');
    const [first] = await storeRuns([manualRun(aliceId, 1), manualRun(aliceId, 2)]);
    const home = `/users/${aliceId}/runs?limit=10`;

    const one = await alice.request('GET', '/api/me/runs?limit=10');
    assert.equal(one.status, 200);
    assert.deepEqual(names(one.body), ['Run 2', 'Run 1']);
    const two = await alice.request('GET', '/api/me/runs?limit=10');
    assert.deepEqual(two.body, one.body);
    assert.equal(two.headers.get('etag'), one.headers.get('etag'));
    assert.equal(reached(home), 1, 'the second read was answered by the gateway alone');

    // Another service stores a run: its runs.changed reaches the gateway, and the next read asks again.
    await storeRuns([manualRun(aliceId, 3)]);
    const three = await waitFor(
      'the new run on Home',
      async () => {
        const res = await alice.request('GET', '/api/me/runs?limit=10');
        return names(res.body).length === 3 ? res : undefined;
      },
      5000,
      20,
    );
    assert.deepEqual(names(three.body), ['Run 3', 'Run 2', 'Run 1']);
    assert.notEqual(three.headers.get('etag'), one.headers.get('etag'));
    const asked = reached(home);
    await alice.request('GET', '/api/me/runs?limit=10');
    assert.equal(reached(home), asked, 'kept again at the new version');

    // The runner's own change through the gateway is read back at once, without waiting for the event.
    const renamed = await alice.request('PATCH', `/api/data/runs/${first}`, { json: { name: 'Hill repeats' } });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    const after = await alice.request('GET', '/api/me/runs?limit=10');
    assert.deepEqual(names(after.body), ['Run 3', 'Run 2', 'Hill repeats']);
    assert.equal(reached(home), asked + 1);
  });

  it("never gives one runner another's kept answer, and checks the route first", async () => {
    const alice = httpBrowser(base, signUp);
    const bob = httpBrowser(base, signUp);
    const aliceId = await alice.login('kept-alice2@example.com');
    await bob.login('kept-bob@example.com');
    const [aliceRun] = await storeRuns([manualRun(aliceId, 1)]);
    // A run's ranks: version-tagged, and its URL names no runner.
    const ranks = `/runs/${aliceRun}/ranks`;
    const own = await alice.request('GET', `/api/data${ranks}`);
    assert.equal(own.status, 200);
    assert.equal((await alice.request('GET', `/api/data${ranks}`)).status, 200);
    assert.equal(reached(ranks), 1, 'kept for Alice');

    const theirs = await bob.request('GET', `/api/data${ranks}`);
    assert.equal(theirs.status, 404, "Bob's read goes to the data service, which does not show him Alice's run");
    assert.equal(reached(ranks), 2);
    const list = await bob.request('GET', `/api/data/users/${aliceId}/runs?limit=10`);
    assert.equal(list.status, 403);
    const signedOut = httpBrowser(base, signUp);
    assert.equal((await signedOut.request('GET', `/api/data${ranks}`)).status, 401);
    assert.equal(reached(ranks), 2, 'refused before any call');
  });

  it('sends nothing kept while its bus listener is out of step, and drops all once back in step', async () => {
    const carol = httpBrowser(base, signUp);
    const carolId = await carol.login('kept-carol@example.com');
    await storeRuns([manualRun(carolId, 1)]);
    const url = `/api/data/users/${carolId}/records`;
    const path = `/users/${carolId}/records`;
    await carol.request('GET', url);
    await carol.request('GET', url);
    assert.equal(reached(path), 1);
    answers.step(false);
    await carol.request('GET', url);
    await carol.request('GET', url);
    assert.equal(reached(path), 3, 'out of step: every read asks');
    answers.step(true);
    await carol.request('GET', url);
    await carol.request('GET', url);
    assert.equal(reached(path), 4, 'back in step: asked once more, then kept');
  });
});

describe('kept answers of one runner', () => {
  const tagged = (version: number) => ({ etag: `"v${version}.shapes.url"`, headers: {}, body: `{"v":${version}}` });

  it('keeps no answer older than one already seen, even before the change is announced', () => {
    const kept = keptAnswers();
    kept.step(true);
    const early = kept.ticket();
    const late = kept.ticket();
    kept.keep('u1', '/a', late, tagged(5));
    // Asked before the change, answered after it: another URL already told of version 5.
    kept.keep('u1', '/b', early, tagged(4));
    assert.equal(kept.get('u1', '/b'), undefined);
    assert.equal(kept.get('u1', '/a')?.version, 5);
    kept.changed('u1', 6);
    assert.equal(kept.get('u1', '/a'), undefined, 'announced later: gone');
  });
});
