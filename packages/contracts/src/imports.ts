import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, StringEnum, Uuid } from './common.ts';

/**
 * Scopes of the imports service. A user token reaches only its own jobs; a service token
 * with the scope acts for any user.
 */
export const importScopes = {
  importsRead: 'imports:read',
  importsWrite: 'imports:write',
} as const;

export const ImportJobStatus = Type.Union(
  ['queued', 'running', 'done', 'failed'].map((s) => Type.Literal(s)),
  {
    description:
      'queued: nothing parsed yet; running: files left to parse; done: every file settled; failed: no file could be imported',
  },
);
export type ImportJobStatus = 'queued' | 'running' | 'done' | 'failed';

export const ImportFileStatus = Type.Union(
  ['pending', 'added', 'duplicate', 'failed', 'skipped'].map((s) => Type.Literal(s)),
  {
    description:
      'added: a new run; duplicate: already stored (this or another source), nothing added; skipped: not a run (another sport, no activity file); failed: see error',
  },
);
export type ImportFileStatus = 'pending' | 'added' | 'duplicate' | 'failed' | 'skipped';

export const ImportFileError = Type.Object({
  code: Type.String({
    description:
      'empty_file, unknown_format, corrupt_file, truncated_file, no_activity, too_large, unsupported_sport, missing_file, rejected',
  }),
  message: Type.String(),
});

export const ImportFile = Type.Object({
  name: Type.String({ description: 'File name as uploaded, or the path inside the ZIP' }),
  status: ImportFileStatus,
  run_id: Type.Optional(Uuid),
  run_ids: Type.Optional(
    Type.Array(Uuid, {
      description: 'Every run of the file, when it holds several (a TCX of several activities, a brick)',
    }),
  ),
  note: Type.Optional(
    Type.String({
      description:
        'What the runner should know: what a multisport file held besides its runs, what was repaired (a clock jump, points without time)',
    }),
  ),
  strava_activity_id: Type.Optional(Type.String()),
  error: Type.Optional(ImportFileError),
});
export type ImportFile = Static<typeof ImportFile>;

const counts = {
  total: Type.Integer({ description: 'Files (and export activities) in the job' }),
  done: Type.Integer({ description: 'Files settled, whatever the outcome' }),
  failed: Type.Integer(),
  skipped: Type.Integer(),
  added: Type.Integer({ description: 'New runs' }),
  duplicates: Type.Integer({ description: 'Runs already stored: nothing added' }),
};

export const ImportJobSummary = Type.Object({
  job_id: Uuid,
  status: ImportJobStatus,
  ...counts,
  created_at: IsoDateTime,
  finished_at: Type.Union([IsoDateTime, Type.Null()]),
});
export type ImportJobSummary = Static<typeof ImportJobSummary>;

export const ImportJob = Type.Object({
  ...ImportJobSummary.properties,
  files: Type.Array(ImportFile),
});
export type ImportJob = Static<typeof ImportJob>;

export const ImportJobList = Type.Object({ jobs: Type.Array(ImportJobSummary) });
export type ImportJobList = Static<typeof ImportJobList>;

export const ImportAccepted = Type.Object({
  job_id: Uuid,
  status: ImportJobStatus,
  total: Type.Integer(),
});
export type ImportAccepted = Static<typeof ImportAccepted>;

export const ExportStatus = StringEnum(['queued', 'running', 'ready', 'failed', 'expired'], {
  description: 'queued → running → ready (download until expires_at) → expired (the ZIP deleted); failed: ask again',
});
export type ExportStatus = Static<typeof ExportStatus>;

/** A runner's complete export: a ZIP built in the background (runner.json, every run in full, the original files, GPX). */
export const DataExport = Type.Object({
  export_id: Uuid,
  status: ExportStatus,
  total: Type.Integer({ minimum: 0, description: 'Runs to write' }),
  done: Type.Integer({ minimum: 0, description: 'Runs written' }),
  size: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Bytes of the ZIP, once ready' }),
  error: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  finished_at: Type.Union([Type.String(), Type.Null()]),
  expires_at: Type.Union([Type.String(), Type.Null()]),
});
export type DataExport = Static<typeof DataExport>;

export const DataExportList = Type.Object({ exports: Type.Array(DataExport, { maxItems: 20 }) });
export type DataExportList = Static<typeof DataExportList>;
