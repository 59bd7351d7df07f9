import { Piscina } from 'piscina';
import { workerModule } from '@runnerly/service-kit';
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
  const worker = workerModule(import.meta.url, 'password-check-worker');
  const pool = new Piscina({
    filename: worker.filename,
    minThreads: 1,
    maxThreads: 1,
    idleTimeout: Infinity,
    execArgv: worker.execArgv,
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
