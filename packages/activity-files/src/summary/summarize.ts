import { hasPosition, type Track } from '../track.ts';
import { bestEfforts, type BestEffort } from './best-efforts.ts';
import { elevationProfile } from './elevation.ts';
import { heartRateOf, maxHeartRate, timeWeightedMean } from './heart-rate.ts';
import { motion, type DistanceSource } from './motion.ts';
import { encodePolyline } from './polyline.ts';
import { simplifyTo } from './simplify.ts';
import { kilometre, mile, splits, type Split } from './splits.ts';
import { buildTimeline } from './timeline.ts';
import { timeZoneAt } from './time-zone.ts';

export interface ActivitySummary {
  /** ISO 8601 in UTC, and ms since epoch. */
  startTime: string;
  startTimeMs: number;
  /** IANA zone at the start position (offline lookup), null without GPS: use the runner's zone. */
  timeZone: string | null;
  /** Metres. */
  distance: number;
  distanceSource: DistanceSource;
  /** Seconds from first to last point. */
  elapsedTime: number;
  /** Seconds with the timer running and the runner moving. */
  movingTime: number;
  /** m/s over the moving time, and seconds per km. */
  averageSpeed: number | null;
  averagePace: number | null;
  elevationGain: number | null;
  elevationLoss: number | null;
  elevationSource: 'device' | 'computed' | null;
  averageHeartRate: number | null;
  maxHeartRate: number | null;
  /** Steps per minute (both feet), averaged over moving time where the cadence is above zero. */
  averageCadence: number | null;
  maxCadence: number | null;
  splitsKm: Split[];
  splitsMile: Split[];
  bestEfforts: BestEffort[];
  /** Google encoded polyline, precision 5, simplified to at most `maxPolylinePoints` points. */
  polyline: string | null;
  startLatLng: [number, number] | null;
  endLatLng: [number, number] | null;
  /** GPS fixes dropped as jumps. */
  rejectedFixes: number;
}

export interface SummarizeOptions {
  maxPolylinePoints?: number;
}

/** Computes the summary of a normalised track with plain functions (see README for the rules). */
export function summarize(track: Track, options: SummarizeOptions = {}): ActivitySummary {
  const line = buildTimeline(track);
  const move = motion(track, line);
  const n = line.n;
  const startTimeMs = n > 0 ? line.t[0]! : 0;
  const elapsedTime = n > 1 ? (line.t[n - 1]! - line.t[0]!) / 1000 : 0;

  let movingTime = 0;
  for (let i = 1; i < n; i++) if (move.moving[i]) movingTime += line.timerOn[i]!;
  const seriesDistance = n > 0 ? move.d[n - 1]! : 0;
  const distance =
    move.source === 'device' && track.totals.distance !== undefined
      ? track.totals.distance
      : move.source === 'none'
        ? (track.totals.distance ?? 0)
        : seriesDistance;

  const profile = elevationProfile(track);
  const deviceElevation = track.totals.ascent !== undefined;
  const elevationGain = deviceElevation ? track.totals.ascent! : profile ? profile.gain : null;
  const elevationLoss =
    deviceElevation && track.totals.descent !== undefined ? track.totals.descent : profile ? profile.loss : null;

  const hr = heartRateOf(track);
  const cadence = (i: number): number | undefined => {
    const v = track.points[i]?.cadence;
    return v !== undefined && v > 0 && v < 300 ? v : undefined;
  };
  let maxCadence: number | null = null;
  for (let i = 0; i < n; i++) {
    const c = cadence(i);
    if (c !== undefined && (maxCadence === null || c > maxCadence)) maxCadence = c;
  }

  const fixes = move.gps.index.map((_, k) => [move.gps.lat[k]!, move.gps.lon[k]!] as const);
  const first = track.points.find(hasPosition);
  const startLatLng: [number, number] | null = fixes[0] ? [fixes[0][0], fixes[0][1]] : null;
  const lastFix = fixes[fixes.length - 1];
  const endLatLng: [number, number] | null = lastFix ? [lastFix[0], lastFix[1]] : null;

  return {
    startTime: new Date(startTimeMs).toISOString(),
    startTimeMs,
    timeZone: startLatLng
      ? timeZoneAt(startLatLng[0], startLatLng[1])
      : first
        ? timeZoneAt(first.lat, first.lon)
        : null,
    distance,
    distanceSource: move.source,
    elapsedTime,
    movingTime,
    averageSpeed: movingTime > 0 && distance > 0 ? distance / movingTime : null,
    averagePace: movingTime > 0 && distance > 0 ? (movingTime / distance) * 1000 : null,
    elevationGain,
    elevationLoss,
    elevationSource: deviceElevation ? 'device' : profile ? 'computed' : null,
    averageHeartRate: timeWeightedMean(track, line, hr),
    maxHeartRate: maxHeartRate(track),
    averageCadence: timeWeightedMean(track, line, cadence, -Infinity, Infinity, (i) => move.moving[i] === 1),
    maxCadence,
    splitsKm: splits(track, line, move, profile, kilometre),
    splitsMile: splits(track, line, move, profile, mile),
    bestEfforts: bestEfforts(line, move.d),
    polyline: fixes.length >= 2 ? encodePolyline(simplifyTo(fixes, options.maxPolylinePoints ?? 300)) : null,
    startLatLng,
    endLatLng,
    rejectedFixes: move.gps.rejected,
  };
}
