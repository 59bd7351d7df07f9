import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ImportFile, ImportFileStatus, ImportJob, ImportJobStatus, ImportJobSummary } from '@runnerly/contracts';
import type { PlannedFile } from './domain/plan.ts';
import type { ImportFileRow, ImportJobRow, ImportsTables } from './tables.ts';

type Db = Kysely<ImportsTables>;
const CHUNK = 200;

export interface NewFile extends PlannedFile {
  /** Stored upload, relative to DATA_DIR/imports. */
  blob: string | null;
  /** The runner says it is a run. */
  isRun?: boolean;
}

/** The job and its files, in one transaction: from here on the database is the truth. */
export async function createJob(
  db: Db,
  job: { id: string; userId: string },
  files: NewFile[],
  now: Date,
): Promise<ImportFileRow[]> {
  const at = now.toISOString();
  const rows: ImportFileRow[] = files.map((f, position) => ({
    id: randomUUID(),
    job_id: job.id,
    position,
    name: f.name.slice(0, 500),
    blob: f.status === 'pending' ? f.blob : null,
    entry: f.entry,
    size: f.size,
    status: f.status,
    run_id: null,
    run_ids: null,
    note: null,
    is_run: f.isRun ? 1 : 0,
    error_code: f.error?.code ?? null,
    error_message: f.error?.message ?? null,
    strava_activity_id: f.strava?.id ?? null,
    strava_name: f.strava?.name ?? null,
    strava_description: f.strava?.description ?? null,
    strava_type: f.strava?.type ?? null,
    sent_at: null,
    updated_at: at,
  }));
  const pending = rows.some((r) => r.status === 'pending');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('import_jobs')
      .values({
        id: job.id,
        user_id: job.userId,
        status: pending ? 'queued' : settledStatus(countOf(rows)),
        created_at: at,
        updated_at: at,
        finished_at: pending ? null : at,
        enqueued_at: null,
      })
      .execute();
    for (let i = 0; i < rows.length; i += CHUNK)
      await trx
        .insertInto('import_files')
        .values(rows.slice(i, i + CHUNK))
        .execute();
  });
  return rows;
}

export async function findJob(db: Db, jobId: string): Promise<ImportJobRow | undefined> {
  return db.selectFrom('import_jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
}

type Counts = Record<ImportFileStatus, number>;
const zero = (): Counts => ({ pending: 0, added: 0, duplicate: 0, failed: 0, skipped: 0 });

function countOf(rows: Array<{ status: ImportFileStatus }>): Counts {
  const c = zero();
  for (const r of rows) c[r.status]++;
  return c;
}

/** Every file settled: failed when none could be imported (and some failed). */
function settledStatus(c: Counts): ImportJobStatus {
  return c.failed > 0 && c.added + c.duplicate === 0 ? 'failed' : 'done';
}

function summaryOf(job: ImportJobRow, c: Counts): ImportJobSummary {
  const total = c.pending + c.added + c.duplicate + c.failed + c.skipped;
  return {
    job_id: job.id,
    status: job.status,
    total,
    done: total - c.pending,
    failed: c.failed,
    skipped: c.skipped,
    added: c.added,
    duplicates: c.duplicate,
    created_at: job.created_at,
    finished_at: job.finished_at,
  };
}

async function countsFor(db: Db, jobIds: string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>(jobIds.map((id) => [id, zero()]));
  if (!jobIds.length) return out;
  const rows = await db
    .selectFrom('import_files')
    .select(['job_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('job_id', 'in', jobIds)
    .groupBy(['job_id', 'status'])
    .execute();
  for (const r of rows) out.get(r.job_id)![r.status] = Number(r.n);
  return out;
}

export function fileView(f: ImportFileRow): ImportFile {
  return {
    name: f.name,
    status: f.status,
    ...(f.run_id ? { run_id: f.run_id } : {}),
    ...(f.run_ids ? { run_ids: JSON.parse(f.run_ids) as string[] } : {}),
    ...(f.note ? { note: f.note } : {}),
    ...(f.strava_activity_id ? { strava_activity_id: f.strava_activity_id } : {}),
    ...(f.error_code ? { error: { code: f.error_code, message: f.error_message ?? f.error_code } } : {}),
  };
}

export async function jobView(db: Db, job: ImportJobRow): Promise<ImportJob> {
  const files = await db
    .selectFrom('import_files')
    .selectAll()
    .where('job_id', '=', job.id)
    .orderBy('position')
    .execute();
  return { ...summaryOf(job, countOf(files)), files: files.map(fileView) };
}

export async function listJobs(db: Db, userId: string, limit: number, offset = 0): Promise<ImportJobSummary[]> {
  const jobs = await db
    .selectFrom('import_jobs')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  const counts = await countsFor(
    db,
    jobs.map((j) => j.id),
  );
  return jobs.map((j) => summaryOf(j, counts.get(j.id)!));
}

export async function pendingFiles(db: Db, jobId: string, ids?: string[]): Promise<ImportFileRow[]> {
  let q = db.selectFrom('import_files').selectAll().where('job_id', '=', jobId).where('status', '=', 'pending');
  if (ids) q = q.where('id', 'in', ids.length ? ids : ['-']);
  return q.orderBy('position').execute();
}

export async function markRunning(db: Db, jobId: string, now: Date): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({ status: 'running', updated_at: now.toISOString() })
    .where('id', '=', jobId)
    .where('status', '=', 'queued')
    .execute();
}

export interface Settlement {
  status: Exclude<ImportFileStatus, 'pending'>;
  runId?: string | null;
  /** Every run of a file that holds several. */
  runIds?: string[];
  note?: string | null;
  error?: { code: string; message: string } | null;
}

/** Settles a pending file; a file another worker already settled stays as it is. */
export async function settleFile(db: Db, fileId: string, s: Settlement, now: Date): Promise<void> {
  await db
    .updateTable('import_files')
    .set({
      status: s.status,
      run_id: s.runId ?? null,
      run_ids: s.runIds && s.runIds.length > 1 ? JSON.stringify(s.runIds) : null,
      note: s.note ?? null,
      error_code: s.error?.code ?? null,
      error_message: s.error?.message ?? null,
      blob: null,
      updated_at: now.toISOString(),
    })
    .where('id', '=', fileId)
    .where('status', '=', 'pending')
    .execute();
}

/** Closes the job once no file is pending; true when this call closed it. */
export async function finishIfComplete(db: Db, jobId: string, now: Date): Promise<boolean> {
  const counts = (await countsFor(db, [jobId])).get(jobId)!;
  if (counts.pending > 0) return false;
  const at = now.toISOString();
  const res = await db
    .updateTable('import_jobs')
    .set({ status: settledStatus(counts), finished_at: at, updated_at: at })
    .where('id', '=', jobId)
    .where('finished_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** The job's pending files are on the bus (null: they are not, the sweeper will put them there). */
export async function markEnqueued(db: Db, jobId: string, now: Date | null): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({ enqueued_at: now ? now.toISOString() : null })
    .where('id', '=', jobId)
    .execute();
}

/** Unfinished jobs whose work never reached the bus (it was down when they were created), oldest first. */
export async function unenqueuedJobs(db: Db, createdBefore: Date, limit = 50): Promise<ImportJobRow[]> {
  return db
    .selectFrom('import_jobs')
    .selectAll()
    .where('finished_at', 'is', null)
    .where('enqueued_at', 'is', null)
    .where('created_at', '<', createdBefore.toISOString())
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/**
 * Stamps the files' first send (a file sent before keeps its time) and returns each one's as
 * stored: another handler of the same files (a redelivered message) may have stamped it first.
 */
export async function markSent(db: Db, fileIds: string[], now: Date): Promise<Map<string, string>> {
  const stamped = new Map<string, string>();
  for (let i = 0; i < fileIds.length; i += CHUNK) {
    const chunk = fileIds.slice(i, i + CHUNK);
    await db
      .updateTable('import_files')
      .set({ sent_at: now.toISOString() })
      .where('id', 'in', chunk)
      .where('sent_at', 'is', null)
      .execute();
    const rows = await db.selectFrom('import_files').select(['id', 'sent_at']).where('id', 'in', chunk).execute();
    for (const r of rows) if (r.sent_at) stamped.set(r.id, r.sent_at);
  }
  return stamped;
}

/** Jobs with work left (after a crash or a restart). */
export async function unfinishedJobs(db: Db): Promise<ImportJobRow[]> {
  return db.selectFrom('import_jobs').selectAll().where('finished_at', 'is', null).orderBy('created_at').execute();
}
