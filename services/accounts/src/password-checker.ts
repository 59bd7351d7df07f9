import { Piscina } from 'piscina';
import type { PasswordVerdict } from './domain/password-strength.ts';
import type { PasswordCheckTask } from './password-check-worker.ts';

export interface PasswordChecker {
  /** judgeNewPassword, in a worker thread. */
  judge(password: string, personal?: { email?: string; name?: string | null }): Promise<PasswordVerdict>;
  close(): Promise<void>;
}

/**
 * One worker thread that runs `password-check-worker.ts` (TypeScript: it loads tsx too), started
 * with the service: building the dictionaries takes a second or more of CPU, which the first
 * sign-up must not wait for (the gateway gives the accounts service 5 s).
 */
export function createPasswordChecker(): PasswordChecker {
  // From the sources (tests, `npm start`) the worker is TypeScript and loads tsx; compiled, it is plain JavaScript.
  const fromSources = import.meta.url.endsWith('.ts');
  // Only the flags that load modules: under Node 24's test runner execArgv also holds flags a
  // worker refuses (ERR_WORKER_INVALID_EXEC_ARGV).
  const loading = process.execArgv.filter(
    (a, i, all) =>
      /^--(import|require|conditions)(=|$)/.test(a) || /^--(import|require|conditions)$/.test(all[i - 1] ?? ''),
  );
  const execArgv =
    !fromSources || loading.some((a) => a.includes('tsx'))
      ? loading
      : [...loading, '--import', import.meta.resolve('tsx')];
  const pool = new Piscina({
    filename: new URL(fromSources ? './password-check-worker.ts' : './password-check-worker.js', import.meta.url).href,
    minThreads: 1,
    maxThreads: 1,
    idleTimeout: Infinity,
    execArgv,
  });
  return {
    judge(password, personal = {}) {
      const task: PasswordCheckTask = { password, email: personal.email, name: personal.name };
      return pool.run(task) as Promise<PasswordVerdict>;
    },
    async close() {
      await pool.destroy();
    },
  };
}
