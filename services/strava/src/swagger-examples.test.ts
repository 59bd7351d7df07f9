// Strava's own example payloads (../shared/strava/swagger.json), served over HTTP as Strava would
// send them, read by the client and mapped by this service: every running one becomes a run the
// data service's contract accepts, the others are left out, none throws.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServer, type Server } from 'node:http';
import { scopes, type RunInput } from '@runnerly/contracts';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from '@runnerly/data';
import { StravaClient, type SummaryActivity } from '@runnerly/strava-client';
import { mapActivity } from './domain/map-activity.ts';

// ../shared beside the repository (or beside the folder of its worktrees); RUNNERLY_STRAVA_SWAGGER elsewhere.
const repo = resolve(import.meta.dirname, '..', '..', '..');
const swaggerPath =
  process.env.RUNNERLY_STRAVA_SWAGGER ??
  [resolve(repo, '..', 'shared'), resolve(repo, '..', '..', 'shared')]
    .map((d) => resolve(d, 'strava', 'swagger.json'))
    .find((f) => existsSync(f)) ??
  resolve(repo, '..', 'shared', 'strava', 'swagger.json');
interface Swagger {
  paths: Record<string, Record<string, { responses: Record<string, { examples?: Record<string, unknown> }> }>>;
}
const swagger = JSON.parse(readFileSync(swaggerPath, 'utf8')) as Swagger;
const example = (path: string) => swagger.paths[path]!.get!.responses['200']!.examples!['application/json'];

const USER = '8b1f1c4e-2f3a-4c5d-9e6f-7a8b9c0d1e2f';

describe("Strava's own example payloads", () => {
  let server: Server;
  let client: StravaClient;
  let system: TestServices;
  before(async () => {
    system = await startTestServices('strava_swagger', [tokendealer, data], { scopes: [scopes.runsWrite] });
    const routes: Array<[RegExp, unknown]> = [
      [/^\/api\/v3\/athlete\/activities/, example('/athlete/activities')],
      [/^\/api\/v3\/activities\/\d+\/laps/, example('/activities/{id}/laps')],
      [/^\/api\/v3\/activities\/\d+\/streams/, example('/activities/{id}/streams')],
      [/^\/api\/v3\/activities\/\d+/, example('/activities/{id}')],
      [/^\/api\/v3\/athlete$/, example('/athlete')],
    ];
    server = createServer((req, res) => {
      const hit = routes.find(([re]) => re.test(req.url ?? ''));
      res.writeHead(hit ? 200 : 404, {
        'content-type': 'application/json',
        'x-ratelimit-limit': '200,2000',
        'x-ratelimit-usage': '1,1',
        'x-readratelimit-limit': '100,1000',
        'x-readratelimit-usage': '1,1',
      });
      res.end(JSON.stringify(hit ? hit[1] : { message: 'Record Not Found', errors: [] }));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as { port: number };
    client = new StravaClient({
      clientId: '1',
      clientSecret: 's',
      apiUrl: `http://127.0.0.1:${port}/api/v3`,
      oauthUrl: `http://127.0.0.1:${port}/oauth`,
    });
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    await system.close();
  });

  /** Each summary as Strava sends it, then as the runs Strava sends the same way. */
  const variants = (a: SummaryActivity): SummaryActivity[] => [
    a,
    { ...a, sport_type: 'Run', type: 'Run' },
    { ...a, sport_type: 'TrailRun' },
    { ...(({ sport_type: _s, ...rest }) => rest)(a), type: 'Run' } as SummaryActivity,
    { ...a, sport_type: 'Run', moving_time: (a.elapsed_time ?? 0) + 300 },
  ];

  it('lists, reads and maps them: rides left out, runs the data service stores', async () => {
    const runs: RunInput[] = [];
    const { data: list, budget } = await client.listActivities('token');
    assert.ok(list.length >= 2);
    assert.equal(budget?.read?.limit15, 100);
    const { data: detail } = await client.activity('token', list[0]!.id);
    const { data: laps } = await client.laps('token', list[0]!.id);
    assert.ok(Array.isArray(laps) && laps.length > 0);
    for (const a of [...list, detail]) {
      const [asSent, ...asRuns] = variants(a);
      assert.deepEqual(mapActivity(USER, asSent!), { skip: true }, `${a.name}: a ${a.sport_type} is not a run`);
      for (const v of asRuns) {
        const m = mapActivity(USER, v);
        assert.ok('run' in m, `${a.name}: ${JSON.stringify(m)}`);
        runs.push(m.run);
        assert.equal(m.run.source_id, String(a.id));
        assert.equal(m.run.timezone, 'America/Los_Angeles');
        assert.ok(m.run.moving_time_s <= m.run.elapsed_time_s);
        assert.equal(m.run.start_time, new Date(a.start_date).toISOString());
      }
    }
    // One batch per variant (the same activity id would be one run): every one is stored.
    for (let i = 0; i < 4; i++) {
      const batch = runs.filter((_, j) => j % 4 === i).map((r) => ({ ...r, user_id: USER }));
      const res = await fetch(`${system.urls.data}/runs/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await system.serviceToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ runs: batch }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(((await res.json()) as { received: number }).received, batch.length);
    }
    const run = mapActivity(USER, { ...detail, sport_type: 'Run' });
    assert.ok('run' in run && run.run.device === 'Garmin Edge 1030' && run.run.trainer === undefined);
  });
});
