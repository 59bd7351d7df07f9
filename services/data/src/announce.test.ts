import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { runsVersionOfTag, topics, type RunsChangedEvent } from '@runnerly/contracts';
import { waitFor } from '@runnerly/testing';
import { data } from './index.ts';
import { sampleRun } from './testing.ts';

// Every write to a runner's runs announces the version it left (runs.changed), whichever route
// or event made it: the gateway drops its kept answers on it, so a write that forgot would
// leave a runner looking at an old list.
let sys: TestServices;
let token: string;
const heard: RunsChangedEvent[] = [];

before(async () => {
  sys = await startTestServices('data_announce', [tokendealer, data]);
  token = await sys.serviceToken();
  await sys.bus.listen([topics.runsChanged], (m) => heard.push(m.payload as RunsChangedEvent));
});
after(async () => {
  await sys.close();
});

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${sys.urls.data}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
  return res;
}

/** The runner's version as the tagged reads give it. */
async function versionOf(userId: string): Promise<number> {
  const res = await call('GET', `/users/${userId}/runs?limit=1`);
  return runsVersionOfTag(res.headers.get('etag') ?? '')!;
}

/** After a write: a new announcement for the runner, with the version the reads now give. */
async function announced(userId: string, before: number, what: string): Promise<void> {
  const latest = () => heard.filter((e) => e.user_id === userId).at(-1)?.version;
  // Read again each time: a write by event (the account's deletion) lands later.
  await waitFor(
    `runs.changed after ${what}`,
    async () => heard.length > before && latest() === (await versionOf(userId)),
    5000,
    10,
  );
}

const run = (userId: string, i: number) => sampleRun(userId, { source: 'manual', name: `Run ${i}` });

describe('runs.changed', () => {
  it('follows every write to a runner’s runs with the version it left', async () => {
    const userId = randomUUID();
    const steps: Array<[string, () => Promise<unknown>]> = [];
    let ids: string[] = [];
    const runs = [run(userId, 1), run(userId, 2), run(userId, 3), run(userId, 4)];
    let gearId = '';
    steps.push(
      [
        'runs added',
        async () => {
          const res = await call('POST', '/runs/batch', { runs });
          ids = ((await res.json()) as { runs: Array<{ id: string }> }).runs.map((r) => r.id);
        },
      ],
      ['a run edited', () => call('PATCH', `/runs/${ids[0]}`, { name: 'Tempo' })],
      ['samples stored', () => call('PUT', `/runs/${ids[0]}/streams`, { time: [0, 1, 2], distance: [0, 3, 6] })],
      ['details attached', () => call('PUT', `/runs/${ids[1]}/details`, { calories: 420 })],
      [
        'shoes worn, then removed',
        async () => {
          const res = await call('POST', `/users/${userId}/gear`, { name: 'Daily trainers' });
          gearId = ((await res.json()) as { id: string }).id;
          await call('PATCH', `/runs/${ids[1]}`, { gear_id: gearId });
          const before = heard.length;
          await announced(userId, before - 1, 'the shoes worn');
          await call('DELETE', `/users/${userId}/gear/${gearId}`);
        },
      ],
      ['a run deleted', () => call('DELETE', `/runs/${ids[2]}`)],
      [
        'a source detached',
        () => call('POST', '/runs/detach', { user_id: userId, source: 'manual', source_ids: [runs[3]!.source_id] }),
      ],
      ['the account deleted', () => sys.bus.publish(topics.accountDeleted, { user_id: userId })],
    );
    let last = -1;
    for (const [what, write] of steps) {
      const before = heard.length;
      await write();
      await announced(userId, before, what);
      const version = await versionOf(userId);
      assert.ok(version > last, `${what} moved the version on (${last} → ${version})`);
      last = version;
    }
  });
});
