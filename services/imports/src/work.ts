import type { BatchResult, Run, RunInput } from '@runnerly/contracts';
import { AppError } from '@runnerly/service-kit';
import type { BusMessage } from '@runnerly/bus';
import { batches } from './domain/plan.ts';
import type { ImportsDeps } from './deps.ts';
import { compressOriginal, keepOriginal, type KeptBytes } from './originals.ts';
import { dropBytes, loadBytes } from './upload-store.ts';
import type { ImportFileRow } from './tables.ts';
import {
  finishIfComplete,
  markEnqueued,
  markRunning,
  markSent,
  pendingFiles,
  settleFile,
  unenqueuedJobs,
  unfinishedJobs,
  type Settlement,
} from './store.ts';

/** Job queue: parse some files of a job and hand their runs to the data service. */
export const PARSE_QUEUE = 'imports.parse';
export const MAX_ATTEMPTS = 5;

export interface ParsePayload {
  job_id: string;
  file_ids: string[];
}

/** Up to 25 files or ~64 MB per message. */
export async function enqueuePending(
  deps: Pick<ImportsDeps, 'bus'>,
  jobId: string,
  files: Array<Pick<ImportFileRow, 'id' | 'size' | 'status'>>,
): Promise<number> {
  const pending = files.filter((f) => f.status === 'pending');
  const groups = batches(pending, 25, 64 * 1024 * 1024);
  for (const group of groups) {
    const payload: ParsePayload = { job_id: jobId, file_ids: group.map((f) => f.id) };
    await deps.bus.enqueue(PARSE_QUEUE, payload, { id: `${jobId}:${group[0]!.id}` });
  }
  return groups.length;
}

/** After a crash or a restart: the pending files of unfinished jobs are the work left. */
export async function resumeUnfinished(deps: ImportsDeps): Promise<number> {
  let count = 0;
  for (const job of await unfinishedJobs(deps.db)) {
    const files = await pendingFiles(deps.db, job.id);
    if (files.length) {
      try {
        count += await enqueuePending(deps, job.id, files);
        await markEnqueued(deps.db, job.id, deps.now());
      } catch (err) {
        // The bus is away: the sweeper enqueues the job once it is back.
        deps.logger.warn({ err, job: job.id }, 'unfinished job not enqueued at start; the sweeper will');
        await markEnqueued(deps.db, job.id, null);
      }
    } else if (await finishIfComplete(deps.db, job.id, deps.now())) await dropBytes(deps, job.id);
  }
  return count;
}

/**
 * The database is the truth, the bus a trigger: jobs created while the broker could not take
 * their work (`enqueued_at` null) are enqueued here once it can. Returns the jobs handed over;
 * stops at the first refusal (the broker is still away: the next pass tries again).
 */
export async function enqueueStranded(deps: ImportsDeps, graceMs = 2000): Promise<number> {
  let handed = 0;
  for (const job of await unenqueuedJobs(deps.db, new Date(deps.now().getTime() - graceMs))) {
    const files = await pendingFiles(deps.db, job.id);
    if (files.length) await enqueuePending(deps, job.id, files);
    else if (await finishIfComplete(deps.db, job.id, deps.now())) await dropBytes(deps, job.id);
    await markEnqueued(deps.db, job.id, deps.now());
    handed++;
  }
  return handed;
}

/** Runs `enqueueStranded` every `intervalMs` until stopped. */
export function startSweeper(deps: ImportsDeps, intervalMs: number): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let failing = false;
  const tick = () => {
    running = enqueueStranded(deps)
      .then((n) => {
        failing = false;
        if (n) deps.logger.info({ jobs: n }, 'import jobs created while the bus was away are now enqueued');
      })
      .catch((err: unknown) => {
        // Once per outage, not once per pass.
        if (!failing) deps.logger.warn({ err }, 'import jobs not enqueued yet; will retry');
        failing = true;
      })
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** One run of a file on its way to the data service (a file may hold several). */
interface Outgoing {
  file: ImportFileRow;
  run: RunInput;
}

/** What the data service said about one run. */
type RunResult = { status: 'added' | 'duplicate'; runId: string } | { status: 'failed'; error: Settlement['error'] };

/** Batches of runs whose JSON stays under the data service's 8 MB body limit. */
function bySize(runs: Outgoing[], maxBytes = 6 * 1024 * 1024): Outgoing[][] {
  const out: Outgoing[][] = [];
  let current: Outgoing[] = [];
  let bytes = 0;
  for (const r of runs) {
    const size = JSON.stringify(r.run).length;
    if (current.length && (bytes + size > maxBytes || current.length >= 500)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * A run the data service already knew, of a file sent before: by an attempt cut short by a crash
 * or a restart, or by another handler of the same files at the same time (a message redelivered
 * while a restarted replica enqueued the job again). If this very file created it, after its
 * first send, and no file of another upload produced it, it was added by this job, not a
 * duplicate. Asked whatever this handler's snapshot said: the other handler's send may be the
 * one that stored it.
 */
async function addedByEarlierAttempt(deps: ImportsDeps, g: Outgoing, runId: string): Promise<boolean> {
  if (!g.file.sent_at) return false;
  const other = await deps.db
    .selectFrom('original_file_runs')
    .select('file_id')
    .where('run_id', '=', runId)
    .where('file_id', '!=', g.file.id)
    .executeTakeFirst();
  if (other) return false;
  const res = await deps.data.get<Run>(`/runs/${runId}`);
  if (res.status !== 200) return false;
  const first = res.body.sources[0];
  return (
    first?.source === g.run.source &&
    first.source_id === g.run.source_id &&
    Date.parse(res.body.created_at) >= Date.parse(g.file.sent_at) - 1000
  );
}

/** `claimed`: the runs files of this batch have added (a second copy of a file is a duplicate of the first). */
async function sendRuns(
  deps: ImportsDeps,
  group: Outgoing[],
  claimed = new Set<string>(),
): Promise<Map<Outgoing, RunResult>> {
  const out = new Map<Outgoing, RunResult>();
  const res = await deps.data.post<BatchResult & { code?: string; message?: string }>('/runs/batch', {
    body: { runs: group.map((g) => g.run) },
  });
  if (res.status === 200) {
    for (const [i, g] of group.entries()) {
      const r = res.body.runs[i]!;
      const added = !claimed.has(r.id) && (r.added || (!r.merged && (await addedByEarlierAttempt(deps, g, r.id))));
      if (added) claimed.add(r.id);
      out.set(g, { status: added ? 'added' : 'duplicate', runId: r.id });
    }
    return out;
  }
  if (res.status === 400 && group.length > 1) {
    // One bad run rejects the whole batch: find it by sending them one by one.
    for (const g of group) for (const [k, v] of await sendRuns(deps, [g], claimed)) out.set(k, v);
    return out;
  }
  if (res.status === 400 || res.status === 413) {
    out.set(group[0]!, {
      status: 'failed',
      error: { code: 'rejected', message: `The run was refused: ${res.body.message ?? res.status}` },
    });
    return out;
  }
  throw new AppError(502, 'upstream_error', `data service answered ${res.status} ${res.body.code ?? ''}`);
}

/** A file's outcome from its runs': added if one is new, duplicate if all were known, failed if none could be stored. */
function settleRuns(results: RunResult[], note: string | null): Settlement {
  const stored = results.filter((r): r is Extract<RunResult, { runId: string }> => r.status !== 'failed');
  if (stored.length === 0) {
    const failed = results.find((r): r is Extract<RunResult, { status: 'failed' }> => r.status === 'failed');
    return { status: 'failed', error: failed?.error ?? null, note };
  }
  const failures = results.length - stored.length;
  const more = failures > 0 ? ` ${failures} of its ${results.length} runs could not be stored.` : '';
  return {
    status: stored.some((r) => r.status === 'added') ? 'added' : 'duplicate',
    runId: stored[0]!.runId,
    runIds: stored.map((r) => r.runId),
    note: note || more ? `${note ?? ''}${more}`.trim() : null,
  };
}

/**
 * One work message: the still-pending files among `file_ids` are read, parsed in worker
 * threads and sent to the data service; each file is settled once (a repeated message finds
 * nothing pending). A file that cannot be read or parsed fails alone. On the last attempt a
 * data service outage fails the files instead of leaving the job running forever.
 */
export async function handleParseBatch(payload: ParsePayload, deps: ImportsDeps, attempt = 1): Promise<void> {
  const files = await pendingFiles(deps.db, payload.job_id, payload.file_ids);
  if (files.length) {
    await markRunning(deps.db, payload.job_id, deps.now());
    const job = await deps.db
      .selectFrom('import_jobs')
      .select('user_id')
      .where('id', '=', payload.job_id)
      .executeTakeFirstOrThrow();
    let profileZone: string;
    try {
      profileZone = await deps.profileZone(job.user_id);
    } catch (err) {
      if (attempt < MAX_ATTEMPTS) throw err;
      deps.logger.warn({ err, job: payload.job_id }, 'runner profile unreachable on the last attempt: default zone');
      profileZone = deps.defaultTimeZone;
    }
    const bytes = await loadBytes(deps, files);
    const parsed: Array<{ file: ImportFileRow; runs: Outgoing[]; note: string | null; kept: KeptBytes }> = [];
    await Promise.all(
      files.map(async (file) => {
        const loaded = bytes.get(file.id)!;
        if (!loaded.ok) {
          await settleFile(
            deps.db,
            file.id,
            { status: 'failed', error: { code: loaded.code, message: loaded.message } },
            deps.now(),
          );
          return;
        }
        bytes.delete(file.id);
        // Kept before the parser takes the buffer (it is moved to the worker thread, not copied).
        const kept = await compressOriginal(loaded.bytes);
        const outcome = await deps.pool.parse({
          bytes: loaded.bytes,
          maxBytes: deps.limits.maxFileBytes,
          isRun: file.is_run === 1,
          meta: {
            userId: job.user_id,
            stravaActivityId: file.strava_activity_id,
            name: file.strava_name,
            description: file.strava_description,
            type: file.strava_type,
            defaultTimeZone: profileZone,
          },
        });
        if (outcome.ok)
          parsed.push({
            file,
            runs: outcome.runs.map((run) => ({ file, run })),
            note: outcome.note,
            kept,
          });
        else
          await settleFile(
            deps.db,
            file.id,
            { status: outcome.error.code === 'unsupported_sport' ? 'skipped' : 'failed', error: outcome.error },
            deps.now(),
          );
      }),
    );
    parsed.sort((a, b) => a.file.position - b.file.position);
    const results = new Map<Outgoing, RunResult>();
    const settledFiles = new Set<string>();
    for (const group of bySize(parsed.flatMap((p) => p.runs))) {
      let sent: Map<Outgoing, RunResult>;
      try {
        // Each file's first send as stored, not this handler's snapshot (see addedByEarlierAttempt).
        const files = new Map(group.map((g) => [g.file.id, g.file]));
        for (const [id, at] of await markSent(deps.db, [...files.keys()], deps.now())) files.get(id)!.sent_at = at;
        sent = await sendRuns(deps, group);
      } catch (err) {
        if (attempt < MAX_ATTEMPTS) throw err;
        deps.logger.error({ err, job: payload.job_id }, 'data service unreachable on the last attempt: files failed');
        sent = new Map(
          group.map((g) => [
            g,
            {
              status: 'failed',
              error: {
                code: 'unavailable',
                message: 'The run could not be stored (the data service was unavailable); upload the file again later.',
              },
            },
          ]),
        );
      }
      for (const [k, v] of sent) results.set(k, v);
      // Settle each file once all its runs are answered, so a retry after a later failure skips it.
      for (const entry of parsed) {
        if (settledFiles.has(entry.file.id) || !entry.runs.every((r) => results.has(r))) continue;
        settledFiles.add(entry.file.id);
        const settlement = settleRuns(
          entry.runs.map((r) => results.get(r)!),
          entry.note,
        );
        // The original file first: a crash between the two leaves the file pending, kept again on the retry.
        if (settlement.runIds?.length)
          await keepOriginal(deps.db, job.user_id, entry.file, entry.kept, settlement.runIds, deps.now());
        await settleFile(deps.db, entry.file.id, settlement, deps.now());
      }
    }
  }
  if (await finishIfComplete(deps.db, payload.job_id, deps.now())) await dropBytes(deps, payload.job_id);
}

/** Consumes the work queue; `stop()` refuses new messages (they are redelivered) and waits for those in hand. */
export async function startWorker(deps: ImportsDeps, concurrency = 2): Promise<{ stop(): Promise<void> }> {
  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  await deps.bus.work(
    PARSE_QUEUE,
    async (m: BusMessage) => {
      if (stopping) throw new Error('imports worker stopping');
      const run = handleParseBatch(m.payload as ParsePayload, deps, m.attempt);
      inFlight.add(run);
      try {
        await run;
      } finally {
        inFlight.delete(run);
      }
    },
    { concurrency, maxAttempts: MAX_ATTEMPTS, retryDelayMs: 1000 },
  );
  return {
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
