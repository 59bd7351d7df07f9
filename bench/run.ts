// npm run bench: throughput of the foundation, with ratios against a node:http hello world
// measured in the same run on the same machine.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { Harness, formatHeader, markdownTable, startCeiling } from './harness.ts';
import type { BenchSection } from './performance-doc.ts';
import { homeRequests } from './runner.ts';
import { startFlask2017 } from './flask2017.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const secondsSince = (start: number) => `${((performance.now() - start) / 1000).toFixed(0)} s`;
const benchStarted = performance.now();
const ceiling = await startCeiling();
const child = spawn(process.execPath, ['--import', 'tsx', new URL('./servers.ts', import.meta.url).pathname], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
// The servers print one JSON line with what the scenarios need (log lines may come before it).
const line = await new Promise<string>((resolve, reject) => {
  createInterface({ input: child.stdout! }).on('line', (l) => l.startsWith('{"urls"') && resolve(l));
  child.once('exit', (code) => reject(new Error(`bench servers exited with ${code}`)));
});
const setup = JSON.parse(line) as {
  urls: Record<string, string>;
  token: string;
  userId: string;
  client: { clientId: string; clientSecret: string };
  sessionCookie: string;
  runId: string;
  raceId: string;
};

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
process.stdout.write(
  `Runnerly benchmarks on ${machine}\n${connections} connections; each scenario: 1 s warm-up, ${rounds} rounds of ${seconds} s alternating with the node:http ceiling (its own process), a 1 s probe of the ceiling before and after (measured again when it moved by more than 20%)\n\n${formatHeader()}\n`,
);
const harness = new Harness(ceiling.url, { seconds, connections, rounds });
await harness.scenario('node:http hello world (the ceiling itself)', { url: ceiling.url });
const lastRuns = `${setup.urls.data}/users/${setup.userId}/runs?limit=10`;
const bearer = { authorization: `Bearer ${setup.token}` };
const direct = await harness.scenario('data: last 10 runs, JWT verified (direct)', { url: lastRuns, headers: bearer });
const etag = (await fetch(lastRuns, { headers: bearer })).headers.get('etag');
if (etag)
  await harness.scenario('data: last 10 runs, 304 revalidation (direct)', {
    url: lastRuns,
    headers: { ...bearer, 'if-none-match': etag },
  });
const home = `${setup.urls.gateway}/api/me/runs?limit=10`;
const homeRead = await harness.scenario('gateway: last 10 runs, session cookie (answer kept by the gateway)', {
  url: home,
  headers: { cookie: setup.sessionCookie },
});
// Everything the dashboard asks for to draw Home, each connection making the calls in turn.
const homeLoad = homeRequests(setup.userId);
await harness.scenario(
  `gateway: a full Home load, its ${homeLoad.length} calls in turn (÷ ${homeLoad.length} = Homes/s)`,
  {
    url: setup.urls.gateway!,
    headers: { cookie: setup.sessionCookie },
    requests: homeLoad,
  },
);
await harness.scenario('gateway: Home with a plan (session → training)', {
  url: `${setup.urls.gateway}/api/training/users/${setup.userId}/plans/home`,
  headers: { cookie: setup.sessionCookie },
});
await harness.scenario('gateway: run detail (session, answer kept by the gateway)', {
  url: `${setup.urls.gateway}/api/data/runs/${setup.runId}`,
  headers: { cookie: setup.sessionCookie },
});
await harness.scenario("gateway: a run's streams, 1 h at 1 s (session, answer kept by the gateway)", {
  url: `${setup.urls.gateway}/api/data/runs/${setup.runId}/streams`,
  headers: { cookie: setup.sessionCookie, 'accept-encoding': 'gzip' },
});
await harness.scenario('gateway: a race page (session → races)', {
  url: `${setup.urls.gateway}/api/races/races/${setup.raceId}`,
  headers: { cookie: setup.sessionCookie },
});
await harness.scenario('tokendealer: client-credentials tokens issued', {
  url: `${setup.urls.tokendealer}/oauth/token`,
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: setup.client.clientId,
    client_secret: setup.client.clientSecret,
  }).toString(),
});
// The 2017 design's same read, side by side (bench/flask2017.ts).
const sideBySide: string[] = [];
const flask = await startFlask2017().catch((err: Error) => ({ missing: `the 2017 baseline failed: ${err.message}` }));
if ('missing' in flask) sideBySide.push(flask.missing);
else {
  try {
    const baseline = await harness.scenario('2017 design: Flask + gunicorn (2 workers), last 10 runs, RS512 JWT', {
      url: flask.url,
      headers: { authorization: `Bearer ${flask.token}` },
    });
    const times = (r: { rps: number }) => `${r.rps.toFixed(0)} req/s, ${(r.rps / baseline.rps).toFixed(1)}×`;
    sideBySide.push(
      `Flask + gunicorn (2 workers, RS512 JWT checked): ${baseline.rps.toFixed(0)} req/s`,
      `Runnerly's data service, the same read with a JWT: ${times(direct)} (target ≥ 10×)`,
      `Runnerly's gateway, Home's last 10 with a session: ${times(homeRead)}`,
    );
  } finally {
    flask.stop();
  }
}
ceiling.stop();

mkdirSync('artifacts', { recursive: true });
writeFileSync(
  'artifacts/bench.json',
  `${JSON.stringify({ machine, seconds, connections, rounds, results: harness.results }, null, 2)}\n`,
);
process.stdout.write(
  `\n(HTTP scenarios done at ${secondsSince(benchStarted)}; figures as JSON in artifacts/bench.json; BENCH_DOCS=1 writes them into docs/performance.md)\n`,
);

// Each later section prints its lines as they come and keeps them for the docs.
const sections: BenchSection[] = [];
async function section(title: string, run: () => Promise<string[]>): Promise<void> {
  process.stdout.write(`\n${title}\n`);
  const started = performance.now();
  const lines = await run();
  lines.push(`(this section: ${secondsSince(started)})`);
  for (const line of lines) process.stdout.write(`  ${line}\n`);
  sections.push({ title, lines });
}

await section('The 2017 design side by side (bench/flask2017, in the same run):', async () => sideBySide);

// BENCH_ONLY=waf,strava,… runs only the named sections after the HTTP scenarios.
const only = new Set(
  (process.env.BENCH_ONLY ?? 'startup,waf,strava,imports,plans,reports,growth,backlog').split(',').map((x) => x.trim()),
);
if (only.has('waf'))
  await section('WAF in front of the gateway (nginx + ModSecurity v3 + OWASP CRS, paranoia level 1):', async () => {
    const { wafBench } = await import('./waf.ts');
    return wafBench({ gateway: setup.urls.gateway!, cookie: setup.sessionCookie, seconds, connections });
  });
child.kill('SIGTERM');

if (only.has('startup'))
  await section('Cold start and idle memory:', async () => (await import('./startup.ts')).startupBench());

if (only.has('strava'))
  await section('Strava sync against the simulator (its clock, default rate limits):', async () =>
    (await import('./strava.ts')).stravaBench(),
  );
if (only.has('imports')) await section('File imports:', async () => (await import('./imports.ts')).importsBench());
if (only.has('plans')) await section('Training plans:', async () => (await import('./plans.ts')).plansBench());
if (only.has('reports'))
  await section('Monthly reports:', async () => [
    ...(await (await import('./reports.ts')).reportsBench()),
    ...(await (await import('./report-mails.ts')).reportMailsBench()),
  ]);
if (only.has('growth'))
  await section(
    'Data reads as the tables grow (500 runs per runner; BENCH_GROWTH_MAX=5000000 for the full run):',
    async () => (await import('./growth.ts')).growthBench(),
  );

if (only.has('backlog'))
  await section(
    "The system's own tables as they grow (the Strava scheduler's turn, the outbox relay's pass):",
    async () => (await import('./backlog.ts')).backlogBench(),
  );

const took = process.env.BENCH_ONLY
  ? `npm run bench with BENCH_ONLY=${process.env.BENCH_ONLY} took ${secondsSince(benchStarted)} (the whole run: target < 10 minutes)`
  : `npm run bench took ${secondsSince(benchStarted)} in all (target < 10 minutes)`;
process.stdout.write(`\n${took}\n`);
sections.push({ title: 'Duration:', lines: [took] });
if (process.env.BENCH_DOCS) {
  const { writePerformanceDoc } = await import('./performance-doc.ts');
  writePerformanceDoc(machine, markdownTable(harness.results), sections);
}
