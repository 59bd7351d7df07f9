// npm run soak: `runnerly up` (every service its own process, SQLite files, RabbitMQ in a
// namespace of its own) under mixed traffic for a bounded time — browsing (runs, import jobs,
// Strava status), file imports, Strava links and backfills against the simulator — then
// SIGTERM to its whole process group. Prints errors, latency percentiles per kind of request
// and each service's RSS after warm-up and at the end.
//   SOAK_SECONDS (default 60; 600 for the 10-minute soak), SOAK_WARMUP_SECONDS (default a quarter, at most 60),
//   AMQP_URL (default amqp://guest:guest@127.0.0.1:5672).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { roadRun, writeGpx } from '@runnerly/activity-files/fixtures';
import { importScopes, scopes, stravaScopes, TOKEN_EXCHANGE_GRANT, USER_ID_TOKEN_TYPE } from '@runnerly/contracts';
import { planUrls } from '@runnerly/service-kit';
import { control } from '@runnerly/strava-sim/testing';
import { linkThroughBrowser } from '@runnerly/strava/testing';
import { activeServices } from '../apps/runnerly/src/registry.ts';
import { readState } from '../apps/runnerly/src/supervise/state.ts';

const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const warmup = Number(process.env.SOAK_WARMUP_SECONDS ?? Math.min(60, Math.round(seconds / 4)));
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const bin = fileURLToPath(new URL('../apps/runnerly/bin/runnerly.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'runnerly-soak-'));
const namespace = `soak-${randomBytes(4).toString('hex')}`;
const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  DATA_DIR: dataDir,
  AMQP_URL: amqpUrl,
  AMQP_NAMESPACE: namespace,
  AMQP_QUEUE_EXPIRES_SECONDS: '300',
  LOG_LEVEL: 'warn',
  STRAVA_SIM_ATHLETES: '40',
  STRAVA_SIM_ACTIVITIES: '250',
  STRAVA_SIM_RATE_LIMITS: '20000,200000,10000,100000',
};

// A free block of ports, as the tests pick one.
const active = await activeServices(env);
const entries = active.map((s) => ({ name: s.module.name, offset: s.offset }));
const planned = await planUrls(entries, 0, '127.0.0.1');
const base = Number(new URL(planned.gateway!).port);
env.RUNNERLY_BASE_PORT = String(base);

// Its own process group: the end of the soak is a SIGTERM to all of it, as a terminal or systemd sends one.
const up = spawn(process.execPath, [bin, 'up'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
for (const stream of [up.stdout!, up.stderr!])
  stream.on('data', (d: Buffer) => {
    output += d.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  });
const upExit = new Promise<number | null>((resolve) => up.once('exit', (code) => resolve(code)));

const stopAll = () => {
  try {
    process.kill(-up.pid!, 'SIGKILL');
  } catch {
    /* gone */
  }
};
process.once('SIGINT', () => {
  stopAll();
  process.exit(130);
});

async function ready(url: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${url}/readyz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready:\n${output.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// ---- measurements
const latencies = new Map<string, number[]>();
const errors = new Map<string, number>();
const errorSamples: string[] = [];
function failed(kind: string, what: string) {
  errors.set(kind, (errors.get(kind) ?? 0) + 1);
  if (errorSamples.length < 10) errorSamples.push(`${kind}: ${what}`);
}
async function timed(kind: string, url: string, init: RequestInit = {}, ok = (s: number) => s < 300): Promise<any> {
  const started = performance.now();
  try {
    const res = await fetch(url, init);
    const text = await res.text();
    (latencies.get(kind) ?? latencies.set(kind, []).get(kind)!).push(performance.now() - started);
    if (!ok(res.status)) {
      failed(kind, `${res.status} ${text.slice(0, 200)}`);
      return undefined;
    }
    return text ? JSON.parse(text) : null;
  } catch (err) {
    failed(kind, String(err));
    return undefined;
  }
}

/** Each service's resident memory (MB), from the pids `runnerly up` keeps in DATA_DIR/supervisor.json. */
function rssByService(): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of readState(dataDir)?.processes ?? []) {
    if (p.pid === null) continue;
    try {
      const status = readFileSync(`/proc/${p.pid}/status`, 'utf8');
      out.set(
        p.replica > 1 ? `${p.service}#${p.replica}` : p.service,
        Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024,
      );
    } catch {
      /* restarting */
    }
  }
  return out;
}

try {
  process.stdout.write(
    `Runnerly soak: ${seconds} s of mixed traffic (${warmup} s warm-up), runnerly up on ports ${base}+\n`,
  );
  for (const url of Object.values(planned)) await ready(url);
  const created = execFileSync(
    process.execPath,
    [
      bin,
      'clients',
      'create',
      'soak',
      '--scopes',
      [scopes.runsRead, scopes.tokenExchange].join(','),
      '--user-scopes',
      [
        importScopes.importsRead,
        importScopes.importsWrite,
        scopes.runsRead,
        stravaScopes.stravaRead,
        stravaScopes.stravaWrite,
      ].join(','),
    ],
    { env, encoding: 'utf8' },
  );
  const secret = /client_secret=(\S+)/.exec(created)![1]!;
  const tokenUrl = `${planned.tokendealer}/oauth/token`;
  const token = async (form: Record<string, string>) => {
    const res = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'soak', client_secret: secret, ...form }),
    });
    const body = (await res.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
    return body.access_token;
  };
  // Tokens are short-lived: fetched again after two minutes, as a client refreshes them.
  const fresh = 120_000;
  let service = { token: '', at: 0 };
  const serviceTokenNow = async () => {
    if (Date.now() - service.at > fresh)
      service = { token: await token({ grant_type: 'client_credentials', scope: scopes.runsRead }), at: Date.now() };
    return service.token;
  };
  const userTokens = new Map<string, { token: string; at: number }>();
  const userToken = async (user: string) => {
    const known = userTokens.get(user);
    if (known && Date.now() - known.at < fresh) return known.token;
    const minted = await token({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: user,
      subject_token_type: USER_ID_TOKEN_TYPE,
    });
    userTokens.set(user, { token: minted, at: Date.now() });
    return minted;
  };
  const users = Array.from({ length: 8 }, () => randomUUID());
  for (const u of users) await userToken(u);
  const athletes = (await control<Array<{ id: number }>>(planned['strava-sim']!, 'GET', '/athletes')).map((a) => a.id);

  const endAt = Date.now() + seconds * 1000;
  const running = () => Date.now() < endAt;
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)]!;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let imported = 0;
  let jobsDone = 0;
  let linked = 0;
  let backfilled = 0;
  let day = 0;

  const browse = async () => {
    while (running()) {
      const u = pick(users);
      const t = await userToken(u);
      await timed('browse: last 10 runs (data)', `${planned.data}/users/${u}/runs?limit=10`, {
        headers: { authorization: `Bearer ${await serviceTokenNow()}` },
      });
      await timed('browse: import jobs (imports)', `${planned.imports}/users/${u}/imports`, {
        headers: { authorization: `Bearer ${t}` },
      });
      await timed('browse: Strava status (strava)', `${planned.strava}/users/${u}/status`, {
        headers: { authorization: `Bearer ${t}` },
      });
      await pause(50);
    }
  };
  const importLoop = async () => {
    const pending: Array<Promise<void>> = [];
    while (running()) {
      const u = pick(users);
      const t = await userToken(u);
      const form = new FormData();
      for (let i = 0; i < 3; i++) {
        const start = Date.parse('2024-01-01T06:00:00Z') + day++ * 3_600_000 * 7;
        form.append('file', new Blob([writeGpx(roadRun(30 + (day % 20), start))]), `run-${day}.gpx`);
      }
      const accepted = await timed('import: upload 3 GPX (imports)', `${planned.imports}/users/${u}/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t}` },
        body: form,
      });
      if (accepted?.job_id)
        pending.push(
          (async () => {
            const deadline = Date.now() + 120_000;
            while (Date.now() < deadline) {
              const job = await timed(
                'import: job status (imports)',
                `${planned.imports}/users/${u}/imports/${accepted.job_id}`,
                {
                  headers: { authorization: `Bearer ${await userToken(u)}` },
                },
              );
              if (job?.status === 'done' || job?.status === 'failed') {
                jobsDone++;
                imported += job.added;
                if (job.status !== 'done' || job.added !== 3)
                  failed('import: job outcome', JSON.stringify(job).slice(0, 300));
                return;
              }
              await pause(500);
            }
            failed('import: job outcome', `job ${accepted.job_id} not finished after 120 s`);
          })(),
        );
      await pause(2000);
    }
    await Promise.all(pending);
  };
  const syncLoop = async () => {
    const pending: Array<Promise<void>> = [];
    for (const athlete of athletes) {
      if (!running()) break;
      const u = randomUUID();
      const t = await userToken(u);
      try {
        const back = await linkThroughBrowser(planned.strava!, t, u, athlete);
        if (back.searchParams.get('strava') !== 'linked') throw new Error(back.toString());
        linked++;
      } catch (err) {
        failed('sync: link (strava)', String(err));
        continue;
      }
      pending.push(
        (async () => {
          const deadline = Date.now() + 180_000;
          while (Date.now() < deadline) {
            const s = await timed('sync: status while backfilling (strava)', `${planned.strava}/users/${u}/status`, {
              headers: { authorization: `Bearer ${await userToken(u)}` },
            });
            if (s?.backfill_done) {
              backfilled++;
              return;
            }
            await pause(1000);
          }
          failed('sync: backfill', `user ${u} not backfilled after 180 s`);
        })(),
      );
      await pause(Math.max(5000, (seconds * 1000) / athletes.length));
    }
    await Promise.all(pending);
  };

  // RSS every 2 s. A process's RSS swings with its garbage collector, so one reading is a phase of
  // the GC, not a size: growth compares the median of the first window after warm-up with the
  // median of the last window (a quarter of the measured time, at most a minute each).
  const started = Date.now();
  const samples: Array<{ at: number; rss: Map<string, number> }> = [];
  const sampler = setInterval(() => samples.push({ at: Date.now(), rss: rssByService() }), 2000);
  const warm = setTimeout(() => latencies.clear(), warmup * 1000);
  await Promise.all([browse(), browse(), importLoop(), syncLoop()]);
  clearInterval(sampler);
  clearTimeout(warm);
  const ended = Date.now();
  const windowMs = Math.min(60_000, (ended - started - warmup * 1000) / 4);
  const medianOf = (from: number, to: number) => {
    const inWindow = samples.filter((x) => x.at >= from && x.at <= to);
    const out = new Map<string, number>();
    for (const name of new Set(inWindow.flatMap((x) => [...x.rss.keys()]))) {
      const values = inWindow.map((x) => x.rss.get(name)).filter((v): v is number => v !== undefined);
      values.sort((a, b) => a - b);
      if (values.length) out.set(name, values[Math.floor(values.length / 2)]!);
    }
    return out;
  };
  const afterWarmup = medianOf(started + warmup * 1000, started + warmup * 1000 + windowMs);
  const atEnd = medianOf(ended - windowMs, ended);

  // The end: SIGTERM to the whole process group, as a terminal's Ctrl+C or systemd does.
  const stopStarted = Date.now();
  process.kill(-up.pid!, 'SIGTERM');
  const code = await Promise.race([upExit, pause(30_000).then(() => 'timeout' as const)]);
  const stopSeconds = (Date.now() - stopStarted) / 1000;

  const pct = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
  };
  process.stdout.write(`\nRequests after warm-up (latency in ms):\n`);
  process.stdout.write(
    `  ${'kind'.padEnd(44)} ${'count'.padStart(7)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)}\n`,
  );
  for (const [kind, list] of [...latencies].sort()) {
    process.stdout.write(
      `  ${kind.padEnd(44)} ${String(list.length).padStart(7)} ${pct(list, 50).toFixed(1).padStart(7)} ${pct(list, 95).toFixed(1).padStart(7)} ${pct(list, 99).toFixed(1).padStart(7)} ${Math.max(
        ...list,
      )
        .toFixed(1)
        .padStart(7)}\n`,
    );
  }
  const totalErrors = [...errors.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(`\nErrors: ${totalErrors}\n`);
  for (const [kind, n] of errors) process.stdout.write(`  ${kind}: ${n}\n`);
  for (const s of errorSamples) process.stdout.write(`  e.g. ${s}\n`);
  process.stdout.write(
    `\nWork done: ${jobsDone} import jobs (${imported} runs added), ${linked} Strava links, ${backfilled} backfills finished\n`,
  );
  process.stdout.write(
    `\nRSS per service (MB, median of ${(windowMs / 1000).toFixed(0)} s windows): after warm-up → end (growth)\n`,
  );
  let worst = 0;
  for (const [name, end] of [...atEnd].sort()) {
    const start = afterWarmup?.get(name);
    const growth = start ? ((end - start) / start) * 100 : NaN;
    // The simulator stands in for Strava: its world grows with every athlete linked.
    const counted = name !== 'strava-sim';
    if (counted && Number.isFinite(growth)) worst = Math.max(worst, growth);
    const peak = Math.max(...samples.map((s) => s.rss.get(name) ?? 0), end);
    process.stdout.write(
      `  ${name.padEnd(12)} ${start?.toFixed(1) ?? '?'} → ${end.toFixed(1)} (${Number.isFinite(growth) ? `${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%` : '?'}), peak ${peak.toFixed(1)}${counted ? '' : ' (the Strava simulator: not counted)'}\n`,
    );
  }
  process.stdout.write(
    `\nSIGTERM to the process group: runnerly up exited ${code === 'timeout' ? 'NOT within 30 s' : `with code ${code}`} after ${stopSeconds.toFixed(1)} s\n`,
  );
  const restarts = (output.match(/restarting in/g) ?? []).length;
  process.stdout.write(`Service restarts by the supervisor during the soak: ${restarts}\n`);
  // Every service must have been measured at both ends: an empty table is no pass.
  const measured = active.every((s) => afterWarmup?.has(s.module.name) && atEnd.has(s.module.name));
  if (!measured) process.stdout.write('RSS: not every service was measured after warm-up and at the end\n');
  const pass = totalErrors === 0 && worst < 10 && code === 0 && restarts === 0 && measured;
  process.stdout.write(
    `\n${pass ? 'PASS' : 'FAIL'}: ${totalErrors} errors, worst RSS growth ${worst.toFixed(1)}% (target: 0 errors, < 10%)\n`,
  );
  process.exitCode = totalErrors === 0 && code === 0 && restarts === 0 && measured ? 0 : 1;
} catch (err) {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n${output.slice(-3000)}\n`);
  process.exitCode = 1;
} finally {
  stopAll();
  rmSync(dataDir, { recursive: true, force: true });
}
