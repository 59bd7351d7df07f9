// Runs the all-in-one system in its own process, so the load generator does not share its
// event loop (the ceiling runs in a third process: bench/hello.mjs).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scopes } from '@runnerly/contracts';
import { openServiceDatabase } from '@runnerly/service-kit';
import { tokendealerMigrations, upsertClient, type TokendealerTables } from '@runnerly/tokendealer';
import { startEmbedded } from '../apps/runnerly/src/embedded.ts';
import { signUpRunner } from './runner.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'runnerly-bench-'));
// The gateway's per-IP limits protect real deployments; the load here comes from one address.
const system = await startEmbedded({
  basePort: 0,
  dataDir,
  quiet: true,
  env: { LOG_LEVEL: 'silent', GATEWAY_RATE_LIMIT_API: '100000000' },
});
const database = await openServiceDatabase<TokendealerTables>('tokendealer', { dataDir }, tokendealerMigrations);
const client = await upsertClient(database.db, { clientId: 'bench', scopes: [scopes.runsRead, scopes.runsWrite] });
await database.close();
const tokenRes = await fetch(`${system.urls.tokendealer}/oauth/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_secret: client.clientSecret,
  }),
});
const token = ((await tokenRes.json()) as { access_token: string }).access_token;
// A runner signs up, activates and logs in through the gateway, as the dashboard does.
const gw = system.urls.gateway!;
const { userId, browse, cookie } = await signUpRunner(gw, dataDir);
const runs = Array.from({ length: 200 }, (_, i) => ({
  user_id: userId,
  source: 'file',
  source_id: `bench${i}`,
  name: `Run ${i}`,
  sport_type: 'Run',
  start_time: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString(),
  timezone: 'Europe/Paris',
  distance_m: 8000 + i,
  moving_time_s: 2400,
  elapsed_time_s: 2500,
  elevation_gain_m: 40,
  average_heartrate: 148,
  max_heartrate: 170,
  average_cadence: 172,
  summary_polyline: 'u{~vFvyys@fS]',
}));
const stored = (await (
  await fetch(`${system.urls.data}/runs/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ runs }),
  })
).json()) as { runs: Array<{ id: string }> };
// The newest run has its streams, as a watch records them: an hour at one point a second.
const runId = stored.runs[stored.runs.length - 1]!.id;
const seconds = Array.from({ length: 3600 }, (_, i) => i);
const streams = await fetch(`${system.urls.data}/runs/${runId}/streams`, {
  method: 'PUT',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    time: seconds,
    distance: seconds.map((t) => Math.round(t * 3.2 * 10) / 10),
    latlng: seconds.map((t) => [45.75 + t * 1e-5, 4.85 + Math.sin(t / 300) * 1e-3]),
    altitude: seconds.map((t) => 170 + Math.round(Math.sin(t / 600) * 150) / 10),
    heartrate: seconds.map((t) => 140 + (t % 60 === 0 ? 5 : 0)),
    cadence: seconds.map(() => 172),
  }),
});
if (!streams.ok) throw new Error(`bench streams: ${streams.status} ${await streams.text()}`);
// The runner marks a race twelve weeks from now and gets a plan toward it: Home then shows it.
const raceDay = new Date(Date.now() + 84 * 86_400_000).toISOString().slice(0, 10);
const race = (await (
  await browse('POST', '/api/races/races', {
    name: `Bench Half ${Date.now()}`,
    start_local: `${raceDay}T09:00`,
    timezone: 'Europe/Paris',
    distance: 'half',
    place: 'Lyon',
  })
).json()) as { id: string };
await browse('PUT', `/api/races/races/${race.id}/participants/${userId}`, { goal: { kind: 'time', target_s: 6900 } });
const planRes = await browse('POST', `/api/training/users/${userId}/plans`, {
  race_id: race.id,
  days_per_week: 4,
  long_run_day: 7,
  time_zone: 'Europe/Paris',
});
if (planRes.status !== 201) throw new Error(`bench plan: ${planRes.status} ${await planRes.text()}`);
const sessionCookie = cookie();
process.stdout.write(
  `${JSON.stringify({ urls: system.urls, token, userId, client, sessionCookie, runId, raceId: race.id })}\n`,
);
process.on('SIGTERM', async () => {
  await system.close();
  process.exit(0);
});
