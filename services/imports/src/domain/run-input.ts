import {
  describeSport,
  type ParsedActivity,
  type ParsedFile,
  type Split as FileSplit,
  type SportPart,
  type TrackPoint,
} from '@runnerly/activity-files';
import { offsetZone } from '@runnerly/calendar';
import type { RunInput, RunStreams, Split } from '@runnerly/contracts';
import { sportTypeOf } from './strava-export.ts';

/** What the job knows about a file besides its bytes (from a Strava export's activities.csv). */
export interface FileMeta {
  userId: string;
  stravaActivityId: string | null;
  name: string | null;
  description: string | null;
  type: string | null;
  /** Zone when the file gives none (no GPS, no clock offset): the runner's profile zone. */
  defaultTimeZone: string;
}

/** The runs of one file, and what the runner should know about it. */
export interface FileRuns {
  runs: RunInput[];
  note: string | null;
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const within = (x: number | null | undefined, lo: number, hi: number): number | null =>
  x === null || x === undefined || !Number.isFinite(x) || x < lo || x > hi ? null : round(x, 1);
const seconds = (x: number) => Math.min(30 * 86400, Math.max(0, Math.round(x)));

/** "Morning Run", "Lunch Run"…, as Strava names runs, from the local start hour. */
export function defaultName(startTime: string, timeZone: string): string {
  let hour = new Date(startTime).getUTCHours();
  try {
    hour = Number(
      new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone }).format(new Date(startTime)),
    );
  } catch {
    /* unknown zone: UTC */
  }
  const part =
    hour >= 5 && hour < 11
      ? 'Morning'
      : hour >= 11 && hour < 14
        ? 'Lunch'
        : hour >= 14 && hour < 18
          ? 'Afternoon'
          : hour >= 18 && hour < 22
            ? 'Evening'
            : 'Night';
  return `${part} Run`;
}

function haversine(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const r = 6_371_008.8;
  const toRad = Math.PI / 180;
  const dLat = (bLat - aLat) * toRad;
  const dLon = (bLon - aLon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * toRad) * Math.cos(bLat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Series downsampled to one sample every `step` seconds (3 s, more for very long runs so a run
 * stays under ~10,000 samples, well under 1 MB of JSON). Distance is the device's when it has
 * it, otherwise the path length scaled to the summary distance (which rejects GPS jumps).
 */
export function downsampleStreams(points: TrackPoint[], totalDistance: number, maxSamples = 10_000): RunStreams | null {
  if (points.length < 2) return null;
  const t0 = points[0]!.time;
  const duration = (points[points.length - 1]!.time - t0) / 1000;
  const step = Math.max(3, Math.ceil(duration / maxSamples));
  const kept: TrackPoint[] = [];
  let last = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const s = (p.time - t0) / 1000;
    if (s - last >= step || i === points.length - 1) {
      kept.push(p);
      last = s;
    }
  }
  const hasGps = kept.some((p) => p.lat !== undefined && p.lon !== undefined);
  const hasDevice = kept.filter((p) => p.distance !== undefined).length > kept.length * 0.9;
  const distance: number[] = [];
  let path = 0;
  let prev: TrackPoint | undefined;
  let lastDevice = 0;
  for (const p of kept) {
    if (hasDevice) {
      lastDevice = p.distance ?? lastDevice;
      distance.push(lastDevice);
      continue;
    }
    if (
      prev &&
      p.lat !== undefined &&
      p.lon !== undefined &&
      prev.lat !== undefined &&
      prev.lon !== undefined &&
      !p.resumed
    )
      path += haversine(prev.lat, prev.lon, p.lat, p.lon);
    if (p.lat !== undefined) prev = p;
    distance.push(path);
  }
  if (!hasDevice && path > 0 && totalDistance > 0)
    for (let i = 0; i < distance.length; i++) distance[i] = distance[i]! * (totalDistance / path);
  const streams: RunStreams = { time: kept.map((p) => round((p.time - t0) / 1000, 1)) };
  if (hasDevice || (hasGps && path > 0)) streams.distance = distance.map((d) => round(d, 1));
  if (hasGps) {
    // A sample without a fix repeats the previous fix (the contract wants a pair for each sample).
    let fix: [number, number] = [
      kept.find((p) => p.lat !== undefined)!.lat!,
      kept.find((p) => p.lon !== undefined)!.lon!,
    ];
    streams.latlng = kept.map(
      (p) => (fix = p.lat !== undefined && p.lon !== undefined ? [round(p.lat, 6), round(p.lon, 6)] : fix),
    );
  }
  if (kept.some((p) => p.altitude !== undefined))
    streams.altitude = kept.map((p) => (p.altitude === undefined ? null : round(p.altitude, 1)));
  if (kept.some((p) => p.heartRate !== undefined)) streams.heartrate = kept.map((p) => within(p.heartRate, 20, 260));
  if (kept.some((p) => p.cadence !== undefined)) streams.cadence = kept.map((p) => within(p.cadence, 0, 400));
  return streams;
}

function split(s: FileSplit): Split {
  return {
    index: s.index,
    distance_m: round(Math.max(0, s.distance), 1),
    elapsed_time_s: round(Math.max(0, s.elapsedTime), 1),
    moving_time_s: round(Math.max(0, s.movingTime), 1),
    elevation_difference_m: s.elevationChange === null ? null : round(s.elevationChange, 1),
    average_heartrate: s.averageHeartRate === null ? null : round(s.averageHeartRate, 1),
  };
}

/**
 * The data service's RunInput for one activity of a parsed file (source 'file'; source id the
 * content hash, `<hash>:<n>` for the n-th activity of a file that holds several).
 */
export function toRunInput(parsed: ParsedActivity, file: ParsedFile, index: number, meta: FileMeta): RunInput {
  const { summary, track } = parsed;
  const single = file.activities.length === 1;
  // Where it was run; else the clock offset the file was written with; else the runner's zone.
  const timezone = summary.timeZone ?? offsetZone(track.utcOffsetMinutes) ?? meta.defaultTimeZone;
  const given = single ? meta.name : null;
  const name = (given ?? track.name ?? '').trim().slice(0, 200) || defaultName(summary.startTime, timezone);
  return {
    user_id: meta.userId,
    source: 'file',
    source_id: index === 0 ? file.contentHash : `${file.contentHash}:${index + 1}`,
    external_id: parsed.externalId ? parsed.externalId.slice(0, 200) : null,
    strava_activity_id: single ? meta.stravaActivityId : null,
    name,
    description: single && meta.description ? meta.description.slice(0, 10_000) : null,
    device: track.device ? track.device.slice(0, 200) : null,
    sport_type: sportTypeOf(meta.type, track.indoor),
    trainer: track.indoor,
    has_gps: summary.hasGps,
    // A Strava export's activities.csv says the sport; a GPX or a "generic" FIT does not.
    sport_inferred: track.sportSource !== 'file' && !meta.type,
    start_time: summary.startTime,
    timezone,
    distance_m: round(Math.min(1_000_000, Math.max(0, summary.distance)), 1),
    moving_time_s: seconds(summary.movingTime),
    elapsed_time_s: seconds(Math.max(summary.elapsedTime, summary.movingTime)),
    elevation_gain_m: within(summary.elevationGain, 0, 100_000),
    average_heartrate: within(summary.averageHeartRate, 20, 260),
    max_heartrate: within(summary.maxHeartRate, 20, 260),
    average_cadence: within(summary.averageCadence, 0, 400),
    summary_polyline: summary.polyline && summary.polyline.length <= 100_000 ? summary.polyline : null,
    splits_km: summary.splitsKm.slice(0, 1000).map(split),
    splits_mi: summary.splitsMile.slice(0, 1000).map(split),
    best_efforts: summary.bestEfforts.slice(0, 20).map((b) => ({
      name: b.name.slice(0, 40),
      distance_m: round(b.distance, 1),
      elapsed_time_s: round(Math.max(0, b.elapsedTime), 1),
    })),
    streams: downsampleStreams(track.points, summary.distance),
  };
}

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600),
    m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')}` : `${m} min`;
}

function partText(part: SportPart): string {
  const what = describeSport(part.sport);
  const km = part.distance !== undefined && part.distance > 0 ? ` of ${(part.distance / 1000).toFixed(1)} km` : '';
  const time = part.timerTime ?? (part.end - part.start) / 1000;
  return `${what}${km}${time > 0 ? ` (${duration(time)})` : ''}`;
}

/** What the runner should know about a file: its several runs, what was left out, what was repaired. */
export function fileNote(file: ParsedFile): string | null {
  const notes: string[] = [];
  if (file.activities.length > 1)
    notes.push(`This file holds ${file.activities.length} runs: each is stored on its own.`);
  if (file.leftOut.length > 0) {
    notes.push(`Also in the file and not imported (not runs): ${file.leftOut.map(partText).join(', ')}.`);
  }
  const repairs = [...new Set(file.activities.flatMap((a) => a.track.repairs))];
  if (repairs.length > 0) notes.push(`Repaired: ${repairs.join('; ')}.`);
  return notes.length > 0 ? notes.join(' ').slice(0, 2000) : null;
}

/** Every run of a parsed file, and its note. */
export function toFileRuns(file: ParsedFile, meta: FileMeta): FileRuns {
  return { runs: file.activities.map((a, i) => toRunInput(a, file, i, meta)), note: fileNote(file) };
}
