// Runs in a worker thread: the estimator's dictionaries take ~40 MB and half a second to build,
// and one check up to ~100 ms of CPU, which must never happen on the event loop every service of
// the embedded mode shares.
import { judgeNewPassword, type PasswordVerdict } from './domain/password-strength.ts';

export interface PasswordCheckTask {
  password: string;
  email?: string;
  name?: string | null;
}

// Build the dictionaries as the thread starts, before the first sign-up waits for them.
judgeNewPassword('warming up the estimator');

export default function check(task: PasswordCheckTask): PasswordVerdict {
  return judgeNewPassword(task.password, { email: task.email, name: task.name });
}
