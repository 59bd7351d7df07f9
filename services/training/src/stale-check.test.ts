// A check of a plan started from a row read before another check stored its result: the
// run.imported handler reads the runner's plans, then copies the runs (a call to the data
// service), then checks each plan; a page read may have checked it meanwhile. The late check
// must start from the plan as stored, not re-balance the weeks again from the old one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Plan } from '@runnerly/contracts';
import { addDays } from '@runnerly/fitness';
import type { OutboxRelay } from '@runnerly/bus';
import { openServiceDatabase, serviceLogger } from '@runnerly/service-kit';
import { migrations } from './migrations.ts';
import { checkPlan } from './planning.ts';
import { findPlan } from './store.ts';
import type { TrainingDeps } from './deps.ts';
import type { TrainingTables } from './tables.ts';
import { planRequest, runningHistory, startTraining, type TrainingSystem } from './testing.ts';

describe('a check from a row read before another check', () => {
  let sys: TrainingSystem;
  let database: Awaited<ReturnType<typeof openServiceDatabase<TrainingTables>>>;
  const runner = randomUUID();
  const tokens: Record<string, string> = {};
  before(async () => {
    sys = await startTraining('training_stale_check');
    tokens.runner = await sys.userToken(runner);
    tokens.service = await sys.serviceToken();
    database = await openServiceDatabase<TrainingTables>(
      'training',
      { databaseUrl: sys.databaseUrls.training, dataDir: sys.dataDir },
      migrations,
    );
  });
  after(async () => {
    await database?.close();
    await sys?.close();
  });

  async function call(who: string, method: string, url: string, body?: unknown) {
    const res = await fetch(url.startsWith('http') ? url : `${sys.urls.training}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  it('adds no change twice: the second check starts from the stored plan', async () => {
    assert.equal(
      (await call('service', 'POST', `${sys.urls.data}/runs/batch`, { runs: runningHistory(runner) })).status,
      200,
    );
    const race = await call('runner', 'POST', `${sys.urls.races}/races`, {
      name: 'Annecy Half',
      start_local: '2026-05-17T09:00',
      timezone: 'Europe/Paris',
      distance: 'half',
      place: 'Annecy',
    });
    assert.equal(race.status, 201, JSON.stringify(race.body));
    const entry = await call('runner', 'PUT', `${sys.urls.races}/races/${race.body.id}/participants/${runner}`, {
      goal: { kind: 'time', target_s: 6900 },
    });
    assert.equal(entry.status, 200, JSON.stringify(entry.body));
    const created = await call('runner', 'POST', `/users/${runner}/plans`, planRequest(race.body.id));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const plan = created.body as Plan;

    // The handler's read, before the runner's days move on and a page read checks the plan.
    const stale = (await findPlan(database.db, plan.id))!;
    const later = `${addDays(plan.weeks[1]!.end_date, 2)}T12:00:00Z`;
    sys.setNow(later);
    const read = (await call('runner', 'GET', `/plans/${plan.id}`)).body as Plan;
    assert.ok(read.changes.length > 0, 'the missed week re-balanced the plan');

    const deps = {
      db: database.db,
      // The service's own relay sends what this check writes to the outbox; nothing to wake here.
      relay: { nudge() {} } as unknown as OutboxRelay,
      logger: serviceLogger('training-test', 'warn'),
      now: () => new Date(later),
    } as TrainingDeps;
    await checkPlan(deps, stale);

    const again = (await call('runner', 'GET', `/plans/${plan.id}`)).body as Plan;
    assert.deepEqual(
      again.changes.map((c) => c.message),
      read.changes.map((c) => c.message),
      'the late check added nothing',
    );
    assert.deepEqual(
      again.weeks.map((w) => w.target_km),
      read.weeks.map((w) => w.target_km),
      'nor lowered the weeks again',
    );
  });
});
