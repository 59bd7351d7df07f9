// The running system the fuzz test aims at: every service of the registry (fresh stores, real
// token dealer), their OpenAPI documents as they serve them, a signed-in runner at the gateway
// with a few runs, a race and a plan, and a snapshot of that runner's data per service.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountScopes, importScopes, reportScopes, scopes, stravaScopes } from '@runnerly/contracts';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { httpBrowser, runnerSignUps } from '@runnerly/gateway/testing';
import { loadServices, services } from '../../registry.ts';
import type { Schema } from './generate.ts';
import type { Known } from './requests.ts';

const allScopes = [
  ...Object.values(scopes),
  ...Object.values(accountScopes),
  ...Object.values(stravaScopes),
  ...Object.values(importScopes),
  ...Object.values(reportScopes),
];
const userScopes = allScopes.filter((s) => /^(runs|accounts|strava|imports|plans|races|reports):(read|write)$/.test(s));

export interface FuzzSystem {
  sys: TestServices;
  docs: Record<string, Schema>;
  known: Known;
  userId: string;
  tokens: { service: string; user: string };
  /** The gateway session's cookies and its CSRF token. */
  session: { cookie: string; csrf: string };
  /** A hash of what the runner has at this service, read through its API. */
  snapshot(service: string): Promise<string>;
  close(): Promise<void>;
}

async function json(url: string, token: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** What each service holds of the runner, read with a service token. */
function snapshotPaths(userId: string): Record<string, string[]> {
  const u = `/users/${userId}`;
  return {
    data: [`${u}/runs?limit=100`, `${u}/totals?tz=UTC`],
    accounts: [`${u}/profile`],
    races: ['/races?limit=100&include_past=true', `${u}/races`],
    training: [`${u}/plans`],
    imports: [`${u}/imports`],
    reports: [`${u}/reports`],
    strava: [`${u}/status`],
    tokendealer: ['/.well-known/jwks.json'],
  };
}

export async function startFuzzSystem(): Promise<FuzzSystem> {
  const modules = (await loadServices(services)).map((s) => s.module);
  // A dashboard of one page: the gateway serves it for every other path (the build is not needed here).
  const dashboardDir = mkdtempSync(join(tmpdir(), 'runnerly-fuzz-dashboard-'));
  writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>Runnerly</title>');
  const sys = await startTestServices('fuzz', modules, {
    env: {
      GATEWAY_RATE_LIMIT_AUTH: '1000000',
      GATEWAY_RATE_LIMIT_API: '1000000',
      GATEWAY_DASHBOARD_DIR: dashboardDir,
      STRAVA_SIM_ACTIVITIES: '2',
    },
    scopes: allScopes,
    userScopes,
    logLevel: 'fatal',
  });
  try {
    const docs: Record<string, Schema> = {};
    for (const s of sys.services)
      if (s.name !== 'strava-sim') docs[s.name] = (await (await fetch(`${s.url}/docs/json`)).json()) as Schema;
    const runner = httpBrowser(sys.urls.gateway!, runnerSignUps(sys));
    const userId = await runner.login('fuzz-runner@example.com');
    const other = httpBrowser(sys.urls.gateway!, runnerSignUps(sys));
    const otherId = await other.login('fuzz-other@example.com');
    const tokens = { service: await sys.serviceToken(), user: await sys.userToken(userId, userScopes) };
    const known = await seed(sys, userId, tokens.user);
    known.userId = [userId, otherId];
    const session = {
      cookie: [...runner.jar].map(([k, v]) => `${k}=${v}`).join('; '),
      csrf: runner.jar.get('runnerly_csrf') ?? '',
    };
    const paths = snapshotPaths(userId);
    return {
      sys,
      docs,
      known,
      userId,
      tokens,
      session,
      async snapshot(service) {
        const hash = createHash('sha256');
        for (const path of paths[service] ?? []) {
          const res = await json(`${sys.urls[service]}${path}`, tokens.service);
          hash.update(`${path} ${res.status} ${JSON.stringify(res.body)}\n`);
        }
        return hash.digest('hex');
      },
      async close() {
        await sys.close();
        rmSync(dashboardDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await sys.close();
    rmSync(dashboardDir, { recursive: true, force: true });
    throw err;
  }
}

/** A few runs, a race the runner runs, a plan toward it: ids for the path parameters. */
async function seed(sys: TestServices, userId: string, token: string): Promise<Known> {
  const day = 86_400_000;
  const runs = [1, 2, 3].map((n) => ({
    user_id: userId,
    source: 'manual',
    source_id: `fuzz-${n}`,
    name: `Run ${n}`,
    sport_type: 'Run',
    start_time: new Date(Date.UTC(2026, 0, n * 3, 7)).toISOString(),
    timezone: 'Europe/Paris',
    distance_m: 5000 + n * 1000,
    moving_time_s: 1500 + n * 300,
    elapsed_time_s: 1600 + n * 300,
  }));
  const batch = await json(`${sys.urls.data}/runs/batch`, token, { method: 'POST', body: JSON.stringify({ runs }) });
  if (batch.status !== 200) throw new Error(`seed runs: ${batch.status} ${JSON.stringify(batch.body)}`);
  const list = await json(`${sys.urls.data}/users/${userId}/runs?limit=10`, token);
  const start = new Date(Math.floor(Date.now() / day) * day + 120 * day).toISOString().slice(0, 16);
  const race = await json(`${sys.urls.races}/races`, token, {
    method: 'POST',
    body: JSON.stringify({
      name: 'Fuzz Half',
      start_local: start,
      timezone: 'Europe/Paris',
      distance: 'half',
      place: 'Fuzzton',
    }),
  });
  if (race.status !== 201) throw new Error(`seed race: ${race.status} ${JSON.stringify(race.body)}`);
  const raceId = race.body.id as string;
  const entry = await json(`${sys.urls.races}/races/${raceId}/participants/${userId}`, token, {
    method: 'PUT',
    body: JSON.stringify({ goal: { kind: 'finish' } }),
  });
  if (entry.status !== 200) throw new Error(`seed entry: ${entry.status} ${JSON.stringify(entry.body)}`);
  const plan = await json(`${sys.urls.training}/users/${userId}/plans`, token, {
    method: 'POST',
    body: JSON.stringify({ race_id: raceId, days_per_week: 4, long_run_day: 7, time_zone: 'Europe/Paris' }),
  });
  if (plan.status !== 201) throw new Error(`seed plan: ${plan.status} ${JSON.stringify(plan.body)}`);
  const runIds = (list.body.runs as Array<{ id: string }>).map((r) => r.id);
  return {
    runId: runIds,
    raceId: [raceId],
    planId: [plan.body.id as string],
    month: ['2026-01'],
    id: [...runIds, raceId],
  };
}
