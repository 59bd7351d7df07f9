import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { findActivitiesCsv, planZip, type PlannedFile } from './domain/plan.ts';
import { inspectZip, isZip, readEntries, ZipRefused } from './domain/zip.ts';
import type { ImportLimits } from './deps.ts';
import type { NewFile } from './store.ts';

export interface SavedUpload {
  name: string;
  /** Relative to the blob folder; null when nothing was kept. */
  blob: string | null;
  size: number;
  zip: boolean;
  /** Cut at the limit: nothing kept. */
  tooLarge: boolean;
}

/** A name safe to show: the base name, no control characters, at most 200 characters. */
export function cleanName(name: string | undefined, index: number): string {
  const base = basename((name ?? '').replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return (base || `file-${index + 1}`).slice(0, 200);
}

async function write(out: WriteStream, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Streams one uploaded file to `<blobDir>/<rel>`. A ZIP may reach `maxZipBytes`, anything
 * else `maxFileBytes`: past its limit a file stops being written (the rest is drained) and
 * is reported too large. Nothing is held in memory beyond a chunk.
 */
export async function saveUpload(
  stream: Readable & { truncated?: boolean },
  blobDir: string,
  rel: string,
  name: string,
  limits: ImportLimits,
): Promise<SavedUpload> {
  const path = join(blobDir, rel);
  let out: WriteStream | null = null;
  let size = 0;
  let zip = false;
  let tooLarge = false;
  let first = true;
  for await (const raw of stream) {
    const chunk = raw as Buffer;
    if (first) {
      first = false;
      zip = isZip(chunk);
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- blobDir/<job uuid>/<generated name>: no part comes from the upload
      out = createWriteStream(path, { flags: 'wx' });
    }
    size += chunk.length;
    if (tooLarge) continue;
    if (size > (zip ? limits.maxZipBytes : limits.maxFileBytes)) {
      tooLarge = true;
      continue;
    }
    await write(out!, chunk);
  }
  if (stream.truncated) tooLarge = true;
  if (out) {
    out.end();
    await once(out, 'close');
  }
  if (tooLarge || size === 0) {
    await rm(path, { force: true });
    return { name, blob: null, size, zip, tooLarge };
  }
  return { name, blob: rel, size, zip, tooLarge };
}

/**
 * The file rows of one saved upload: one for a plain file; for a ZIP, one per activity
 * (a Strava export) or per activity file. A likely zip bomb throws ZipRefused('zip_bomb');
 * an unreadable ZIP becomes one failed row.
 */
export async function planUpload(saved: SavedUpload, blobDir: string, limits: ImportLimits): Promise<NewFile[]> {
  const mb = (b: number) => Math.round(b / 1048576);
  if (saved.size === 0)
    return [
      {
        name: saved.name,
        entry: null,
        size: 0,
        blob: null,
        status: 'failed',
        error: { code: 'empty_file', message: 'The file is empty.' },
      },
    ];
  if (saved.tooLarge) {
    const limit = saved.zip ? limits.maxZipBytes : limits.maxFileBytes;
    return [
      {
        name: saved.name,
        entry: null,
        size: saved.size,
        blob: null,
        status: 'failed',
        error: { code: 'too_large', message: `The ${saved.zip ? 'ZIP' : 'file'} is larger than ${mb(limit)} MB.` },
      },
    ];
  }
  if (!saved.zip) return [{ name: saved.name, entry: null, size: saved.size, blob: saved.blob, status: 'pending' }];
  const path = join(blobDir, saved.blob!);
  let planned: PlannedFile[];
  try {
    const entries = await inspectZip(path, {
      maxEntries: limits.maxZipEntries,
      maxUnzippedBytes: limits.maxUnzippedBytes,
      maxRatio: limits.maxZipRatio,
    });
    const csv = findActivitiesCsv(entries);
    let csvText: string | null = null;
    if (csv) {
      const read = (await readEntries(path, new Set([csv.name]), 64 * 1024 * 1024)).get(csv.name)!;
      if (!read.ok) throw new ZipRefused('invalid_zip', `activities.csv cannot be read: ${read.message}`);
      csvText = read.bytes.toString('utf8');
    }
    planned = planZip(entries, csv, csvText, limits.maxFileBytes);
  } catch (err) {
    if (err instanceof ZipRefused && err.code === 'invalid_zip') {
      return [
        {
          name: saved.name,
          entry: null,
          size: saved.size,
          blob: null,
          status: 'failed',
          error: { code: 'corrupt_file', message: err.message },
        },
      ];
    }
    throw err;
  }
  if (!planned.length)
    return [
      {
        name: saved.name,
        entry: null,
        size: saved.size,
        blob: null,
        status: 'failed',
        error: { code: 'no_activity', message: 'The ZIP holds no GPX, TCX or FIT file and no activities.csv.' },
      },
    ];
  return planned.map((p) => ({ ...p, blob: p.status === 'pending' ? saved.blob : null }));
}

export async function makeJobDir(blobDir: string, jobId: string): Promise<void> {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- blobDir/<job uuid>, generated by the service
  await mkdir(join(blobDir, jobId), { recursive: true });
}
