import { contentHash } from './content-hash.ts';
import { FileError } from './errors.ts';
import { parseFit } from './fit/parse-fit.ts';
import { parseGpx } from './gpx/parse-gpx.ts';
import { defaultMaxBytes, sniff, type FileFormat } from './sniff.ts';
import { mayBeRunning } from './sport.ts';
import { summarize, type ActivitySummary, type SummarizeOptions } from './summary/summarize.ts';
import { parseTcx } from './tcx/parse-tcx.ts';
import type { Track } from './track.ts';

export interface ParseOptions extends SummarizeOptions {
  /** Largest accepted size once decompressed (bytes); default 100 MB. */
  maxBytes?: number;
  /** Refuse files with no running part (unsupported_sport); default false: the caller decides. */
  runningOnly?: boolean;
}

export interface ParsedActivity {
  format: FileFormat;
  gzip: boolean;
  track: Track;
  summary: ActivitySummary;
  /** Id given by the device or the exporting app (FIT serial + time_created, TCX Activity Id), if any. */
  externalId: string | null;
  /** sha256 hex of the decompressed bytes, for deduplication. */
  contentHash: string;
}

/** Parses the normalised track only (no summary). */
export function parseTrack(
  input: Uint8Array,
  options: ParseOptions = {},
): { format: FileFormat; gzip: boolean; track: Track; externalId: string | null; contentHash: string } {
  const sniffed = sniff(input, options.maxBytes ?? defaultMaxBytes);
  const parsed =
    sniffed.format === 'fit'
      ? parseFit(sniffed.bytes)
      : sniffed.format === 'tcx'
        ? parseTcx(sniffed.bytes)
        : parseGpx(sniffed.bytes);
  if (options.runningOnly && !mayBeRunning(parsed.track.sport)) {
    throw new FileError('unsupported_sport', `This activity is ${parsed.track.sport}, not a run.`);
  }
  return {
    format: sniffed.format,
    gzip: sniffed.gzip,
    track: parsed.track,
    externalId: parsed.externalId,
    contentHash: contentHash(sniffed.bytes),
  };
}

/**
 * Turns the bytes of a GPX, TCX or FIT file (or their .gz) into a normalised track and its
 * summary. The format comes from the content, never from a file name. Bad input throws
 * FileError; nothing else is thrown for any input.
 */
export function parseActivity(input: Uint8Array, options: ParseOptions = {}): ParsedActivity {
  try {
    const parsed = parseTrack(input, options);
    return { ...parsed, summary: summarize(parsed.track, options) };
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError('corrupt_file', 'The file could not be read: its content is inconsistent.', { cause: error });
  }
}
