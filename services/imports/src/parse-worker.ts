// Runs in a piscina worker thread: parsing a 25 MB file takes about a second of CPU, which
// must never happen on the event loop every service of the embedded mode shares.
import { FileError, parseActivity } from '@runnerly/activity-files';
import type { RunInput } from '@runnerly/contracts';
import { toRunInput, type FileMeta } from './domain/run-input.ts';

export interface ParseTask {
  bytes: Uint8Array;
  meta: FileMeta;
  maxBytes: number;
}

export type ParseOutcome =
  | { ok: true; run: RunInput; format: string; parseMs: number }
  | { ok: false; error: { code: string; message: string } };

export default function parse(task: ParseTask): ParseOutcome {
  const started = performance.now();
  try {
    const parsed = parseActivity(task.bytes, { maxBytes: task.maxBytes, runningOnly: true });
    return {
      ok: true,
      run: toRunInput(parsed, task.meta),
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
