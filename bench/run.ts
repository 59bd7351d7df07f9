// npm run bench: throughput of the foundation, with ratios against a node:http hello world
// measured in the same run on the same machine.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

const child = spawn(process.execPath, ['--import', 'tsx', new URL('./servers.ts', import.meta.url).pathname], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const line = await new Promise<string>((resolve, reject) => {
  createInterface({ input: child.stdout! }).once('line', resolve);
  child.once('exit', (code) => reject(new Error(`bench servers exited with ${code}`)));
});
const setup = JSON.parse(line) as {
  hello: string;
  urls: Record<string, string>;
  token: string;
  userId: string;
  client: { clientId: string; clientSecret: string };
  sessionCookie: string;
};

async function measure(title: string, opts: autocannon.Options): Promise<number> {
  const result = await autocannon({ connections, duration: seconds, ...opts });
  const errors = result.errors + result.timeouts + result.non2xx;
  process.stdout.write(
    `${title.padEnd(52)} ${result.requests.average.toFixed(0).padStart(8)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms${errors ? `   (${errors} errors/non-2xx)` : ''}\n`,
  );
  return result.requests.average;
}

process.stdout.write(`Runnerly benchmarks: ${connections} connections, ${seconds} s each, Node ${process.version}\n\n`);
const ceiling = await measure('node:http hello world (ceiling)', { url: setup.hello });
const lastRuns = await measure('data: last 10 runs, JWT verified (direct)', {
  url: `${setup.urls.data}/users/${setup.userId}/runs?limit=10`,
  headers: { authorization: `Bearer ${setup.token}` },
});
const viaGateway = await measure('gateway: last 10 runs, session cookie → data', {
  url: `${setup.urls.gateway}/api/me/runs?limit=10`,
  headers: { cookie: setup.sessionCookie },
});
const tokens = await measure('tokendealer: client-credentials tokens issued', {
  url: `${setup.urls.tokendealer}/oauth/token`,
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: setup.client.clientId,
    client_secret: setup.client.clientSecret,
  }).toString(),
});

const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;
process.stdout.write(`
Ratios (same run):
  data last-10 / node:http ceiling       ${pct(lastRuns, ceiling)}
  gateway last-10 / node:http ceiling    ${pct(viaGateway, ceiling)}
  gateway last-10 / data direct          ${pct(viaGateway, lastRuns)}
  token issuance / node:http ceiling     ${pct(tokens, ceiling)}
Against the 2017 Python original as measured on this machine (brief §7: Data Service ~600 req/s
with its JWT check, TokenDealer 2.9 tokens/s):
  data last-10 / 600 req/s               ${(lastRuns / 600).toFixed(1)}×
  tokens / 2.9 per s                     ${(tokens / 2.9).toFixed(0)}×
`);
process.stdout.write('\nWAF in front of the gateway (nginx + ModSecurity v3 + OWASP CRS, paranoia level 1):\n');
const { wafBench } = await import('./waf.ts');
for (const line of await wafBench({ gateway: setup.urls.gateway!, cookie: setup.sessionCookie, seconds, connections }))
  process.stdout.write(`  ${line}\n`);
child.kill('SIGTERM');

process.stdout.write('\nStrava sync against the simulator (its clock, default rate limits):\n');
const { stravaBench } = await import('./strava.ts');
for (const line of await stravaBench()) process.stdout.write(`  ${line}\n`);

process.stdout.write('\nFile imports:\n');
const { importsBench } = await import('./imports.ts');
for (const line of await importsBench()) process.stdout.write(`  ${line}\n`);

process.stdout.write('\nMonthly reports:\n');
const { reportsBench } = await import('./reports.ts');
for (const line of await reportsBench()) process.stdout.write(`  ${line}\n`);
const { reportMailsBench } = await import('./report-mails.ts');
for (const line of await reportMailsBench()) process.stdout.write(`  ${line}\n`);
