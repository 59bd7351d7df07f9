import { useCallback, useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError, uploadFiles, type ImportFile, type ImportJob, type ImportJobSummary } from '../api.ts';
import { acceptedExtensions, acceptedName, formatBytes, perFileSent } from '../lib/progress.ts';
import { momentIn } from '../format.ts';
import { useProfile } from '../profile.tsx';
import { useSession } from '../session.tsx';
import { Notice, Page } from '../ui.tsx';

const POLL_MS = 1000;

interface Batch {
  key: number;
  files: Array<{ name: string; size: number }>;
  sent: number[];
  phase: 'uploading' | 'processing' | 'finished' | 'error';
  error?: string;
  job?: ImportJob;
}

export default function ImportPage() {
  const { user } = useSession();
  const [params] = useSearchParams();
  const shownJob = params.get('job');
  const [batches, setBatches] = useState<Batch[]>([]);
  const [refused, setRefused] = useState<string[]>([]);
  const [over, setOver] = useState(false);
  const [recentKey, setRecentKey] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const nextKey = useRef(1);
  const hintId = useId();

  const update = (key: number, change: (b: Batch) => Batch) =>
    setBatches((list) => list.map((b) => (b.key === key ? change(b) : b)));

  const start = useCallback(
    async (list: File[]) => {
      if (!user) return;
      const ok = list.filter((f) => acceptedName(f.name));
      setRefused(list.filter((f) => !acceptedName(f.name)).map((f) => f.name));
      if (!ok.length) return;
      const key = nextKey.current++;
      const sizes = ok.map((f) => f.size);
      setBatches((bs) => [
        { key, files: ok.map((f) => ({ name: f.name, size: f.size })), sent: sizes.map(() => 0), phase: 'uploading' },
        ...bs,
      ]);
      try {
        const accepted = await uploadFiles(user.id, ok, (loaded, total) =>
          update(key, (b) => ({ ...b, sent: perFileSent(sizes, loaded, total) })),
        );
        update(key, (b) => ({ ...b, sent: sizes, phase: 'processing' }));
        // The work runs in the background: follow the job until every file is settled.
        for (;;) {
          const job = await api<ImportJob>('GET', `/api/imports/users/${user.id}/imports/${accepted.job_id}`);
          const finished = job.status === 'done' || job.status === 'failed';
          update(key, (b) => ({ ...b, job, phase: finished ? 'finished' : 'processing' }));
          if (finished) break;
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
        setRecentKey((k) => k + 1);
      } catch (err) {
        update(key, (b) => ({
          ...b,
          phase: 'error',
          error: err instanceof ApiError ? err.message : 'The upload failed. Try again.',
        }));
      }
    },
    [user],
  );

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setOver(false);
    void start([...e.dataTransfer.files]);
  }

  return (
    <Page title="Import runs from files">
      <div
        className={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p className="dropzone-title">Drop files here</p>
        <p className="muted">
          GPX, TCX and FIT files from your watch (also <code>.gz</code>), or the ZIP of a whole Strava export: up to 500
          MB at once.
        </p>
        <input
          ref={input}
          id="import-files"
          className="file-input"
          type="file"
          multiple
          accept={acceptedExtensions.join(',')}
          aria-describedby={hintId}
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            void start(files);
          }}
        />
        <label className="button" htmlFor="import-files">
          Choose files
        </label>
        <p className="hint" id={hintId}>
          The format is read from the content. Runs already in Runnerly (from Strava, another file or the export) are
          not added twice.
        </p>
      </div>
      {refused.length > 0 && (
        <Notice kind="error">
          Not uploaded: {refused.join(', ')}. Runnerly takes {acceptedExtensions.join(' ')} files; for a Strava export,
          upload the ZIP as it is.
        </Notice>
      )}
      {batches.map((b) => (
        <BatchView key={b.key} batch={b} />
      ))}
      {shownJob && user && <JobById userId={user.id} jobId={shownJob} />}
      <section className="card" aria-labelledby="recent-h">
        <h2 id="recent-h">Recent imports</h2>
        <RecentImports key={recentKey} limit={10} />
      </section>
      <p>
        <Link to="/connections">Connect Strava instead</Link> to import new runs automatically.
      </p>
    </Page>
  );
}

function BatchView({ batch }: { batch: Batch }) {
  const { job } = batch;
  const totalBytes = batch.files.reduce((s, f) => s + f.size, 0);
  const sentBytes = batch.sent.reduce((s, n) => s + n, 0);
  const title = batch.files.length === 1 ? batch.files[0]!.name : `${batch.files.length} files`;
  return (
    <section className="card batch" aria-label={`Upload of ${title}`}>
      <h2>{title}</h2>
      {batch.phase === 'uploading' && (
        <>
          <label className="sync-label" htmlFor={`up-${batch.key}`}>
            Uploading: {formatBytes(sentBytes)} of {formatBytes(totalBytes)}
          </label>
          <progress id={`up-${batch.key}`} className="bar-progress" max={totalBytes || 1} value={sentBytes} />
          <ul className="file-progress">
            {batch.files.map((f, i) => (
              <li key={i}>
                <span className="file-name">{f.name}</span>
                <progress max={f.size || 1} value={batch.sent[i] ?? 0} aria-label={`${f.name} uploaded`} />
                <span className="meta">{Math.round(((batch.sent[i] ?? 0) / (f.size || 1)) * 100)}%</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {batch.phase === 'error' && <Notice kind="error">{batch.error}</Notice>}
      {batch.phase === 'processing' && !job && <p aria-busy="true">Uploaded. Waiting for the importer to start…</p>}
      {job && <JobResults job={job} />}
    </section>
  );
}

function JobById({ userId, jobId }: { userId: string; jobId: string }) {
  const zone = useProfile().prefs.time_zone;
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () =>
      api<ImportJob>('GET', `/api/imports/users/${userId}/imports/${encodeURIComponent(jobId)}`).then(
        (j) => {
          if (!live) return;
          setJob(j);
          if (j.status === 'queued' || j.status === 'running') timer = setTimeout(load, POLL_MS);
        },
        (err: unknown) =>
          live &&
          setError(
            err instanceof ApiError && err.status === 404
              ? 'This import does not exist, or it is not yours.'
              : 'This import could not be loaded.',
          ),
      );
    void load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [userId, jobId]);
  return (
    <section className="card batch" aria-labelledby="job-h">
      <h2 id="job-h">Import of {job ? momentIn(job.created_at, zone) : '…'}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {!job && !error && <p aria-busy="true">Loading the import…</p>}
      {job && <JobResults job={job} />}
    </section>
  );
}

const statusLabel: Record<ImportFile['status'], string> = {
  pending: 'Waiting',
  added: 'Added',
  duplicate: 'Already there',
  skipped: 'Skipped',
  failed: 'Failed',
};

function fileDetail(f: ImportFile) {
  if (f.status === 'added' && f.run_id)
    return (
      <Link to={`/runs/${f.run_id}`}>
        Open the run<span className="sr-only"> from {f.name}</span>
      </Link>
    );
  if (f.status === 'duplicate')
    return (
      <>
        Already in Runnerly
        {f.run_id && (
          <>
            {' '}
            — <Link to={`/runs/${f.run_id}`}>open it</Link>
          </>
        )}
      </>
    );
  if (f.status === 'skipped')
    return f.error?.code === 'unsupported_sport' ? 'Not a run (another sport)' : (f.error?.message ?? 'Not a run');
  if (f.status === 'failed') return f.error?.message ?? 'Could not be read';
  return '';
}

/** The job's progress and one row per file (an export: one row per activity). */
export function JobResults({ job }: { job: ImportJob }) {
  const settled = job.added + job.duplicates + job.skipped + job.failed;
  const finished = job.status === 'done' || job.status === 'failed';
  const order: Record<string, number> = { failed: 0, added: 1, duplicate: 2, skipped: 3, pending: 4 };
  const files = [...job.files].sort((a, b) => (order[a.status] ?? 9) - (order[b.status] ?? 9));
  return (
    <div className="job">
      <label className="sync-label" htmlFor={`job-${job.job_id}`}>
        {finished ? `Finished: ${settled} of ${job.total} files` : `Importing: ${settled} of ${job.total} files done`}
      </label>
      <progress id={`job-${job.job_id}`} className="bar-progress" max={job.total || 1} value={settled} />
      <p className="counts">
        <span className="count count-added">{job.added} added</span>
        <span className="count count-duplicate">{job.duplicates} already there</span>
        <span className="count count-skipped">{job.skipped} skipped</span>
        <span className="count count-failed">{job.failed} failed</span>
      </p>
      {job.failed > 0 && finished && (
        <p className="meta">
          A file that failed was not stored. Export it again from the watch or Strava and upload it on its own.
        </p>
      )}
      <div className="table-scroll">
        <table className="data files">
          <caption className="sr-only">Result per file</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Result</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f, i) => (
              <tr key={`${f.name}-${i}`} className={`file-${f.status}`}>
                <th scope="row" className="file-name">
                  {f.name}
                </th>
                <td>
                  <span className={`status status-${f.status}`}>{statusLabel[f.status]}</span>
                </td>
                <td>{fileDetail(f)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The latest upload jobs, newest first, each linking to its results. */
export function RecentImports({ limit }: { limit: number }) {
  const zone = useProfile().prefs.time_zone;
  const { user } = useSession();
  const [jobs, setJobs] = useState<ImportJobSummary[] | null>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    if (!user) return;
    api<{ jobs: ImportJobSummary[] }>('GET', `/api/imports/users/${user.id}/imports?limit=${limit}`).then(
      (r) => setJobs(r.jobs),
      () => setError(true),
    );
  }, [user, limit]);
  if (error) return <p className="muted">Your recent imports could not be loaded.</p>;
  if (!jobs) return <p aria-busy="true">Loading your imports…</p>;
  if (!jobs.length)
    return (
      <p className="muted">
        No imports yet. <Link to="/import">Upload files</Link> to add runs from your watch or a Strava export.
      </p>
    );
  return (
    <ul className="recent-imports">
      {jobs.map((j) => (
        <li key={j.job_id}>
          <Link to={`/import?job=${j.job_id}`}>{momentIn(j.created_at, zone)}</Link>{' '}
          <span className="meta">
            {j.total} file{j.total === 1 ? '' : 's'}: {j.added} added, {j.duplicates} already there, {j.skipped}{' '}
            skipped, {j.failed} failed
            {j.status === 'queued' || j.status === 'running' ? ' (still importing)' : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
