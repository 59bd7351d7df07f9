import { alive, readState, stateFile, statusTable, type Health } from './state.ts';

async function probe(url: string): Promise<Health> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200 ? 'ready' : 'not ready';
  } catch {
    return 'no answer';
  }
}

/**
 * `runnerly status`: the processes of the `runnerly up` that keeps its state under `dataDir`, each
 * asked for `/readyz` now. Exit code 0 when every process is ready, 1 when one is not, 3 when no
 * `runnerly up` runs there.
 */
export async function printStatus(dataDir: string, print: (text: string) => void): Promise<number> {
  const state = readState(dataDir);
  if (!state) {
    print(`runnerly up is not running here: no ${stateFile(dataDir)} (DATA_DIR says where it keeps its state)\n`);
    return 3;
  }
  if (!alive(state.pid)) {
    print(`runnerly up is not running (pid ${state.pid} is gone; it started at ${state.started_at})\n`);
    return 3;
  }
  const health = await Promise.all(state.processes.map((p) => (p.pid === null ? 'down' : probe(p.url))));
  print(statusTable(state, health, new Date()));
  return health.every((h) => h === 'ready') ? 0 : 1;
}
