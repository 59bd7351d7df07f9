import { spawn, type ChildProcess } from 'node:child_process';

export interface ServiceProcess {
  child: ChildProcess;
  /** Where it listens, as it logged it. */
  url: string;
  /** Everything it wrote so far. */
  output(): string;
}

/**
 * A service as its own process (its `server.ts`, through tsx), for a test that kills it: resolves
 * with the URL it logs once listening (`"url":"http://…"` in its "<name> listening" line, JSON
 * logs), rejects with its output when it exits first or takes over a minute.
 */
export function spawnService(serverPath: string, name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', serverPath], {
    env: { ...process.env, LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${name} did not start within a minute:\n${out}`));
    }, 60_000);
    const listening = new RegExp(`"url":"(http:[^"]+)"[^\\n]*${name} listening`);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      fail(new Error(`${name} exited (${code}) before listening:\n${out}`));
    };
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = listening.exec(out);
      if (m) {
        clearTimeout(timer);
        child.off('exit', onExit);
        ok({ child, url: m[1]!, output: () => out });
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', onExit);
  });
}
