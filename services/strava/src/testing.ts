// Test helpers: the token dealer and data on free ports with fresh stores, a
// simulator with a frozen clock, and strava service instances (in this process or as child
// processes) pointed at both.
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { accountScopes, scopes, stravaScopes } from '@runnerly/contracts';
import { freshStore, type TestStore } from '@runnerly/storage/testing';
import { openServiceDatabase, serviceLogger, type RunningService } from '@runnerly/service-kit';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from '@runnerly/data';
import { startTestSim, control, TEST_CLIENT } from '@runnerly/strava-sim/testing';
import { spawnService } from '@runnerly/testing';
import { childBusEnv } from '@runnerly/bus/testing';
import type { RunningStravaSim, StartOptions } from '@runnerly/strava-sim';
import { StravaClient, isRun } from '@runnerly/strava-client';
import { strava } from './service.ts';
import { migrations } from './migrations.ts';
import type { StravaTables } from './tables.ts';
import type { Database } from '@runnerly/storage';

export interface StravaTestSystem {
  system: TestServices;
  sim: RunningStravaSim;
  store: TestStore;
  /** The strava database (inspect links, cursors, the rate window). */
  db: Database<StravaTables>['db'];
  env: Record<string, string>;
  serviceToken(): Promise<string>;
  userToken(userId: string): Promise<string>;
  /** A strava service in this process. */
  startStrava(extra?: Record<string, string>): Promise<RunningService>;
  /** A strava service as a child process (`kill('SIGKILL')` it); resolves once it listens. */
  spawnStrava(extra?: Record<string, string>): Promise<{ child: ChildProcess; url: string }>;
  athletes(): Promise<number[]>;
  close(): Promise<void>;
}

const serverPath = resolve(import.meta.dirname, 'server.ts');

export async function startStravaTestSystem(label: string, simOptions: StartOptions = {}): Promise<StravaTestSystem> {
  const system = await startTestServices(`${label}`, [tokendealer, data], {
    scopes: [scopes.runsRead, scopes.runsWrite, stravaScopes.stravaRead, stravaScopes.stravaWrite],
    userScopes: [stravaScopes.stravaRead, stravaScopes.stravaWrite, scopes.runsRead],
  });
  const store = await freshStore(`${label}_strava`);
  const bus = system.bus;
  const sim = await startTestSim({ frozenClock: true, ...simOptions });
  const worker = await system.registerClient({
    clientId: `strava-test-${label}`,
    scopes: [scopes.runsWrite, scopes.runsRead, accountScopes.accountsRead],
  });
  const env: Record<string, string> = {
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATA_DIR: store.dataDir,
    TOKENDEALER_URL: system.urls.tokendealer!,
    DATA_URL: system.urls.data!,
    CLIENT_ID: worker.clientId,
    CLIENT_SECRET: worker.clientSecret,
    STRAVA_CLIENT_ID: TEST_CLIENT.clientId,
    STRAVA_CLIENT_SECRET: TEST_CLIENT.clientSecret,
    STRAVA_SIM_URL: sim.url,
    DASHBOARD_URL: 'http://dashboard.test',
    STRAVA_CALLBACK_URL: 'http://callback.test/api/strava/oauth/callback',
    STRAVA_SYNC_CLOCK: 'simulator',
    STRAVA_TOKEN_KEY: Buffer.alloc(32, 7).toString('base64'),
    ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : {}),
  };
  const database = await openServiceDatabase<StravaTables>(
    'strava',
    { databaseUrl: store.databaseUrl, dataDir: store.dataDir },
    migrations,
  );
  const running: RunningService[] = [];
  const children: ChildProcess[] = [];
  return {
    system,
    sim,
    store,
    env,
    db: database.db,
    serviceToken: () => system.serviceToken(),
    userToken: (userId) => system.userToken(userId),
    async startStrava(extra = {}) {
      const s = await strava.start({ env: { ...env, ...extra }, bus, logger: serviceLogger('strava-test', 'warn') });
      running.push(s);
      return s;
    },
    async spawnStrava(extra = {}) {
      const started = spawnService(serverPath, 'strava', {
        ...env,
        // The test's own namespace, and queues that go away after it.
        ...childBusEnv(bus),
        LOG_LEVEL: 'info',
        ...extra,
      });
      const { child, url } = await started;
      children.push(child);
      return { child, url };
    },
    async athletes() {
      return (await control<Array<{ id: number }>>(sim.url, 'GET', '/athletes')).map((a) => a.id);
    },
    async close() {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      for (const s of running.reverse()) await s.close().catch(() => {});
      await database.close();
      await sim.close();
      await system.close();
      await store.cleanup();
    },
  };
}

/** Links a user to a simulated athlete through the real routes: link → authorize (auto) → callback. Returns the dashboard redirect. */
export async function linkThroughBrowser(
  stravaUrl: string,
  userToken: string,
  userId: string,
  athleteId: number,
  opts: { scope?: string; deny?: boolean } = {},
): Promise<URL> {
  const res = await fetch(`${stravaUrl}/users/${userId}/link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${userToken}` },
  });
  if (res.status !== 200) throw new Error(`link answered ${res.status}: ${await res.text()}`);
  const { authorize_url } = (await res.json()) as { authorize_url: string };
  const auth = new URL(authorize_url);
  auth.searchParams.set('sim_auto', opts.deny ? 'deny' : 'approve');
  auth.searchParams.set('sim_athlete', String(athleteId));
  if (opts.scope) {
    // The simulator grants at most what was asked: ask for less, as a runner unticking boxes would grant.
    if (!opts.scope.split(',').every((x) => auth.searchParams.get('scope')!.split(',').includes(x)))
      auth.searchParams.set('scope', opts.scope);
    auth.searchParams.set('sim_scope', opts.scope);
  }
  const back = await fetch(auth, { redirect: 'manual' });
  if (back.status !== 302) throw new Error(`authorize answered ${back.status}: ${await back.text()}`);
  const cb = new URL(back.headers.get('location')!);
  const done = await fetch(`${stravaUrl}/oauth/callback${cb.search}`, { redirect: 'manual' });
  if (done.status !== 302) throw new Error(`callback answered ${done.status}: ${await done.text()}`);
  return new URL(done.headers.get('location')!);
}

/** Every Strava activity id the data service holds for a user (paging through the list). */
export async function importedIds(dataUrl: string, serviceToken: string, userId: string): Promise<string[]> {
  const ids: string[] = [];
  let before: string | null = null;
  for (;;) {
    const res = await fetch(
      `${dataUrl}/users/${userId}/runs?limit=100${before ? `&before=${encodeURIComponent(before)}` : ''}`,
      { headers: { authorization: `Bearer ${serviceToken}` } },
    );
    const body = (await res.json()) as {
      runs: Array<{ strava_activity_id: string | null }>;
      next_before: string | null;
    };
    ids.push(...body.runs.map((r) => r.strava_activity_id!).filter(Boolean));
    if (!body.next_before) return ids;
    before = body.next_before;
  }
}

/**
 * Expected run ids of an athlete, straight from the simulator's API with a grant of its own
 * (call it before linking: a new grant replaces it). The calls' usage is reset afterwards.
 */
export async function expectedRunIds(
  simUrl: string,
  athleteId: number,
  scope = 'read,activity:read_all',
): Promise<string[]> {
  const t = await control<{ access_token: string }>(simUrl, 'POST', '/tokens', { athlete_id: athleteId, scope });
  const client = new StravaClient({ ...TEST_CLIENT, oauthUrl: `${simUrl}/oauth`, apiUrl: `${simUrl}/api/v3` });
  const ids: string[] = [];
  for await (const page of client.allActivities(t.access_token))
    ids.push(...page.filter(isRun).map((a) => String(a.id)));
  await control(simUrl, 'PUT', '/rate-limits', { resetUsage: true });
  await control(simUrl, 'DELETE', '/calls');
  return ids;
}

/** One API call seen by a `recordingProxy`: the full query, the athlete and the read usage Strava reported. */
export interface ProxiedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  status: number;
  athleteId: number | null;
  /** X-ReadRateLimit-Usage's 15-minute part after this call. */
  usage15: number | null;
}

/**
 * A recording reverse proxy in front of the simulator's API (point STRAVA_API_URL at
 * `${url}/api/v3`): the simulator's call log keeps paths without their query, so page
 * cursors (`before`, `after`, `page`) are recorded here. List calls are attributed to their
 * athlete through the bearer token (learnt from the activities returned).
 */
export async function recordingProxy(
  simUrl: string,
): Promise<{ url: string; calls: ProxiedCall[]; close(): Promise<void> }> {
  const calls: ProxiedCall[] = [];
  const tokenAthlete = new Map<string, number>();
  const pending: Array<{ call: ProxiedCall; token: string }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const target = new URL(req.url ?? '/', simUrl);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string' && k !== 'host' && k !== 'connection' && k !== 'content-length') headers[k] = v;
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        let upstream: Response;
        try {
          upstream = await fetch(target, {
            method: req.method,
            headers,
            ...(body && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}),
            redirect: 'manual',
          });
        } catch {
          req.socket.destroy();
          return;
        }
        const text = await upstream.text().catch(() => null);
        if (text === null) {
          req.socket.destroy();
          return;
        }
        const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        let athleteId = tokenAthlete.get(token) ?? null;
        if (upstream.status === 200 && target.pathname.endsWith('/athlete/activities')) {
          try {
            const list = JSON.parse(text) as Array<{ athlete?: { id: number } }>;
            const id = list[0]?.athlete?.id;
            if (id !== undefined) {
              athleteId = id;
              tokenAthlete.set(token, id);
            }
          } catch {
            /* not JSON */
          }
        }
        const usage = upstream.headers.get('x-readratelimit-usage');
        const call: ProxiedCall = {
          method: req.method ?? 'GET',
          path: target.pathname,
          query: target.searchParams,
          status: upstream.status,
          athleteId,
          usage15: usage ? Number(usage.split(',')[0]) : null,
        };
        calls.push(call);
        if (athleteId === null) pending.push({ call, token });
        const out: Record<string, string> = {};
        upstream.headers.forEach((v, k) => {
          if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding' && k !== 'connection')
            out[k] = v;
        });
        res.writeHead(upstream.status, out);
        res.end(text);
      })();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get calls() {
      for (const p of pending.splice(0)) {
        const id = tokenAthlete.get(p.token);
        if (id === undefined) pending.push(p);
        else p.call.athleteId = id;
      }
      return calls;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
