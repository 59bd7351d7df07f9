import type { Track } from '../track.ts';
import { bestEfforts, type BestEffort } from './best-efforts.ts';
import { elevationProfile } from './elevation.ts';
import { heartRateOf, maxHeartRate, timeWeightedMean } from './heart-rate.ts';
import { motion, type DistanceSource, type MovingSource } from './motion.ts';
import { encodePolyline } from '../polyline.ts';
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
  /** Metres: the device's total when the file has one, else from the track. */
  distance: number;
  /** Where the distance along the track comes from (the total is the device's when `distanceTotal` is 'device'). */
  distanceSource: DistanceSource;
  distanceTotal: 'device' | 'track';
  /** Seconds: the device's elapsed time, else from the declared start (or first point) to the last point. */
  elapsedTime: number;
  /** Seconds: the device's timer time when the file has one, else the timer's running time, else gpxpy's moving time. */
  movingTime: number;
  movingSource: MovingSource;
  /** m/s over the moving time, and seconds per km. */
  averageSpeed: number | null;
  averagePace: number | null;
  elevationGain: number | null;
  elevationLoss: number | null;
  elevationSource: 'device' | 'computed' | null;
  averageHeartRate: number | null;
  maxHeartRate: number | null;
  heartRateSource: 'device' | 'computed' | null;
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
  /** False when the track has no usable positions (treadmill, foot pod, GPS off). */
  hasGps: boolean;
}

export interface SummarizeOptions {
  maxPolylinePoints?: number;
}

/**
 * Computes the summary of a normalised track with plain functions (see README for the rules):
 * the device's totals first (distance, timer time as moving time, elapsed time, ascent, heart
 * rate), the track for what the file does not say.
 */
export function summarize(track: Track, options: SummarizeOptions = {}): ActivitySummary {
  const line = buildTimeline(track);
  const move = motion(track, line);
  const n = line.n;
  const totals = track.totals;
  const firstTime = n > 0 ? line.t[0]! : 0;
  const startTimeMs = totals.start ?? firstTime;

  let timerOn = 0;
  for (let i = 1; i < n; i++) if (move.moving[i]) timerOn += line.timerOn[i]!;
  const movingTime = totals.timerTime ?? timerOn;
  const trackDistance = n > 0 ? move.d[n - 1]! : 0;
  const distance = totals.distance ?? trackDistance;
  // Splits and best efforts follow the track, scaled to the device's total when there is one.
  if (totals.distance !== undefined && trackDistance > 0 && totals.distance > 0) {
    const scale = totals.distance / trackDistance;
    for (let i = 0; i < n; i++) move.d[i] = move.d[i]! * scale;
  }
  const lastTime = n > 0 ? line.t[n - 1]! : startTimeMs;
  const elapsedTime = Math.max(movingTime, totals.elapsedTime ?? Math.max(0, (lastTime - startTimeMs) / 1000));

  const profile = elevationProfile(track);
  const deviceElevation = totals.ascent !== undefined;
  const elevationGain = deviceElevation ? totals.ascent! : profile ? profile.gain : null;
  const elevationLoss =
    deviceElevation && totals.descent !== undefined ? totals.descent : profile ? profile.loss : null;

  const hr = heartRateOf(track);
  const computedHeartRate = timeWeightedMean(track, line, hr);
  const averageHeartRate = totals.averageHeartRate ?? computedHeartRate;
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
  const startLatLng: [number, number] | null = fixes[0] ? [fixes[0][0], fixes[0][1]] : null;
  const lastFix = fixes[fixes.length - 1];
  const endLatLng: [number, number] | null = lastFix ? [lastFix[0], lastFix[1]] : null;

  return {
    startTime: new Date(startTimeMs).toISOString(),
    startTimeMs,
    timeZone: startLatLng ? timeZoneAt(startLatLng[0], startLatLng[1]) : null,
    distance,
    distanceSource: move.source,
    distanceTotal: totals.distance !== undefined ? 'device' : 'track',
    elapsedTime,
    movingTime,
    movingSource: move.movingSource,
    averageSpeed: movingTime > 0 && distance > 0 ? distance / movingTime : null,
    averagePace: movingTime > 0 && distance > 0 ? (movingTime / distance) * 1000 : null,
    elevationGain,
    elevationLoss,
    elevationSource: deviceElevation ? 'device' : profile ? 'computed' : null,
    averageHeartRate,
    maxHeartRate: totals.maxHeartRate ?? maxHeartRate(track),
    heartRateSource: totals.averageHeartRate !== undefined ? 'device' : computedHeartRate !== null ? 'computed' : null,
    averageCadence: timeWeightedMean(track, line, cadence, -Infinity, Infinity, (i) => move.moving[i] === 1),
    maxCadence,
    splitsKm: splits(track, line, move, profile, kilometre),
    splitsMile: splits(track, line, move, profile, mile),
    bestEfforts: bestEfforts(line, move.d),
    polyline: fixes.length >= 2 ? encodePolyline(simplifyTo(fixes, options.maxPolylinePoints ?? 300)) : null,
    startLatLng,
    endLatLng,
    rejectedFixes: move.gps.rejected,
    hasGps: fixes.length >= 2,
  };
}
