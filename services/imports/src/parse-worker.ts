// Runs in a piscina worker thread: parsing a 25 MB file takes about a second of CPU, which
// must never happen on the event loop every service of the embedded mode shares.
import { FileError, parseFile } from '@runnerly/activity-files';
import type { RunInput } from '@runnerly/contracts';
import { toFileRuns, type FileMeta } from './domain/run-input.ts';

export interface ParseTask {
  bytes: Uint8Array;
  meta: FileMeta;
  maxBytes: number;
  /** The runner says the file is a run (overrules a guessed or declared other sport). */
  isRun?: boolean;
}

export type ParseOutcome =
  | { ok: true; runs: RunInput[]; note: string | null; format: string; parseMs: number }
  | { ok: false; error: { code: string; message: string } };

export default function parse(task: ParseTask): ParseOutcome {
  const started = performance.now();
  try {
    const parsed = parseFile(task.bytes, { maxBytes: task.maxBytes, runningOnly: true, isRun: task.isRun ?? false });
    return {
      ok: true,
      ...toFileRuns(parsed, task.meta),
      format: parsed.format,
      parseMs: performance.now() - started,
    };
  } catch (err) {
    const fileError =
      err instanceof FileError
        ? err
        : new FileError('corrupt_file', 'The file could not be read: its content is inconsistent.');
    return { ok: false, error: { code: fileError.code, message: fileError.message } };
  }
}
