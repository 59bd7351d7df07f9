import type { OutboxTables } from '@runnerly/bus';
import type { ExportStatus } from '@runnerly/contracts';
import type { ImportFileStatus, ImportJobStatus } from '@runnerly/contracts';

/** One upload request: its files are `import_files` rows. */
export interface ImportJobRow {
  id: string;
  user_id: string;
  status: ImportJobStatus;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  /** When its pending files were handed to the bus; null: not yet (the broker was down). */
  enqueued_at: string | null;
}

/**
 * One activity to import: an uploaded file, or an entry of an uploaded ZIP. The bytes stay
 * under DATA_DIR/imports/<job>/ until the job is finished; `pending` rows are the work left.
 */
export interface ImportFileRow {
  id: string;
  job_id: string;
  /** Order of the files in the job (0-based). */
  position: number;
  name: string;
  /** Stored upload, relative to DATA_DIR/imports. */
  blob: string | null;
  /** Path of the entry inside the ZIP `blob`, or null for a plain file. */
  entry: string | null;
  /** Bytes (declared size for a ZIP entry), for batching the work. */
  size: number;
  status: ImportFileStatus;
  /** The first run of the file; `run_ids` (JSON array) lists them all when there are several. */
  run_id: string | null;
  run_ids: string | null;
  /** What the runner should know (what a multisport file left out, what was repaired). */
  note: string | null;
  /** 1 when the runner said the file is a run, whatever it looks like. */
  is_run: number;
  error_code: string | null;
  error_message: string | null;
  /** From a Strava export's activities.csv. */
  strava_activity_id: string | null;
  strava_name: string | null;
  strava_description: string | null;
  strava_type: string | null;
  /** When its runs were first sent to the data service. */
  sent_at: string | null;
  updated_at: string;
}

/** A file's uploaded bytes, kept in the database until it is parsed (UPLOAD_STORE=database). */
export interface UploadBytesRow {
  file_id: string;
  job_id: string;
  bytes: Buffer;
}

/** The original file of imported runs (an upload, or one entry of a ZIP), gzipped. */
export interface OriginalFileRow {
  /** The import file row it came from. */
  id: string;
  user_id: string;
  name: string;
  /** Bytes before compression. */
  size: number;
  gzipped: Buffer;
  created_at: string;
}

/** A run an original file produced or merged into. */
export interface OriginalFileRunRow {
  run_id: string;
  file_id: string;
  user_id: string;
}

/** A runner's complete export (a ZIP built in the background). */
export interface ExportJobRow {
  id: string;
  user_id: string;
  status: ExportStatus;
  /** Runs to write, and written. */
  total: number;
  done: number;
  /** What the gateway gathered from every service (runner.json). */
  runner_json: string;
  size: number | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  /** After this the ZIP is deleted. */
  expires_at: string | null;
}

export interface ExportZipRow {
  job_id: string;
  bytes: Buffer;
}

export interface ImportsTables extends OutboxTables {
  import_jobs: ImportJobRow;
  import_files: ImportFileRow;
  upload_bytes: UploadBytesRow;
  original_files: OriginalFileRow;
  original_file_runs: OriginalFileRunRow;
  export_jobs: ExportJobRow;
  export_zips: ExportZipRow;
}
