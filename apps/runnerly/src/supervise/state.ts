import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One supervised process as `runnerly status` shows it. */
export interface ProcessState {
  service: string;
  replica: number;
  url: string;
  pid: number | null;
  /** waiting: for the services it depends on; starting: up to its first ready answer. */
  state: 'waiting' | 'starting' | 'ready' | 'restarting' | 'stopping' | 'stopped';
  restarts: number;
  /** When the current process started (ISO), null while none runs. */
  started_at: string | null;
  last_exit: string | null;
}

export interface SupervisorState {
  pid: number;
  started_at: string;
  processes: ProcessState[];
}

export const stateFile = (dataDir: string) => join(dataDir, 'supervisor.json');

/** Written whole and renamed into place: a reader never sees half of it. */
export function writeState(dataDir: string, state: SupervisorState): void {
  const file = stateFile(dataDir);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/supervisor.json, from the settings
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/supervisor.json, from the settings
  renameSync(`${file}.tmp`, file);
}

export function readState(dataDir: string): SupervisorState | undefined {
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- DATA_DIR/supervisor.json, from the settings
    return JSON.parse(readFileSync(stateFile(dataDir), 'utf8')) as SupervisorState;
  } catch {
    return undefined;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** "3 h 12 min", "45 s": how long since `since`. */
export function uptime(since: string | null, now: Date): string {
  if (!since) return '-';
  const s = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  const h = Math.floor(s / 3600);
  return h < 48 ? `${h} h ${Math.floor((s % 3600) / 60)} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Health as a probe of `/readyz` found it, or what the supervisor knows when no process runs. */
export type Health = 'ready' | 'not ready' | 'no answer' | 'down';

/** The table `runnerly status` prints. */
export function statusTable(state: SupervisorState, health: readonly Health[], now: Date): string {
  const rows = [
    ['SERVICE', 'REPLICA', 'PID', 'URL', 'STATE', 'HEALTH', 'RESTARTS', 'UPTIME', 'LAST EXIT'],
    ...state.processes.map((p, i) => [
      p.service,
      String(p.replica),
      p.pid === null ? '-' : String(p.pid),
      p.url,
      p.state,
      health[i]!,
      String(p.restarts),
      uptime(p.started_at, now),
      p.last_exit ?? '-',
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  return `runnerly up (pid ${state.pid}) running for ${uptime(state.started_at, now)}\n${lines.join('\n')}\n`;
}
