import type { Assembled } from './assemble.ts';
import { contentHash } from './content-hash.ts';
import { FileError } from './errors.ts';
import { parseFit } from './fit/parse-fit.ts';
import { parseGpx } from './gpx/parse-gpx.ts';
import { defaultMaxBytes, sniff, type FileFormat } from './sniff.ts';
import { describeSport, mayBeRunning, sportFromName, tooFastForARun } from './sport.ts';
import { summarize, type ActivitySummary, type SummarizeOptions } from './summary/summarize.ts';
import { parseTcx } from './tcx/parse-tcx.ts';
import type { SportPart, Track } from './track.ts';

export interface ParseOptions extends SummarizeOptions {
  /** Largest accepted size once decompressed (bytes); default 100 MB. */
  maxBytes?: number;
  /** Refuse files with no running part (unsupported_sport); default false: the caller decides. */
  runningOnly?: boolean;
  /** The runner says the file is a run: a guessed or declared other sport is overruled. */
  isRun?: boolean;
}

/** One activity of a file: a run, unless the caller accepts other sports. */
export interface ParsedActivity {
  track: Track;
  summary: ActivitySummary;
  /** Id given by the device for this activity (FIT serial + time, TCX UnitId + Activity Id), if any. */
  externalId: string | null;
}

export interface ParsedFile {
  format: FileFormat;
  gzip: boolean;
  /** sha256 hex of the decompressed bytes, for deduplication. */
  contentHash: string;
  /** In time order: one for most files, several for a TCX of several Activities or a brick. */
  activities: ParsedActivity[];
  /** What the file held besides its activities (the bike and swim of a triathlon), for the runner. */
  leftOut: SportPart[];
}

/** A file that holds exactly one activity (the usual case), with the fields of ParsedFile. */
export type ParsedSingle = ParsedActivity & Omit<ParsedFile, 'activities'>;

/**
 * GPX carries no sport and FIT may say "generic": guess it from the name ("Afternoon Ride"),
 * then from the speed (faster than the world record over the distance is not a run).
 */
function inferSport(track: Track, summary: ActivitySummary): void {
  if (track.sport !== 'unknown') return;
  const named = sportFromName(track.name);
  if (named) {
    track.sport = named;
    track.sportSource = 'name';
  }
  if (mayBeRunning(track.sport) && tooFastForARun(summary.distance, summary.movingTime)) {
    track.sport = 'cycling';
    track.sportSource = 'speed';
  }
}

function pace(summary: ActivitySummary): string {
  const perKm = summary.movingTime / (summary.distance / 1000);
  const min = Math.floor(perKm / 60);
  const sec = Math.round(perKm - min * 60);
  return `${(summary.distance / 1000).toFixed(1)} km at ${min}:${String(sec).padStart(2, '0')}/km`;
}

function notARun(activity: ParsedActivity): FileError {
  const { track, summary } = activity;
  const what = describeSport(track.sport);
  const why =
    track.sportSource === 'speed'
      ? `It looks like ${what}: ${pace(summary)} is faster than anyone runs that distance.`
      : track.sportSource === 'name'
        ? `Its name ("${track.name}") says it is ${what}.`
        : `The file says it is ${what}.`;
  return new FileError(
    'unsupported_sport',
    `This activity is not a run. ${why} If it was a run, import it again marked as a run.`,
  );
}

function parseBytes(format: FileFormat, bytes: Uint8Array): Assembled {
  return format === 'fit' ? parseFit(bytes) : format === 'tcx' ? parseTcx(bytes) : parseGpx(bytes);
}

function read(input: Uint8Array, options: ParseOptions): ParsedFile {
  const sniffed = sniff(input, options.maxBytes ?? defaultMaxBytes);
  const assembled = parseBytes(sniffed.format, sniffed.bytes);
  const leftOut = [...assembled.leftOut];
  let activities = assembled.activities.map(({ track, externalId }) => {
    const summary = summarize(track, options);
    inferSport(track, summary);
    return { track, summary, externalId };
  });
  if (options.isRun) {
    for (const { track } of activities) {
      if (!mayBeRunning(track.sport)) {
        track.sport = 'running';
        track.sportSource = 'file';
      }
    }
  }
  if (options.runningOnly) {
    const runs = activities.filter((a) => mayBeRunning(a.track.sport));
    if (runs.length === 0) throw notARun(activities[0]!);
    for (const other of activities.filter((a) => !runs.includes(a))) {
      leftOut.push({
        sport: other.track.sport,
        start: other.summary.startTimeMs,
        end: other.summary.startTimeMs + other.summary.elapsedTime * 1000,
        distance: other.summary.distance,
      });
    }
    activities = runs;
  }
  return { format: sniffed.format, gzip: sniffed.gzip, contentHash: contentHash(sniffed.bytes), activities, leftOut };
}

/**
 * Turns the bytes of a GPX, TCX or FIT file (or their .gz) into its activities with their
 * summaries. The format comes from the content, never from a file name. Bad input throws
 * FileError; nothing else is thrown for any input.
 */
export function parseFile(input: Uint8Array, options: ParseOptions = {}): ParsedFile {
  try {
    return read(input, options);
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError('corrupt_file', 'The file could not be read: its content is inconsistent.', { cause: error });
  }
}

/** The first activity of a file (see parseFile for files with several). */
export function parseActivity(input: Uint8Array, options: ParseOptions = {}): ParsedSingle {
  const { activities, ...file } = parseFile(input, options);
  return { ...file, ...activities[0]! };
}
