// Cold start and idle memory of the all-in-one system, the way `npm start` runs it: from the
// spawn until the dashboard's URL is printed (every service migrated, listening and ready), on
// a fresh data folder (first start: keys and credentials generated) and again on the same one;
// then the resident memory after a few idle seconds, of `runnerly up`'s processes too, and the
// dashboard's first-load bytes. Called by bench/run.ts; returns lines.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readState, type SupervisorState } from '../apps/runnerly/src/supervise/state.ts';
import { load } from './harness.ts';
import { homeRequests, signUpRunner } from './runner.ts';

const root = new URL('..', import.meta.url).pathname;

/** Resident memory of one process, in MB (0 once it is gone). */
function rssMb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Resident memory of a process and its descendants, in MB (from /proc). */
function treeRssMb(pid: number): number {
  const children = (p: number): number[] => {
    try {
      const list = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      return list ? list.split(' ').map(Number) : [];
    } catch {
      return [];
    }
  };
  let mb = 0;
  const queue = [pid];
  while (queue.length) {
    const p = queue.pop()!;
    mb += rssMb(p);
    queue.push(...children(p));
  }
  return mb;
}

/** The compiled CLI (what `npm start` and the image run, no loader) on its own data folder and ports. */
function runnerly(command: string, dataDir: string, basePort: number, env: Record<string, string> = {}) {
  return spawn(
    process.execPath,
    ['--conditions=@runnerly/compiled', join(root, 'apps/runnerly/dist/main.js'), command],
    {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        RUNNERLY_BASE_PORT: String(basePort),
        LOG_LEVEL: 'warn',
        // The loaded figures come from one address: the per-IP limit would answer most calls with 429.
        GATEWAY_RATE_LIMIT_API: '100000000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/**
 * Resident memory under load: a runner signs up and stores a season of runs, then Home's calls are
 * made for a few seconds at 50 connections while each process's memory is sampled; the peak, in MB.
 */
async function loadedRss(gateway: string, dataDir: string, measure: () => number[]): Promise<number[]> {
  const runner = await signUpRunner(gateway, dataDir);
  const runs = Array.from({ length: 100 }, (_, i) => ({
    user_id: runner.userId,
    source: 'manual',
    source_id: `bench-${i}`,
    name: `Run ${i}`,
    sport_type: 'Run',
    start_time: new Date(Date.now() - (i + 1) * 86_400_000).toISOString(),
    timezone: 'Europe/Paris',
    distance_m: 8000 + i,
    moving_time_s: 2700,
    elapsed_time_s: 2700,
  }));
  const stored = await runner.browse('POST', '/api/data/runs/batch', { runs });
  if (!stored.ok) throw new Error(`bench runs: ${stored.status} ${await stored.text()}`);
  const peak = measure();
  const sampler = setInterval(() => measure().forEach((mb, i) => (peak[i] = Math.max(peak[i]!, mb))), 100);
  try {
    await load(
      { url: gateway, headers: { cookie: runner.cookie() }, requests: homeRequests(runner.userId) },
      Number(process.env.BENCH_RSS_SECONDS ?? 5),
      50,
    );
  } finally {
    clearInterval(sampler);
  }
  return peak;
}

async function startOnce(dataDir: string, basePort: number, idleMs: number, loaded = false) {
  const started = performance.now();
  // What `npm start` runs after its prestart step.
  const child = runnerly('start', dataDir, basePort);
  // The last lines it wrote, said when it fails to start (the output is otherwise not read).
  const tail: string[] = [];
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
    });
  let gateway = '';
  const readyMs = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('Open the dashboard')) return;
      gateway = line.slice(line.indexOf('http'));
      resolve(performance.now() - started);
    });
    child.once('exit', (code) =>
      reject(new Error(`runnerly start exited with ${code}; its last lines:\n${tail.join('\n')}`)),
    );
  });
  await new Promise((r) => setTimeout(r, idleMs));
  const rss = treeRssMb(child.pid!);
  try {
    const loadedMb = loaded ? (await loadedRss(gateway, dataDir, () => [treeRssMb(child.pid!)]))[0] : undefined;
    return { readyMs, rss, loadedMb };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/**
 * `runnerly up` (one supervised process per service, compiled, on the in-machine RabbitMQ and
 * SQLite files): each service's resident memory once every one is ready and a few seconds idle.
 */
async function distributedRss(idleMs: number): Promise<string[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'runnerly-up-'));
  const basePort = 20_000 + Math.floor(Math.random() * 20_000);
  const child = runnerly('up', dataDir, basePort, {
    AMQP_URL: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    AMQP_NAMESPACE: `bench-up-${basePort}`,
  });
  // Its output is not read: drained so that a full pipe never blocks it.
  child.stdout.resume();
  child.stderr.resume();
  try {
    const deadline = Date.now() + 90_000;
    let state: SupervisorState | undefined;
    for (;;) {
      state = readState(dataDir);
      if (state && state.processes.length > 0 && state.processes.every((p) => p.state === 'ready')) break;
      if (Date.now() > deadline || child.exitCode !== null)
        return ['runnerly up: not every service became ready within 90 s (is RabbitMQ running?)'];
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, idleMs));
    const processes = state.processes;
    const measure = () => processes.map((p) => (p.pid ? rssMb(p.pid) : 0));
    const idle = measure();
    const gateway = processes.find((p) => p.service === 'gateway')?.url;
    const peak = gateway ? await loadedRss(gateway, dataDir, measure) : undefined;
    const line = (mbs: number[]) => processes.map((p, i) => `${p.service} ${mbs[i]!.toFixed(0)}`).join(', ');
    const sum = (mbs: number[]) => mbs.reduce((a, b) => a + b, 0).toFixed(0);
    return [
      `runnerly up, idle RSS per process after ${idleMs / 1000} s: ${line(idle)} MB`,
      `  ${processes.length} processes, ${sum(idle)} MB in all; ${idle.filter((mb) => mb > 80).length} above the 80 MB target`,
      ...(peak
        ? [
            `runnerly up, peak RSS per process under Home's calls (50 connections): ${line(peak)} MB`,
            `  ${sum(peak)} MB in all`,
          ]
        : []),
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What the browser fetches before Home renders: the entry script and its module preloads, gzipped. */
function dashboardFirstLoad(): string {
  const dist = join(root, 'apps/dashboard/dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const scripts = [
    ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  const bytes = scripts.map((f) => readFileSync(join(dist, f)));
  const raw = bytes.reduce((sum, b) => sum + b.length, 0);
  const gz = bytes.reduce((sum, b) => sum + gzipSync(b).length, 0);
  return `dashboard first load: ${scripts.length} scripts, ${(gz / 1024).toFixed(0)} KB JS gzip (${(raw / 1024).toFixed(0)} KB raw; target ≤ 150 KB gzip)`;
}

export async function startupBench(): Promise<string[]> {
  // `npm start`'s prestart step (compiles what changed, builds the dashboard), not timed.
  const prestart = spawnSync(process.execPath, [join(root, 'scripts/prestart.mjs')], { cwd: root, stdio: 'inherit' });
  if (prestart.status !== 0) throw new Error('npm start would not start: scripts/prestart.mjs failed');
  const dataDir = mkdtempSync(join(tmpdir(), 'runnerly-start-'));
  const basePort = 20_000 + Math.floor(Math.random() * 20_000);
  try {
    const first = await startOnce(dataDir, basePort, 500);
    const again = await startOnce(dataDir, basePort, 5000, true);
    return [
      `npm start, first start (keys, credentials, migrations): ready in ${(first.readyMs / 1000).toFixed(2)} s`,
      `npm start, next start: ready in ${(again.readyMs / 1000).toFixed(2)} s (target ≤ 3 s)`,
      `all-in-one idle RSS after 5 s: ${again.rss.toFixed(0)} MB (target ≤ 300 MB)`,
      `all-in-one peak RSS under Home's calls (50 connections): ${again.loadedMb?.toFixed(0)} MB`,
      ...(await distributedRss(5000)),
      dashboardFirstLoad(),
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
