import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** deploy/waf/start.sh: renders the WAF's configuration and runs nginx in the foreground. */
export const wafStartScript = resolve(import.meta.dirname, '../../../../deploy/waf/start.sh');

const needs: Array<[path: string, pkg: string]> = [
  ['/usr/sbin/nginx', 'nginx'],
  ['/usr/lib/nginx/modules/ngx_http_modsecurity_module.so', 'libnginx-mod-http-modsecurity'],
  ['/usr/share/modsecurity-crs/rules', 'modsecurity-crs'],
];

/** Why the WAF cannot start here (a missing Debian package; `.ci/run` installs them), or false. */
export const noWaf: false | string = (() => {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- fixed Debian package paths (test harness)
  const missing = needs.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
  return missing.length > 0 && `the WAF needs Debian's ${missing.join(', ')} (apt-get install ${missing.join(' ')})`;
})();

/** A port free on the loopback now (to tell a service its public URL before the WAF listens there). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface RunningWaf {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** The rendered configuration, pid file, logs and temporary files. */
  readonly dir: string;
  /** nginx's master process (its workers are its children). */
  readonly pid: number;
  /** nginx's error log so far: every refusal, and at info level every rule that matched. */
  errorLog(): string;
  close(): Promise<void>;
}

/**
 * nginx with ModSecurity and the OWASP CRS in front of `upstream` (the gateway), on the loopback,
 * as deploy/waf/start.sh runs it; `env` takes its other settings (WAF_RATE_API, WAF_MODSECURITY…).
 * Resolves once nginx answers its health route.
 */
export async function startWaf(options: {
  upstream: string;
  port?: number;
  env?: Record<string, string>;
}): Promise<RunningWaf> {
  if (noWaf) throw new Error(noWaf);
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'runnerly-waf-'));
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('bash', [wafStartScript], {
    env: {
      ...process.env,
      WAF_UPSTREAM: options.upstream,
      WAF_LISTEN: `127.0.0.1:${port}`,
      WAF_DIR: dir,
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const stopOnExit = () => child.kill('SIGKILL');
  process.once('exit', stopOnExit);
  const errorLog = () => {
    try {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- the harness's own temporary folder
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`the WAF exited with ${child.exitCode}: ${stderr}${errorLog()}`);
    }
    const ok = await fetch(`${url}/_waf/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the WAF did not answer on ${url} within 20 s: ${stderr}${errorLog()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    dir,
    pid: child.pid!,
    errorLog,
    async close() {
      process.removeListener('exit', stopOnExit);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
