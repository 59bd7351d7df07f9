import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readEntries, type EntryResult } from './domain/zip.ts';
import type { ImportsDeps } from './deps.ts';
import type { ImportFileRow } from './tables.ts';

type StoreDeps = Pick<ImportsDeps, 'db' | 'blobDir' | 'limits' | 'uploadStore'>;

const gone: EntryResult = {
  ok: false,
  code: 'missing_file',
  message: 'The uploaded bytes are gone; upload the file again.',
};

/** Files read from the upload folder at a time when their bytes move to the database. */
const CHUNK = 25;

/** The bytes of each file from the upload folder: plain uploads as they came, ZIP entries read (capped) from their ZIP. */
async function fromFiles(deps: StoreDeps, files: readonly ImportFileRow[]): Promise<Map<string, EntryResult>> {
  const out = new Map<string, EntryResult>();
  const zips = new Map<string, ImportFileRow[]>();
  for (const f of files) {
    if (!f.blob) {
      out.set(f.id, gone);
      continue;
    }
    if (f.entry) {
      zips.set(f.blob, [...(zips.get(f.blob) ?? []), f]);
      continue;
    }
    try {
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- UPLOAD_DIR/<a name the service generated and stored>
      out.set(f.id, { ok: true, bytes: await readFile(join(deps.blobDir, f.blob)) });
    } catch {
      out.set(f.id, gone);
    }
  }
  for (const [blob, group] of zips) {
    let entries: Map<string, EntryResult>;
    try {
      entries = await readEntries(
        join(deps.blobDir, blob),
        new Set(group.map((f) => f.entry!)),
        deps.limits.maxFileBytes,
      );
    } catch {
      entries = new Map(
        group.map((f) => [
          f.entry!,
          { ok: false, code: 'corrupt_file', message: 'The ZIP could not be read.' } as EntryResult,
        ]),
      );
    }
    for (const f of group) out.set(f.id, entries.get(f.entry!)!);
  }
  return out;
}

/**
 * With UPLOAD_STORE=database, the replica that took an upload moves the bytes of every file still
 * to parse (each ZIP entry on its own) from its upload folder into the database, so that any
 * replica can parse them, and empties the folder. A file that cannot be read keeps no bytes and
 * fails, when parsed, with the reason. With `files` nothing moves.
 */
export async function keepUploads(deps: StoreDeps, jobId: string, rows: readonly ImportFileRow[]): Promise<void> {
  if (deps.uploadStore !== 'database') return;
  const pending = rows.filter((r) => r.status === 'pending');
  for (let i = 0; i < pending.length; i += CHUNK) {
    const chunk = pending.slice(i, i + CHUNK);
    const bytes = await fromFiles(deps, chunk);
    const values = chunk.flatMap((f) => {
      const b = bytes.get(f.id);
      return b?.ok ? [{ file_id: f.id, job_id: jobId, bytes: b.bytes }] : [];
    });
    if (values.length)
      await deps.db
        .insertInto('upload_bytes')
        .values(values)
        .onConflict((c) => c.doNothing())
        .execute();
  }
  await rm(join(deps.blobDir, jobId), { recursive: true, force: true });
}

/** The bytes of each file, from wherever UPLOAD_STORE keeps them. */
export async function loadBytes(deps: StoreDeps, files: readonly ImportFileRow[]): Promise<Map<string, EntryResult>> {
  if (deps.uploadStore !== 'database') return fromFiles(deps, files);
  const rows = files.length
    ? await deps.db
        .selectFrom('upload_bytes')
        .select(['file_id', 'bytes'])
        .where(
          'file_id',
          'in',
          files.map((f) => f.id),
        )
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.file_id, Buffer.from(r.bytes)]));
  return new Map(
    files.map((f) => {
      const b = byId.get(f.id);
      return [f.id, b ? ({ ok: true, bytes: b } as EntryResult) : gone];
    }),
  );
}

/** A finished job's uploaded bytes, wherever they are. */
export async function dropBytes(deps: Pick<ImportsDeps, 'db' | 'blobDir'>, jobId: string): Promise<void> {
  await rm(join(deps.blobDir, jobId), { recursive: true, force: true });
  await deps.db.deleteFrom('upload_bytes').where('job_id', '=', jobId).execute();
}
