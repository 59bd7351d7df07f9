// Cold start and idle memory of the all-in-one system, the way `npm start` runs it: from the
// spawn until the dashboard's URL is printed (every service migrated, listening and ready), on
// a fresh data folder (first start: keys and credentials generated) and again on the same one;
// then the resident memory after a few idle seconds. Called by bench/run.ts; returns lines.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = new URL('..', import.meta.url).pathname;

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
  let kb = 0;
  const queue = [pid];
  while (queue.length) {
    const p = queue.pop()!;
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      continue;
    }
    queue.push(...children(p));
  }
  return kb / 1024;
}

async function startOnce(dataDir: string, basePort: number, idleMs: number) {
  const started = performance.now();
  // What `npm start` runs after its prestart step (compiled JavaScript, no loader).
  const main = join(root, 'apps/runnerly/dist/main.js');
  const child = spawn(process.execPath, ['--conditions=@runnerly/compiled', main, 'start'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, RUNNERLY_BASE_PORT: String(basePort), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The last lines it wrote, said when it fails to start (the output is otherwise not read).
  const tail: string[] = [];
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
    });
  const readyMs = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('Open the dashboard')) resolve(performance.now() - started);
    });
    child.once('exit', (code) =>
      reject(new Error(`runnerly start exited with ${code}; its last lines:\n${tail.join('\n')}`)),
    );
  });
  await new Promise((r) => setTimeout(r, idleMs));
  const rss = treeRssMb(child.pid!);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { readyMs, rss };
}

export async function startupBench(): Promise<string[]> {
  // `npm start`'s prestart step (compiles what changed, builds the dashboard), not timed.
  const prestart = spawnSync(process.execPath, [join(root, 'scripts/prestart.mjs')], { cwd: root, stdio: 'inherit' });
  if (prestart.status !== 0) throw new Error('npm start would not start: scripts/prestart.mjs failed');
  const dataDir = mkdtempSync(join(tmpdir(), 'runnerly-start-'));
  const basePort = 20_000 + Math.floor(Math.random() * 20_000);
  try {
    const first = await startOnce(dataDir, basePort, 500);
    const again = await startOnce(dataDir, basePort, 5000);
    return [
      `npm start, first start (keys, credentials, migrations): ready in ${(first.readyMs / 1000).toFixed(2)} s`,
      `npm start, next start: ready in ${(again.readyMs / 1000).toFixed(2)} s (target ≤ 3 s)`,
      `all-in-one idle RSS after 5 s: ${again.rss.toFixed(0)} MB (target ≤ 300 MB)`,
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
