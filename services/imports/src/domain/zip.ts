import yauzl, { type Entry, type ZipFile } from 'yauzl';

export interface ZipLimits {
  /** Entries in the central directory. */
  maxEntries: number;
  /** Sum of the declared uncompressed sizes. */
  maxUnzippedBytes: number;
  /** Largest uncompressed/compressed ratio of an entry above 1 MB. */
  maxRatio: number;
}

export interface ZipEntryInfo {
  /** Path inside the archive ('/' separators). */
  name: string;
  size: number;
  compressedSize: number;
}

/** A ZIP we will not open further: a likely zip bomb, or not a readable ZIP at all. */
export class ZipRefused extends Error {
  constructor(
    readonly code: 'zip_bomb' | 'invalid_zip',
    message: string,
  ) {
    super(message);
    this.name = 'ZipRefused';
  }
}

export function isZip(head: Uint8Array): boolean {
  return (
    head.length >= 4 &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    (head[2] === 0x03 || head[2] === 0x05) &&
    (head[3] === 0x04 || head[3] === 0x06)
  );
}

function open(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (err, zip) => {
        if (err || !zip)
          reject(new ZipRefused('invalid_zip', 'The ZIP file cannot be read: it is damaged or incomplete.'));
        else resolve(zip);
      },
    );
  });
}

/** The entry's name, or null for directories and unsafe names (absolute, `..`, backslashes): those are ignored. */
function entryName(entry: Entry): string | null {
  const raw = entry.fileName as unknown as Buffer | string;
  const name = typeof raw === 'string' ? raw : raw.toString('utf8');
  if (name.endsWith('/')) return null;
  if (yauzl.validateFileName(name) !== null) return null;
  if (name.split('/').some((p) => p === '..' || p === '.')) return null;
  return name;
}

/**
 * Walks the central directory (no entry is inflated) and refuses a likely zip bomb: too
 * many entries, too much declared content, or an entry compressed beyond any plausible
 * ratio. Declared sizes are enforced again when an entry is read (validateEntrySizes).
 */
export async function inspectZip(path: string, limits: ZipLimits): Promise<ZipEntryInfo[]> {
  const zip = await open(path);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ZipRefused(
        'zip_bomb',
        `The ZIP holds ${zip.entryCount} entries; at most ${limits.maxEntries} are accepted.`,
      );
    }
    const out: ZipEntryInfo[] = [];
    let total = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('error', () =>
        reject(new ZipRefused('invalid_zip', 'The ZIP file cannot be read: its directory is damaged.')),
      );
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        total += entry.uncompressedSize;
        if (total > limits.maxUnzippedBytes) {
          reject(
            new ZipRefused(
              'zip_bomb',
              `The ZIP would expand to more than ${Math.round(limits.maxUnzippedBytes / 1048576)} MB.`,
            ),
          );
          return;
        }
        const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
        if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio) {
          reject(
            new ZipRefused(
              'zip_bomb',
              `A ZIP entry is compressed ${Math.round(ratio)}:1; more than ${limits.maxRatio}:1 is refused as a zip bomb.`,
            ),
          );
          return;
        }
        const name = entryName(entry);
        if (name !== null) out.push({ name, size: entry.uncompressedSize, compressedSize: entry.compressedSize });
        zip.readEntry();
      });
      zip.readEntry();
    });
    return out;
  } finally {
    zip.close();
  }
}

export type EntryResult =
  { ok: true; bytes: Buffer } | { ok: false; code: 'too_large' | 'corrupt_file' | 'missing_file'; message: string };

function readStream(zip: ZipFile, entry: Entry, maxBytes: number): Promise<EntryResult> {
  return new Promise((resolve) => {
    if (entry.uncompressedSize > maxBytes) {
      resolve({
        ok: false,
        code: 'too_large',
        message: `The file is larger than ${Math.round(maxBytes / 1048576)} MB.`,
      });
      return;
    }
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        resolve({ ok: false, code: 'corrupt_file', message: 'This entry of the ZIP is damaged and cannot be read.' });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          stream.destroy();
          resolve({
            ok: false,
            code: 'too_large',
            message: `The file is larger than ${Math.round(maxBytes / 1048576)} MB.`,
          });
          return;
        }
        chunks.push(c);
      });
      stream.on('error', () =>
        resolve({
          ok: false,
          code: 'corrupt_file',
          message: 'This entry of the ZIP is damaged: it does not decompress to its declared size.',
        }),
      );
      stream.on('end', () => resolve({ ok: true, bytes: Buffer.concat(chunks, size) }));
    });
  });
}

/** Reads these entries (by name) into memory, each capped at `maxBytes`. */
export async function readEntries(
  path: string,
  names: ReadonlySet<string>,
  maxBytes: number,
): Promise<Map<string, EntryResult>> {
  const out = new Map<string, EntryResult>();
  const zip = await open(path);
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        const name = entryName(entry);
        if (name === null || !names.has(name) || out.has(name)) {
          zip.readEntry();
          return;
        }
        void readStream(zip, entry, maxBytes).then((r) => {
          out.set(name, r);
          if (out.size === names.size) resolve();
          else zip.readEntry();
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  for (const n of names)
    if (!out.has(n)) out.set(n, { ok: false, code: 'missing_file', message: 'The ZIP does not contain this file.' });
  return out;
}
