import { gunzipSync } from 'node:zlib';
import { FileError } from './errors.ts';

export type FileFormat = 'gpx' | 'tcx' | 'fit';

/** What the content says it is: the file name is never consulted. */
export interface Sniffed {
  format: FileFormat;
  gzip: boolean;
  /** The decompressed bytes. */
  bytes: Uint8Array;
}

export const defaultMaxBytes = 100 * 1024 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function isFit(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && bytes[8] === 0x2e && bytes[9] === 0x46 && bytes[10] === 0x49 && bytes[11] === 0x54;
}

/** Decompresses a gzip member, mapping zlib failures to FileError codes. */
export function gunzip(bytes: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new FileError(
        'too_large',
        `The file is larger than ${Math.round(maxBytes / 1048576)} MB once decompressed.`,
        { cause: error },
      );
    }
    if (code === 'Z_BUF_ERROR') {
      throw new FileError(
        'truncated_file',
        'The compressed file ends too early: it was probably cut during upload or download.',
        { cause: error },
      );
    }
    throw new FileError('corrupt_file', 'The compressed file is damaged and cannot be decompressed.', { cause: error });
  }
}

/** Name of the first element of an XML document (prefix removed), or null if it is not XML. */
export function xmlRootName(bytes: Uint8Array): string | null {
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 8192));
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text[i] !== '<') return null;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) return null;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) return null;
      i = end + 3;
    } else if (text.startsWith('<!', i)) {
      const end = text.indexOf('>', i);
      if (end < 0) return null;
      i = end + 1;
    } else {
      const match = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i, i + 200));
      if (!match) return null;
      const name = match[1]!;
      return name.slice(name.indexOf(':') + 1);
    }
  }
}

function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  return true;
}

/** Finds the format from the content (gzip magic, ".FIT" at byte 8, XML root element). */
export function sniff(input: Uint8Array, maxBytes = defaultMaxBytes): Sniffed {
  if (input.length === 0 || isBlank(input)) throw new FileError('empty_file', 'The file is empty.');
  let bytes = input;
  let gzip = false;
  if (isGzip(bytes)) {
    gzip = true;
    bytes = gunzip(bytes, maxBytes);
    if (bytes.length === 0 || isBlank(bytes))
      throw new FileError('empty_file', 'The compressed file contains nothing.');
  }
  if (bytes.length > maxBytes) {
    throw new FileError('too_large', `The file is larger than ${Math.round(maxBytes / 1048576)} MB.`);
  }
  if (isFit(bytes)) return { format: 'fit', gzip, bytes };
  const root = xmlRootName(bytes);
  if (root === 'gpx') return { format: 'gpx', gzip, bytes };
  if (root === 'TrainingCenterDatabase') return { format: 'tcx', gzip, bytes };
  if (root !== null) {
    throw new FileError(
      'unknown_format',
      `This is an XML file of another kind (<${root}>), not a GPX, TCX or FIT activity.`,
    );
  }
  throw new FileError('unknown_format', 'This file is not a GPX, TCX or FIT activity.');
}
