import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planUrls, serviceEnv, type Env } from '@runnerly/service-kit';
import { activeServices, sharedSettings } from './registry.ts';
import { ensureCredentials } from './credentials.ts';

const bin = fileURLToPath(new URL('../bin/runnerly.js', import.meta.url));
const colours = [36, 33, 35, 32, 34, 91, 92, 93, 94, 95];

interface Child {
  name: string;
  process?: ChildProcess;
  restarts: number;
  startedAt: number;
  timer?: NodeJS.Timeout;
}

/**
 * `runnerly up`: every service as its own process (`runnerly start <service>`), logs
 * prefixed with the service name, a crashed service restarted with back-off (1 s doubling
 * to 30 s; the count resets after a minute of good health). SIGINT/SIGTERM stop them all.
 */
export async function supervise(env: Env = process.env): Promise<void> {
  if (!env.AMQP_URL) {
    process.stderr.write(
      'runnerly up runs each service as its own process, so they need a shared message bus: set AMQP_URL (e.g. amqp://guest:guest@127.0.0.1:5672). For one process with everything inside, use `runnerly start`.\n',
    );
    process.exit(1);
  }
  const basePort = Number(env.RUNNERLY_BASE_PORT ?? 8080);
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const services = activeServices(env);
  const credentials = await ensureCredentials(
    services.map((s) => s.module),
    dataDir,
    { DATABASE_URL: env.TOKENDEALER_DATABASE_URL },
  );
  const urls = await planUrls(
    services.map((s) => ({ name: s.module.name, offset: s.offset })),
    basePort,
    env.HOST ?? '127.0.0.1',
  );
  let stopping = false;
  const children: Child[] = services.map(({ module }) => ({ name: module.name, restarts: 0, startedAt: 0 }));
  const width = Math.max(...children.map((c) => c.name.length));

  const launch = (child: Child, index: number) => {
    const { module } = services[index]!;
    const prefix = `\x1b[${colours[index % colours.length]}m${module.name.padEnd(width)} |\x1b[0m `;
    const childEnv: Env = {
      PATH: env.PATH,
      HOME: env.HOME,
      ...serviceEnv(
        module,
        env,
        urls,
        credentials.get(module.name),
        { LOG_LEVEL: env.LOG_LEVEL ?? 'info', HOST: env.HOST ?? '127.0.0.1', DATA_DIR: dataDir },
        sharedSettings,
      ),
    };
    // Compiled JavaScript, the workspace packages resolved to their dist/ (see bin/runnerly.js).
    const proc = spawn(process.execPath, ['--conditions=@runnerly/compiled', bin, 'start', module.name], {
      env: childEnv as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.process = proc;
    child.startedAt = Date.now();
    for (const stream of [proc.stdout, proc.stderr]) {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) process.stdout.write(prefix + line + '\n');
      });
    }
    proc.on('exit', (code, signal) => {
      child.process = undefined;
      if (stopping) return;
      if (Date.now() - child.startedAt > 60_000) child.restarts = 0;
      const delay = Math.min(30_000, 1000 * 2 ** child.restarts);
      child.restarts++;
      process.stdout.write(`${prefix}exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s\n`);
      child.timer = setTimeout(() => launch(child, index), delay);
    });
  };
  children.forEach(launch);
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const c of children) {
      if (c.timer) clearTimeout(c.timer);
      c.process?.kill('SIGTERM');
    }
    const wait = setInterval(() => {
      if (children.every((c) => !c.process)) {
        clearInterval(wait);
        process.exit(0);
      }
    }, 100);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
