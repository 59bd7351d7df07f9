// Runs the servers under test in their own process, so the load generator does not share
// their event loop: a node:http hello world (the ceiling) and the all-in-one system.
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { scopes } from '@runnerly/contracts';
import { openServiceDatabase } from '@runnerly/service-kit';
import { tokendealerMigrations, upsertClient, type TokendealerTables } from '@runnerly/tokendealer';
import { startEmbedded } from '../packages/cli/src/embedded.ts';

const hello = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }).end('hello world'); });
await new Promise<void>((r) => hello.listen(0, '127.0.0.1', r));
const dataDir = mkdtempSync(join(tmpdir(), 'runnerly-bench-'));
const system = await startEmbedded({ basePort: 0, dataDir, quiet: true, env: { LOG_LEVEL: 'silent' } });
const database = await openServiceDatabase<TokendealerTables>('tokendealer', { dataDir }, tokendealerMigrations);
const client = await upsertClient(database.db, { clientId: 'bench', scopes: [scopes.runsRead, scopes.runsWrite] });
await database.close();
const tokenRes = await fetch(`${system.urls.tokendealer}/oauth/token`, {
  method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }),
});
const token = ((await tokenRes.json()) as { access_token: string }).access_token;
const userId = randomUUID();
const runs = Array.from({ length: 200 }, (_, i) => ({
  user_id: userId, source: 'file', source_id: `bench${i}`, name: `Run ${i}`, sport_type: 'Run',
  start_time: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString(), timezone: 'Europe/Paris',
  distance_m: 8000 + i, moving_time_s: 2400, elapsed_time_s: 2500, elevation_gain_m: 40, average_heartrate: 148, max_heartrate: 170, average_cadence: 172,
  summary_polyline: 'u{~vFvyys@fS]',
}));
await fetch(`${system.urls.data}/runs/batch`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ runs }) });
const address = hello.address() as { port: number };
process.stdout.write(`${JSON.stringify({ hello: `http://127.0.0.1:${address.port}`, urls: system.urls, token, userId, client })}\n`);
process.on('SIGTERM', async () => { await system.close(); hello.close(); process.exit(0); });
