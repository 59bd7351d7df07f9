import { posix } from 'node:path';
import { isRunType, isStravaId, readActivitiesCsv, type ExportActivity } from './strava-export.ts';
import type { ZipEntryInfo } from './zip.ts';

export interface FileError {
  code: string;
  message: string;
}

/** A file row to create for an upload: what to parse, or why it will not be. */
export interface PlannedFile {
  name: string;
  /** Path inside the ZIP, null for a plain upload. */
  entry: string | null;
  /** Declared size (bytes), for batching. */
  size: number;
  status: 'pending' | 'skipped' | 'failed';
  error?: FileError;
  strava?: { id: string | null; name: string | null; description: string | null; type: string | null };
}

const activityFile = /\.(gpx|tcx|fit)(\.gz)?$/i;

/** The activities.csv of a Strava export (the shallowest one), if the ZIP has one. */
export function findActivitiesCsv(entries: ZipEntryInfo[]): ZipEntryInfo | undefined {
  return entries
    .filter((e) => posix.basename(e.name).toLowerCase() === 'activities.csv')
    .sort((a, b) => a.name.split('/').length - b.name.split('/').length)[0];
}

/**
 * Which entries of a ZIP to import. With a Strava export's activities.csv: one row per
 * activity (other sports skipped, runs without a file skipped, a listed file missing from
 * the ZIP or too large failed), with its Strava id, name and description. Without it: every
 * GPX/TCX/FIT(.gz) entry.
 */
export function planZip(
  entries: ZipEntryInfo[],
  csvEntry: ZipEntryInfo | undefined,
  csvText: string | null,
  maxFileBytes: number,
): PlannedFile[] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const rows = csvText === null ? null : readActivitiesCsv(csvText);
  if (!rows) {
    return entries
      .filter((e) => activityFile.test(e.name))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((e) => sized(e.name, e.name, e.size, maxFileBytes));
  }
  const dir = csvEntry ? posix.dirname(csvEntry.name) : '.';
  return rows.map((row) => planRow(row, dir, byName, maxFileBytes));
}

function planRow(
  row: ExportActivity,
  dir: string,
  byName: Map<string, ZipEntryInfo>,
  maxFileBytes: number,
): PlannedFile {
  const strava = {
    id: isStravaId(row.id) ? row.id : null,
    name: row.name || null,
    description: row.description || null,
    type: row.type || null,
  };
  const path = row.filename ? posix.normalize(posix.join(dir, row.filename)).replace(/^\.\//, '') : '';
  const name = path || `${row.id} (${row.type || 'activity'})`;
  if (!isRunType(row.type)) {
    return {
      name,
      entry: null,
      size: 0,
      status: 'skipped',
      strava,
      error: { code: 'unsupported_sport', message: `${row.type || 'This activity'} is not a run.` },
    };
  }
  if (!path)
    return {
      name,
      entry: null,
      size: 0,
      status: 'skipped',
      strava,
      error: { code: 'missing_file', message: 'The export has no activity file for this run (entered by hand?).' },
    };
  const entry = byName.get(path);
  if (!entry)
    return {
      name,
      entry: null,
      size: 0,
      status: 'failed',
      strava,
      error: { code: 'missing_file', message: 'activities.csv lists this file but the ZIP does not contain it.' },
    };
  return { ...sized(name, path, entry.size, maxFileBytes), strava };
}

function sized(name: string, entry: string, size: number, maxFileBytes: number): PlannedFile {
  if (size === 0)
    return { name, entry, size, status: 'failed', error: { code: 'empty_file', message: 'The file is empty.' } };
  if (size > maxFileBytes)
    return {
      name,
      entry,
      size,
      status: 'failed',
      error: { code: 'too_large', message: `The file is larger than ${Math.round(maxFileBytes / 1048576)} MB.` },
    };
  return { name, entry, size, status: 'pending' };
}

/** Groups pending files into work batches: at most `maxFiles` files and about `maxBytes` each. */
export function batches<T extends { size: number }>(files: T[], maxFiles: number, maxBytes: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const f of files) {
    if (current.length && (current.length >= maxFiles || bytes + f.size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(f);
    bytes += f.size;
  }
  if (current.length) out.push(current);
  return out;
}
