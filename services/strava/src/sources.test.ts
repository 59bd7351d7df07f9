// Strava as it really behaves, end to end over HTTP: the webhook subscription made once the
// "gateway" answers (replacing one with another callback URL), poisoned activities that never
// block a runner, late uploads and edits found by the sweep, deletes that keep a run a file also
// backs, and an unlink that revokes with an expired token and deletes runs in one bulk call.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { StravaStatus } from '@runnerly/contracts';
import { control } from '@runnerly/strava-sim/testing';
import type { RunningService } from '@runnerly/service-kit';
import { waitFor } from '@runnerly/testing';
import { importedIds, linkThroughBrowser, startStravaTestSystem, type StravaTestSystem } from './testing.ts';

const SECRET = 'sources-test-hook-secret-42';

/** A stand-in for the gateway: answers an old subscription, then is down, then forwards to the service. */
async function gate() {
  const state = { mode: 'old' as 'old' | 'down' | 'forward', target: '', downHits: 0, dropEvents: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://gate');
        if (state.mode === 'old') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ 'hub.challenge': url.searchParams.get('hub.challenge') }));
          return;
        }
        if (state.mode === 'down' || (state.dropEvents && req.method === 'POST')) {
          if (state.mode === 'down') state.downHits++;
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end('{"code":"bad_gateway","message":"down"}');
          return;
        }
        const upstream = await fetch(`${state.target}${url.pathname.replace(/^\/api\/strava/, '')}${url.search}`, {
          method: req.method,
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
          ...(req.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
        });
        res.writeHead(upstream.status, { 'content-type': 'application/json' });
        res.end(await upstream.text());
      })();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

interface DataRun {
  id: string;
  name: string;
  sport_type: string;
  source: string;
  strava_activity_id: string | null;
  moving_time_s: number;
  elapsed_time_s: number;
  start_time: string;
  distance_m: number;
  has_gps: boolean | null;
  trainer: boolean;
  sources?: Array<{ source: string; source_id: string }>;
}

describe('Strava as it really behaves', () => {
  let t: StravaTestSystem;
  let svc: RunningService;
  let g: Awaited<ReturnType<typeof gate>>;
  let athlete: number;
  const user = randomUUID();
  const poisoned: Record<string, string> = {};
  const special: Record<string, string> = {};

  const status = async (): Promise<StravaStatus> =>
    (await (
      await fetch(`${svc.url}/users/${user}/status`, {
        headers: { authorization: `Bearer ${await t.userToken(user)}` },
      })
    ).json()) as StravaStatus;
  const runOf = async (activityId: string): Promise<DataRun | undefined> => {
    const row = await t.db
      .selectFrom('strava_imports')
      .select('run_id')
      .where('activity_id', '=', activityId)
      .executeTakeFirst();
    if (!row) return undefined;
    const res = await fetch(`${t.system.urls.data}/runs/${row.run_id}`, {
      headers: { authorization: `Bearer ${await t.serviceToken()}` },
    });
    return res.status === 200 ? ((await res.json()) as DataRun) : undefined;
  };
  const runById = async (runId: string): Promise<DataRun | null> => {
    const res = await fetch(`${t.system.urls.data}/runs/${runId}`, {
      headers: { authorization: `Bearer ${await t.serviceToken()}` },
    });
    return res.status === 200 ? ((await res.json()) as DataRun) : null;
  };
  const idle = () =>
    waitFor('idle', async () => {
      const l = await t.db.selectFrom('strava_links').selectAll().where('user_id', '=', user).executeTakeFirst();
      const pending = await t.db
        .selectFrom('strava_events')
        .select('id')
        .where('athlete_id', '=', String(athlete))
        .where('processed_at', 'is', null)
        .executeTakeFirst();
      return l?.state === 'idle' && !pending && l.lease_until === null;
    });
  /** The same run recorded by a watch and uploaded as a file: merged into the Strava run. */
  const backWithFile = async (run: DataRun) => {
    const res = await fetch(`${t.system.urls.data}/runs/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.serviceToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        runs: [
          {
            user_id: user,
            source: 'file',
            source_id: `file-${run.id.slice(0, 8)}`,
            name: 'From the watch',
            sport_type: 'Run',
            start_time: new Date(Date.parse(run.start_time) + 20_000).toISOString(),
            timezone: 'UTC',
            distance_m: run.distance_m * 1.01,
            moving_time_s: run.moving_time_s,
            elapsed_time_s: run.elapsed_time_s,
          },
        ],
      }),
    });
    const body = (await res.json()) as { runs: Array<{ id: string; merged: boolean }> };
    assert.equal(body.runs[0]!.id, run.id, 'merged into the Strava run');
  };

  before(async () => {
    t = await startStravaTestSystem('strava_sources', { athletes: 1, activitiesPerAthlete: 60 });
    athlete = (await t.athletes())[0]!;
    for (const poison of ['moving_over_elapsed', 'no_sport_type', 'bad_start_date'] as const) {
      const made = await control<{ activity: { id: number } }>(t.sim.url, 'POST', `/athletes/${athlete}/activities`, {
        sport_type: 'Run',
        name: `Poisoned: ${poison}`,
        poison: [poison],
      });
      poisoned[poison] = String(made.activity.id);
      await control(t.sim.url, 'POST', '/clock/advance', { hours: 3 });
    }
    for (const kind of ['manual', 'trainer'] as const) {
      const made = await control<{ activity: { id: number } }>(t.sim.url, 'POST', `/athletes/${athlete}/activities`, {
        sport_type: 'Run',
        name: `A ${kind} run`,
        distance: 5000,
        [kind]: true,
      });
      special[kind] = String(made.activity.id);
      await control(t.sim.url, 'POST', '/clock/advance', { hours: 3 });
    }
    g = await gate();
    // An old subscription of this application, with another callback URL.
    const old = await fetch(`${t.sim.url}/api/v3/push_subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: t.env.STRAVA_CLIENT_ID!,
        client_secret: t.env.STRAVA_CLIENT_SECRET!,
        callback_url: `${g.url}/old-callback`,
        verify_token: 'old-token-123',
      }),
    });
    assert.equal(old.status, 201);
    g.state.mode = 'down';
    svc = await t.startStrava({
      STRAVA_WEBHOOK_CALLBACK_URL: `${g.url}/api/strava/webhook`,
      STRAVA_WEBHOOK_VERIFY_TOKEN: 'verify-sources-1',
      STRAVA_WEBHOOK_PATH_SECRET: SECRET,
      STRAVA_POLL_MINUTES: '1',
      STRAVA_SWEEP_HOURS: '24',
    });
    g.state.target = svc.url;
  });
  after(async () => {
    await t.close();
    await g.close();
  });

  it('subscribes once the gateway answers, replacing a subscription with another callback URL', async () => {
    await waitFor('a failed attempt while the gateway is down', async () => g.state.downHits > 0);
    g.state.mode = 'forward';
    await waitFor(
      'subscribed',
      async () =>
        (await control<{ subscription: { callbackUrl: string } | null }>(t.sim.url, 'GET', '/webhooks')).subscription
          ?.callbackUrl === `${g.url}/api/strava/webhook/${SECRET}`,
      20_000,
    );
  });

  it('imports around poisoned activities and shows the one it cannot store, with its reason', async () => {
    assert.equal(
      (await linkThroughBrowser(svc.url, await t.userToken(user), user, athlete)).searchParams.get('strava'),
      'linked',
    );
    await idle();
    const s = await status();
    assert.equal(s.backfill_done, true);
    assert.equal(s.rejected_count, 1);
    assert.equal(s.rejected[0]!.activity_id, poisoned.bad_start_date);
    assert.match(s.rejected[0]!.reason, /start time/);
    const over = await runOf(poisoned.moving_over_elapsed!);
    assert.ok(over, 'moving time above elapsed: stored');
    assert.ok(over.moving_time_s <= over.elapsed_time_s);
    const noSport = await runOf(poisoned.no_sport_type!);
    assert.equal(noSport?.sport_type, 'Run', 'only the deprecated type: stored as a run');
    assert.equal(await runOf(poisoned.bad_start_date!), undefined);
    // Entered by hand: no GPS; on a treadmill: indoors.
    assert.equal((await runOf(special.manual!))?.has_gps, false);
    assert.equal((await runOf(special.trainer!))?.trainer, true);
  });

  it('with a live subscription, polls only as a rare sweep', async () => {
    const l = await t.db.selectFrom('strava_links').selectAll().where('user_id', '=', user).executeTakeFirstOrThrow();
    const now = (await control<{ epoch: number }>(t.sim.url, 'GET', '/clock')).epoch * 1000;
    assert.ok(l.next_poll_at! - now >= 23 * 3_600_000, `next poll in ${(l.next_poll_at! - now) / 60_000} min`);
  });

  it('the sweep finds a late upload and applies title and sport changes whose webhooks were lost', async () => {
    g.state.dropEvents = true;
    const nowMs = (await control<{ epoch: number }>(t.sim.url, 'GET', '/clock')).epoch * 1000;
    const late = await control<{ activity: { id: number } }>(t.sim.url, 'POST', `/athletes/${athlete}/activities`, {
      sport_type: 'Run',
      name: 'Synced late',
      start_date: new Date(nowMs - 4 * 86_400_000).toISOString(),
    });
    const recent = (await importedIds(t.system.urls.data!, await t.serviceToken(), user)).find(
      (id) => !Object.values(poisoned).includes(id) && !Object.values(special).includes(id),
    )!;
    assert.ok(await runOf(recent));
    await control(t.sim.url, 'PUT', `/activities/${recent}`, { name: 'Hill reps', sport_type: 'TrailRun' });
    await control(t.sim.url, 'POST', '/webhooks/idle');
    await control(t.sim.url, 'POST', '/clock/advance', { hours: 25 });
    await waitFor('late upload imported', async () => !!(await runOf(String(late.activity.id))), 60_000);
    await waitFor('edits applied', async () => {
      const r = await runOf(recent);
      return r?.name === 'Hill reps' && r.sport_type === 'TrailRun';
    });
    g.state.dropEvents = false;
  });

  it('a delete on Strava removes only the Strava source of a run a file also backs', async () => {
    await idle();
    const ids = await importedIds(t.system.urls.data!, await t.serviceToken(), user);
    const [both, only] = ids.filter(
      (id) => !Object.values(poisoned).includes(id) && !Object.values(special).includes(id),
    );
    const withFile = (await runOf(both!))!;
    await backWithFile(withFile);
    const stravaOnly = (await runOf(only!))!;
    await control(t.sim.url, 'DELETE', `/activities/${both}`);
    await control(t.sim.url, 'DELETE', `/activities/${only}`);
    await control(t.sim.url, 'POST', '/webhooks/idle');
    await waitFor('deleted at Strava', async () => (await runById(stravaOnly.id)) === null);
    await waitFor('detached', async () => (await runById(withFile.id))?.strava_activity_id === null);
    const kept = (await runById(withFile.id))!;
    assert.deepEqual(
      kept.sources?.map((s) => s.source),
      ['file'],
    );
    assert.equal(kept.source, 'file');
  });

  it('unlink with an expired token revokes the grant; deleting runs keeps those a file backs, in one call', async () => {
    await idle();
    const ids = await importedIds(t.system.urls.data!, await t.serviceToken(), user);
    const backed = (await runOf(ids[0]!))!;
    await backWithFile(backed);
    await control(t.sim.url, 'POST', `/athletes/${athlete}/expire-token`);
    await control(t.sim.url, 'DELETE', '/calls');
    const res = await fetch(`${svc.url}/users/${user}/link?delete_runs=true`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await t.userToken(user)}` },
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { revoked: boolean; deleted_runs: number; kept_runs: number };
    assert.equal(body.revoked, true);
    assert.equal(body.kept_runs, 1);
    assert.equal(body.deleted_runs, ids.length - 1);
    const athletes = await control<Array<{ id: number; authorized: boolean }>>(t.sim.url, 'GET', '/athletes');
    assert.equal(athletes.find((a) => a.id === athlete)!.authorized, false);
    const left = await runById(backed.id);
    assert.equal(left?.source, 'file');
    assert.deepEqual(await importedIds(t.system.urls.data!, await t.serviceToken(), user), []);
  });
});
