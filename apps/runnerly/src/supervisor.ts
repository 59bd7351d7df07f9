import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { envPrefix, logFormat, planUrls, serviceEnv, type Env } from '@runnerly/service-kit';
import { activeServices, sharedSettings } from './registry.ts';
import { ensureCredentials } from './credentials.ts';
import { dependencies, replicaPort, startOrder } from './supervise/order.ts';
import { writeState, type ProcessState } from './supervise/state.ts';

const bin = fileURLToPath(new URL('../bin/runnerly.js', import.meta.url));
const colours = [36, 33, 35, 32, 34, 91, 92, 93, 94, 95];
/** Services the others reach at one address (not through the service client): the first replica. */
const singleAddress = ['gateway', 'tokendealer', 'strava-sim'];
/** A stopping service that has not exited after this long is killed. */
const STOP_TIMEOUT_MS = 20_000;

interface Supervised extends ProcessState {
  index: number;
  process?: ChildProcess;
  timer?: NodeJS.Timeout;
  startedMs: number;
}

export interface SuperviseOptions {
  /** Processes per service (default 1). */
  replicas?: Map<string, number>;
}

async function isReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/**
 * `runnerly up`: every service as its own process (`runnerly start <service>`), started in
 * dependency order by readiness (a service starts once every service it calls answers
 * `/readyz`), `--replicas service=N` processes of a service, a crashed one restarted with
 * back-off (1 s doubling to 30 s; the count of quick crashes resets after a minute of good
 * health). Logs merged: readable lines prefixed with the service on a terminal, JSON lines
 * otherwise. SIGINT/SIGTERM stop the services in reverse order, each finishing what it has
 * in flight. `runnerly status` reads the state written to DATA_DIR/supervisor.json.
 */
export async function supervise(env: Env = process.env, options: SuperviseOptions = {}): Promise<void> {
  if (!env.AMQP_URL) {
    process.stderr.write(
      'runnerly up runs each service as its own process, so they need a shared message bus: set AMQP_URL (e.g. amqp://guest:guest@127.0.0.1:5672). For one process with everything inside, use `runnerly start`.\n',
    );
    process.exit(1);
  }
  const services = await activeServices(env);
  const modules = services.map((s) => s.module);
  const replicas = options.replicas ?? new Map<string, number>();
  for (const [name, count] of replicas) {
    const module = modules.find((m) => m.name === name);
    if (!module) {
      process.stderr.write(`--replicas: ${name} does not run with these settings\n`);
      process.exit(1);
    }
    if (count > 1 && name === 'strava-sim') {
      process.stderr.write('--replicas strava-sim: the simulator keeps its world in memory; it runs once.\n');
      process.exit(1);
    }
    if (count > 1 && module.migrate && !env[`${envPrefix(name)}DATABASE_URL`] && !env.DATABASE_URL) {
      process.stderr.write(
        `--replicas ${name}=${count}: replicas of ${name} share its database, which must be PostgreSQL: set ${envPrefix(name)}DATABASE_URL (one SQLite file is not shared between processes).\n`,
      );
      process.exit(1);
    }
  }
  const basePort = Number(env.RUNNERLY_BASE_PORT ?? 8080);
  const host = env.HOST ?? '127.0.0.1';
  const dataDir = resolve(env.DATA_DIR ?? './data');
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR, from the settings
  mkdirSync(dataDir, { recursive: true });
  const credentials = await ensureCredentials(modules, dataDir, { DATABASE_URL: env.TOKENDEALER_DATABASE_URL });
  const urls = await planUrls(
    services.map((s) => ({ name: s.module.name, offset: s.offset })),
    basePort,
    host,
  );
  const { order, cycle } = startOrder(modules);
  if (cycle.length) process.stdout.write(`services calling each other start in registry order: ${cycle.join(', ')}\n`);
  const deps = dependencies(modules);
  const pretty = logFormat(env) === 'pretty';
  const width = Math.max(...order.map((n) => n.length + ((replicas.get(n) ?? 1) > 1 ? 2 : 0)));

  const procs: Supervised[] = order.flatMap((name) =>
    Array.from({ length: replicas.get(name) ?? 1 }, (_, k) => {
      const url = new URL(urls[name]!);
      url.port = String(replicaPort(Number(url.port), k + 1));
      return {
        service: name,
        replica: k + 1,
        url: url.origin,
        pid: null,
        state: 'waiting' as const,
        restarts: 0,
        started_at: null,
        last_exit: null,
        index: order.indexOf(name),
        startedMs: 0,
      };
    }),
  );
  // The others reach a service at every one of its replicas (the service client takes them in turn),
  // except the ones reached by other means: browsers the first gateway, token requests and keys the
  // first token dealer.
  const peerUrls = Object.fromEntries(
    Object.entries(urls).map(([name, url]) => [
      name,
      singleAddress.includes(name)
        ? url
        : procs
            .filter((p) => p.service === name)
            .map((p) => p.url)
            .join(','),
    ]),
  );
  const supervisorStarted = new Date().toISOString();
  const save = () =>
    writeState(dataDir, {
      pid: process.pid,
      started_at: supervisorStarted,
      processes: procs.map(({ service, replica, url, pid, state, restarts, started_at, last_exit }) => ({
        service,
        replica,
        url,
        pid,
        state,
        restarts,
        started_at,
        last_exit,
      })),
    });
  let stopping = false;

  const label = (p: Supervised) => ((replicas.get(p.service) ?? 1) > 1 ? `${p.service}#${p.replica}` : p.service);
  const say = (p: Supervised, line: string) => {
    if (pretty) {
      const prefix = `\x1b[${colours[p.index % colours.length]}m${label(p).padEnd(width)} |\x1b[0m `;
      process.stdout.write(`${prefix}${line}\n`);
    } else {
      process.stdout.write(
        `${JSON.stringify({ level: 30, time: new Date().toISOString(), service: p.service, replica: p.replica, supervisor: true, msg: line })}\n`,
      );
    }
  };
  const passOn = (p: Supervised, line: string) => {
    if (pretty) say(p, line);
    // JSON lines stay JSON for collectors; a replica of several says which one it is.
    else if ((replicas.get(p.service) ?? 1) > 1 && line.startsWith('{'))
      process.stdout.write(`{"replica":${p.replica},${line.slice(1)}\n`);
    else process.stdout.write(`${line}\n`);
  };

  const launch = (p: Supervised) => {
    const module = modules.find((m) => m.name === p.service)!;
    const childEnv: Env = {
      PATH: env.PATH,
      HOME: env.HOME,
      ...serviceEnv(
        module,
        env,
        { ...peerUrls, [module.name]: p.url },
        credentials.get(module.name),
        { LOG_LEVEL: env.LOG_LEVEL ?? 'info', HOST: host, DATA_DIR: dataDir },
        sharedSettings,
      ),
      PORT: new URL(p.url).port,
      LOG_FORMAT: pretty ? 'pretty' : 'json',
    };
    // Compiled JavaScript, the workspace packages resolved to their dist/ (see bin/runnerly.js).
    const proc = spawn(process.execPath, ['--conditions=@runnerly/compiled', bin, 'start', module.name], {
      env: childEnv as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    p.process = proc;
    p.pid = proc.pid ?? null;
    p.state = 'starting';
    p.startedMs = Date.now();
    p.started_at = new Date(p.startedMs).toISOString();
    save();
    say(p, `starting (pid ${proc.pid}, ${p.url})`);
    for (const stream of [proc.stdout, proc.stderr]) {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line) passOn(p, line);
      });
    }
    const poll = async () => {
      while (p.process === proc && p.state === 'starting') {
        if (await isReady(p.url)) {
          if (p.process === proc && p.state === 'starting') {
            p.state = 'ready';
            save();
            say(p, `ready after ${((Date.now() - p.startedMs) / 1000).toFixed(1)} s`);
            startWaiting();
          }
          return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    void poll();
    proc.on('exit', (code, signal) => {
      p.process = undefined;
      p.pid = null;
      p.started_at = null;
      p.last_exit = `${signal ?? `code ${code}`} at ${new Date().toISOString().slice(11, 19)}`;
      if (stopping) {
        p.state = 'stopped';
        save();
        return;
      }
      if (Date.now() - p.startedMs > 60_000) p.restarts = 0;
      const delay = Math.min(30_000, 1000 * 2 ** p.restarts);
      p.restarts++;
      p.state = 'restarting';
      save();
      say(p, `exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s`);
      p.timer = setTimeout(() => {
        p.timer = undefined;
        if (!stopping) launch(p);
      }, delay);
    });
  };

  const readyServices = () => new Set(procs.filter((p) => p.state === 'ready').map((p) => p.service));
  const told = new Set<string>();
  const startWaiting = () => {
    if (stopping) return;
    const ready = readyServices();
    for (const p of procs) {
      if (p.state !== 'waiting') continue;
      const missing = deps.get(p.service)!.filter((d) => !ready.has(d));
      if (missing.length === 0) launch(p);
      else if (!told.has(p.service)) {
        told.add(p.service);
        if (pretty) say(p, `waiting for ${missing.join(', ')}`);
      }
    }
  };
  save();
  startWaiting();

  const stopService = async (name: string) => {
    const group = procs.filter((p) => p.service === name);
    for (const p of group) {
      if (p.timer) clearTimeout(p.timer);
      p.timer = undefined;
      if (!p.process) p.state = 'stopped';
      else {
        p.state = 'stopping';
        p.process.kill('SIGTERM');
      }
    }
    save();
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (group.some((p) => p.process) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    let killed = false;
    for (const p of group) {
      if (!p.process) continue;
      say(p, `did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`);
      p.process.kill('SIGKILL');
      killed = true;
    }
    while (group.some((p) => p.process)) await new Promise((r) => setTimeout(r, 50));
    return killed;
  };
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    let killed = false;
    // Callers first, so that nothing in flight calls a service that has already stopped.
    for (const name of [...order].reverse()) killed = (await stopService(name)) || killed;
    save();
    process.exit(killed ? 1 : 0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
