import { readFileSync, statSync } from 'node:fs';

/**
 * The service's clock: the system's, or — when `file` is set (tests, demos) — the instant written in that
 * file, read again whenever the file changes, so that a test can move the runner's days forward.
 */
export function serviceClock(file: string | undefined): () => Date {
  if (!file) return () => new Date();
  let seen = -1;
  let value = new Date();
  return () => {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- CLOCK_FILE, a test and demo setting
    const mtime = statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
    if (mtime !== seen) {
      seen = mtime;
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- CLOCK_FILE, a test and demo setting
      const t = mtime === -1 ? Number.NaN : Date.parse(readFileSync(file, 'utf8').trim());
      value = Number.isFinite(t) ? new Date(t) : new Date();
    }
    return value;
  };
}
