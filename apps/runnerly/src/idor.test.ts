// One runner never reaches another's data, on every route the gateway routes: the whole system
// as `npm start` runs it, two runners signed up through the gateway, and for each entry of the
// gateway's routing table Bob asks with Alice's ids — her user id in place of his own, her run,
// plan, import job, race or shoes in his own paths, her id in a body. Every one is refused and, once
// all have been tried, Alice's data is as she left it. A route added to the table is tried too
// (the test fails until it says how).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roadRun, writeGpx } from '@runnerly/activity-files/fixtures';
import { httpBrowser, signUpAtGateway } from '@runnerly/gateway/testing';
import { routingTable } from '@runnerly/gateway';
import { waitFor } from '@runnerly/testing';
import { startEmbedded, type EmbeddedSystem } from './embedded.ts';

type Browser = ReturnType<typeof httpBrowser>;

/** Routes every runner may use on anything: the race calendar is shared. */
const shared = new Set(['races GET /races', 'races POST /races', 'races GET /races/:id']);
/** Routes whose `:id` is not somebody's resource (with `:me` his own, Bob reaches only his). */
const notOwned = new Set([
  'data GET /users/:me/months/:id/runs',
  'reports GET /users/:me/reports/:id',
  'races GET /races/:id/participants/:me',
  'races PUT /races/:id/participants/:me',
  'races DELETE /races/:id/participants/:me',
  'races PUT /races/:id/participants/:me/result',
]);

describe("one runner and another's data, on every routed path", () => {
  let sys: EmbeddedSystem;
  let dataDir: string;
  let alice: Browser;
  let bob: Browser;
  const ids: Record<string, string> = {};

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'runnerly-idor-'));
    sys = await startEmbedded({ basePort: 0, dataDir, quiet: true, env: { GATEWAY_MAP_TILES_URL: 'off' } });
    alice = httpBrowser(sys.urls.gateway!, async () => {});
    bob = httpBrowser(sys.urls.gateway!, async () => {});
    ids.alice = await signUpAtGateway(alice, 'alice.idor@example.com');
    ids.bob = await signUpAtGateway(bob, 'bob.idor@example.com');

    const run = (i: number) => ({
      user_id: ids.alice,
      source: 'file',
      source_id: `alice-run-${i}`,
      name: `Alice run ${i}`,
      sport_type: 'Run',
      start_time: new Date(Date.now() - (i + 1) * 86_400_000).toISOString(),
      timezone: 'Europe/Paris',
      distance_m: 8000 + i * 500,
      moving_time_s: 2700 + i * 150,
      elapsed_time_s: 2800 + i * 150,
    });
    const batch = await alice.request('POST', `/api/data/runs/batch`, { json: { runs: [0, 1, 2].map(run) } });
    assert.equal(batch.status, 200, JSON.stringify(batch.body));
    ids.run = batch.body.runs[0].id;
    const shoes = await alice.request('POST', `/api/data/users/${ids.alice}/gear`, { json: { name: 'Alice racers' } });
    assert.equal(shoes.status, 201, JSON.stringify(shoes.body));
    ids.gear = shoes.body.id;

    const form = new FormData();
    form.append('files', new Blob([writeGpx(roadRun(12, Date.parse('2026-02-03T07:00:00Z')))]), 'alice.gpx');
    const upload = await alice.request('POST', `/api/imports/users/${ids.alice}/imports`, { form });
    assert.equal(upload.status, 202, JSON.stringify(upload.body));
    ids.job = upload.body.job_id;
    await waitFor('the import done', async () => {
      const job = await alice.request('GET', `/api/imports/users/${ids.alice}/imports/${ids.job}`);
      return job.body.status === 'done';
    });

    const raceDay = new Date(Date.now() + 70 * 86_400_000).toISOString().slice(0, 10);
    const race = await alice.request('POST', '/api/races/races', {
      json: {
        name: 'Alice Half',
        start_local: `${raceDay}T09:00`,
        timezone: 'Europe/Paris',
        distance: 'half',
        place: 'Lyon',
      },
    });
    assert.equal(race.status, 201, JSON.stringify(race.body));
    ids.race = race.body.id;
    const entry = await alice.request('PUT', `/api/races/races/${ids.race}/participants/${ids.alice}`, {
      json: { goal: { kind: 'finish' } },
    });
    assert.equal(entry.status, 200, JSON.stringify(entry.body));
    const plan = await alice.request('POST', `/api/training/users/${ids.alice}/plans`, {
      json: { race_id: ids.race, days_per_week: 4, long_run_day: 7, time_zone: 'Europe/Paris' },
    });
    assert.equal(plan.status, 201, JSON.stringify(plan.body));
    ids.plan = plan.body.id;
  });
  after(async () => {
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Alice's resource that a route's `:id` names, by the path it sits in. */
  const resourceOf = (service: string, pattern: string): string | undefined => {
    if (pattern.startsWith('/runs/:id')) return ids.run;
    if (pattern.startsWith('/users/:me/gear/:id')) return ids.gear;
    if (pattern.startsWith('/plans/:id')) return ids.plan;
    if (service === 'imports' && pattern.endsWith('/imports/:id')) return ids.job;
    if (pattern.startsWith('/races/:id')) return ids.race;
    return undefined;
  };
  const bodyFor = (method: string) =>
    method === 'GET' || method === 'DELETE' ? undefined : { name: 'Changed by Bob' };

  it('refuses Bob every path with Alice in it, and every path of his with her resources in it', async () => {
    const tried = new Set<string>();
    for (const [service, routes] of Object.entries(routingTable)) {
      for (const [method, pattern] of routes) {
        const key = `${service} ${method} ${pattern}`;
        const call = (path: string, json?: unknown) =>
          bob.request(method, `/api/${service}${path}`, json === undefined ? {} : { json });
        if (pattern.includes(':me')) {
          // Alice's user id where Bob's own belongs: refused by the gateway before any call.
          const path = pattern
            .replaceAll(':me', ids.alice!)
            .replaceAll(':id', resourceOf(service, pattern) ?? '2026-11');
          const res = await call(path, bodyFor(method));
          assert.equal(res.status, 403, `${key} with Alice's id: ${res.status} ${JSON.stringify(res.body)}`);
          assert.equal(res.body.code, 'forbidden', key);
          assert.match(res.body.message, /your own data/, key);
          tried.add(key);
        }
        const resource = resourceOf(service, pattern);
        if (pattern.includes(':id') && !notOwned.has(key) && resource) {
          // Bob's own path with Alice's resource in it: the service that owns it says it is not there (or not his).
          const path = pattern.replaceAll(':me', ids.bob!).replaceAll(':id', resource);
          const res = await call(path, bodyFor(method));
          if (shared.has(key)) {
            assert.equal(res.status, 200, key);
          } else {
            assert.ok(res.status === 404 || res.status === 403, `${key} with Alice's ${resource}: ${res.status}`);
            assert.ok(typeof res.body.code === 'string' && typeof res.body.message === 'string', key);
            assert.doesNotMatch(JSON.stringify(res.body), /Alice/, `${key}: nothing of Alice's in the answer`);
          }
          tried.add(key);
        }
        if (!pattern.includes(':me') && !pattern.includes(':id') && method === 'POST' && !shared.has(key)) {
          // A body naming Alice: refused before any call.
          const res = await call(pattern, { runs: [{ user_id: ids.alice, name: 'planted' }] });
          assert.equal(res.status, 403, `${key} naming Alice: ${res.status}`);
          assert.match(res.body.message, /change your own data/, key);
          tried.add(key);
        }
        if (shared.has(key)) tried.add(key);
        assert.ok(tried.has(key), `${key}: say here how it is tried`);
      }
    }
    assert.equal(tried.size, Object.values(routingTable).flat().length, 'every route tried');
  });

  it("leaves Alice's data as she left it", async () => {
    const run = await alice.request('GET', `/api/data/runs/${ids.run}`);
    assert.equal(run.status, 200);
    assert.equal(run.body.name, 'Alice run 0');
    const gear = await alice.request('GET', `/api/data/users/${ids.alice}/gear`);
    assert.deepEqual(
      gear.body.gear.map((g: { name: string; retired: boolean }) => [g.name, g.retired]),
      [['Alice racers', false]],
    );
    const runs = await alice.request('GET', `/api/data/users/${ids.alice}/runs`);
    assert.equal(runs.body.runs.length, 4, 'three runs and the imported one');
    const plan = await alice.request('GET', `/api/training/plans/${ids.plan}`);
    assert.equal(plan.body.status, 'active');
    assert.equal(plan.body.feed_url, null, 'no feed made for her plan');
    const job = await alice.request('GET', `/api/imports/users/${ids.alice}/imports/${ids.job}`);
    assert.equal(job.body.status, 'done');
    const race = await alice.request('GET', `/api/races/races/${ids.race}`);
    assert.equal(race.body.name, 'Alice Half');
    assert.equal(race.body.status, 'scheduled');
    const mine = await alice.request('GET', `/api/races/users/${ids.alice}/races`);
    assert.ok(JSON.stringify(mine.body).includes(ids.race!), 'still running it');
    const bobs = await bob.request('GET', `/api/data/users/${ids.bob}/runs`);
    assert.deepEqual(bobs.body.runs, [], 'nothing planted on Bob either');
  });
});
