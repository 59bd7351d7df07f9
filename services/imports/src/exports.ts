import { randomUUID } from 'node:crypto';
import { writeEvent } from '@runnerly/bus';
import type { BusMessage } from '@runnerly/bus';
import { topics, type DataExport, type ExportReadyEvent, type Run, type RunStreams } from '@runnerly/contracts';
import { ZipFile } from 'yazl';
import type { ImportsDeps } from './deps.ts';
import { runGpx } from './domain/gpx.ts';
import { findOriginal } from './originals.ts';
import type { ExportJobRow } from './tables.ts';

/** Job queue: build one runner's export ZIP. */
export const EXPORT_QUEUE = 'imports.export';
/** How long a ready ZIP can be downloaded. */
const EXPORT_TTL_MS = 7 * 86_400_000;

type ExportDeps = Pick<ImportsDeps, 'db' | 'bus' | 'data' | 'logger' | 'now'>;

export function exportView(row: ExportJobRow): DataExport {
  return {
    export_id: row.id,
    status: row.status,
    total: row.total,
    done: row.done,
    size: row.size === null ? null : Number(row.size),
    error: row.error,
    created_at: row.created_at,
    finished_at: row.finished_at,
    expires_at: row.expires_at,
  };
}

/**
 * A new export (or the one already being built: one at a time per runner). The row is the
 * truth; the bus message only triggers the work (the worker at start enqueues unfinished ones).
 */
export async function requestExport(deps: ExportDeps, userId: string, runner: unknown): Promise<ExportJobRow> {
  const busy = await deps.db
    .selectFrom('export_jobs')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  if (busy) return busy;
  const at = deps.now().toISOString();
  const row: ExportJobRow = {
    id: randomUUID(),
    user_id: userId,
    status: 'queued',
    total: 0,
    done: 0,
    runner_json: JSON.stringify(runner, null, 2),
    size: null,
    error: null,
    created_at: at,
    updated_at: at,
    finished_at: null,
    expires_at: null,
  };
  await deps.db.insertInto('export_jobs').values(row).execute();
  await deps.bus
    .enqueue(EXPORT_QUEUE, { export_id: row.id }, { id: `export:${row.id}` })
    .catch((err: unknown) =>
      deps.logger.warn({ err, export: row.id }, 'export not enqueued; the worker will at start'),
    );
  return row;
}

export async function listExports(deps: Pick<ImportsDeps, 'db'>, userId: string): Promise<ExportJobRow[]> {
  return deps.db
    .selectFrom('export_jobs')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(5)
    .execute();
}

async function all<T>(deps: ExportDeps, path: string): Promise<T> {
  const res = await deps.data.get<T>(path);
  if (res.status !== 200) throw new Error(`data service answered ${res.status} to ${path}`);
  return res.body;
}

async function runIds(deps: ExportDeps, userId: string): Promise<Array<{ id: string; start_time: string }>> {
  const out: Array<{ id: string; start_time: string }> = [];
  let before: string | null = null;
  for (;;) {
    const q: URLSearchParams = new URLSearchParams({ limit: '100', ...(before ? { before } : {}) });
    const page: { runs: Array<{ id: string; start_time: string }>; next_before: string | null } = await all<{
      runs: Array<{ id: string; start_time: string }>;
      next_before: string | null;
    }>(deps, `/users/${userId}/runs?${q}`);
    out.push(...page.runs.map((r) => ({ id: r.id, start_time: r.start_time })));
    if (!page.next_before || page.next_before === before) return out;
    before = page.next_before;
  }
}

function zipToBuffer(zip: ZipFile): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** A name for a ZIP entry: no folders, nothing odd. */
const safe = (name: string) => name.replace(/[^A-Za-z0-9._ -]/g, '_').slice(0, 120) || 'file';

/**
 * Builds the export of one job: runner.json (what the gateway gathered), per run
 * `runs/<date>_<id>.json` (the data service's run detail with its streams), its original file
 * under `originals/`, or a GPX under `gpx/` for a run with a track and no file. Progress is
 * written as runs are done; the ZIP, the `ready` status and the `export.ready` event are one
 * transaction. A repeated message for a finished job does nothing; an interrupted one starts over.
 */
export async function buildExport(deps: ExportDeps, exportId: string): Promise<void> {
  const job = await deps.db.selectFrom('export_jobs').selectAll().where('id', '=', exportId).executeTakeFirst();
  if (!job || (job.status !== 'queued' && job.status !== 'running')) return;
  const runs = await runIds(deps, job.user_id);
  await deps.db
    .updateTable('export_jobs')
    .set({ status: 'running', total: runs.length, done: 0, updated_at: deps.now().toISOString() })
    .where('id', '=', exportId)
    .execute();
  const zip = new ZipFile();
  const output = zipToBuffer(zip);
  const mtime = new Date(job.created_at);
  zip.addBuffer(Buffer.from(job.runner_json), 'runner.json', { mtime });
  let done = 0;
  let lastWrite = Date.now();
  for (const { id, start_time } of runs) {
    const run = await all<Run>(deps, `/runs/${id}`);
    if (run.user_id !== job.user_id) throw new Error('the data service answered another runner’s run');
    const streams = run.has_streams ? await all<RunStreams>(deps, `/runs/${id}/streams`) : null;
    const base = `${start_time.slice(0, 10)}_${id}`;
    zip.addBuffer(Buffer.from(JSON.stringify({ ...run, streams }, null, 2)), `runs/${base}.json`, { mtime });
    const original = await findOriginal(deps.db, job.user_id, id);
    if (original) zip.addBuffer(original.bytes, `originals/${base}_${safe(original.name)}`, { mtime });
    else if (streams) {
      const gpx = runGpx(run, streams);
      if (gpx) zip.addBuffer(Buffer.from(gpx), `gpx/${base}.gpx`, { mtime });
    }
    done++;
    if (Date.now() - lastWrite > 500 || done === runs.length) {
      lastWrite = Date.now();
      await deps.db
        .updateTable('export_jobs')
        .set({ done, updated_at: deps.now().toISOString() })
        .where('id', '=', exportId)
        .where('status', '=', 'running')
        .execute();
    }
  }
  zip.end();
  const bytes = await output;
  const now = deps.now();
  const expires = new Date(now.getTime() + EXPORT_TTL_MS).toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('export_jobs')
      .set({
        status: 'ready',
        done,
        size: bytes.length,
        finished_at: now.toISOString(),
        updated_at: now.toISOString(),
        expires_at: expires,
      })
      .where('id', '=', exportId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return;
    await trx.insertInto('export_zips').values({ job_id: exportId, bytes }).execute();
    const event: ExportReadyEvent = {
      user_id: job.user_id,
      export_id: exportId,
      runs: done,
      size: bytes.length,
      expires_at: expires,
    };
    await writeEvent(trx, topics.exportReady, event);
  });
  deps.logger.info({ export: exportId, runs: done, bytes: bytes.length }, 'export ready');
}

async function failExport(deps: ExportDeps, exportId: string, err: unknown): Promise<void> {
  deps.logger.error({ err, export: exportId }, 'export failed');
  await deps.db
    .updateTable('export_jobs')
    .set({
      status: 'failed',
      error: 'The export could not be built; ask for a new one.',
      updated_at: deps.now().toISOString(),
    })
    .where('id', '=', exportId)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/** Ready exports past their date: the ZIP deleted, the row kept as `expired`. */
export async function expireExports(deps: Pick<ImportsDeps, 'db' | 'now'>): Promise<number> {
  const now = deps.now().toISOString();
  const ids = (
    await deps.db
      .selectFrom('export_jobs')
      .select('id')
      .where('status', '=', 'ready')
      .where('expires_at', '<=', now)
      .execute()
  ).map((r) => r.id);
  if (!ids.length) return 0;
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('export_zips').where('job_id', 'in', ids).execute();
    await trx.updateTable('export_jobs').set({ status: 'expired', updated_at: now }).where('id', 'in', ids).execute();
  });
  return ids.length;
}

/** The account is gone: its exports too. */
export async function forgetExports(deps: Pick<ImportsDeps, 'db'>, userId: string): Promise<void> {
  const ids = (await deps.db.selectFrom('export_jobs').select('id').where('user_id', '=', userId).execute()).map(
    (r) => r.id,
  );
  if (!ids.length) return;
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('export_zips').where('job_id', 'in', ids).execute();
    await trx.deleteFrom('export_jobs').where('id', 'in', ids).execute();
  });
}

const MAX_ATTEMPTS = 3;

/**
 * Consumes the export queue and, at start, enqueues the exports left queued or running (a
 * restart or a crash mid-build: they are built again from the start). Expired ZIPs are deleted
 * every `sweepMs`.
 */
export async function startExportWorker(deps: ExportDeps, sweepMs = 60_000): Promise<{ stop(): Promise<void> }> {
  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  await deps.bus.work(
    EXPORT_QUEUE,
    async (m: BusMessage) => {
      if (stopping) throw new Error('export worker stopping');
      const { export_id } = m.payload as { export_id: string };
      const run = buildExport(deps, export_id).catch(async (err: unknown) => {
        if (m.attempt < MAX_ATTEMPTS) throw err;
        await failExport(deps, export_id, err);
      });
      inFlight.add(run);
      try {
        await run;
      } finally {
        inFlight.delete(run);
      }
    },
    { concurrency: 1, maxAttempts: MAX_ATTEMPTS, retryDelayMs: 2000 },
  );
  const unfinished = await deps.db
    .selectFrom('export_jobs')
    .select('id')
    .where('status', 'in', ['queued', 'running'])
    .execute();
  for (const { id } of unfinished)
    await deps.bus
      .enqueue(EXPORT_QUEUE, { export_id: id }, { id: `export:${id}:${Date.now()}` })
      .catch((err: unknown) => deps.logger.warn({ err, export: id }, 'unfinished export not enqueued'));
  if (unfinished.length) deps.logger.info({ exports: unfinished.length }, 'resumed unfinished exports');
  const sweep = () =>
    expireExports(deps).catch((err: unknown) => deps.logger.warn({ err }, 'expired exports not deleted yet'));
  const timer = setInterval(sweep, sweepMs);
  timer.unref();
  void sweep();
  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
