import { hasPosition, type Track, type TrackPoint } from '../track.ts';
import { haversine } from './geo.ts';

/** Fastest plausible running speed between two fixes; faster means a GPS jump. */
export const maxPlausibleSpeed = 12;
/** Rejected fixes in a row that agree with each other become the new reference. */
const reanchorAfter = 5;
/** Half-width of the centred moving average applied to positions (seconds). */
const smoothingHalfWindow = 3;

/** The usable GPS fixes of a track: jump-free, smoothed, split into continuous pieces. */
export interface GpsTrack {
  /** Index into track.points of each kept fix, in order. */
  index: number[];
  /** Raw kept positions. */
  lat: Float64Array;
  lon: Float64Array;
  /** Smoothed positions (centred moving average over ±3 s inside each piece). */
  slat: Float64Array;
  slon: Float64Array;
  /** Fix k starts a new piece (first fix, resumed recording, or re-anchored after a jump). */
  breakAt: Uint8Array;
  /** Number of fixes dropped as jumps. */
  rejected: number;
}

function impliedSpeed(
  a: TrackPoint & { lat: number; lon: number },
  b: TrackPoint & { lat: number; lon: number },
): number {
  const dt = Math.max(1, (b.time - a.time) / 1000);
  return haversine(a.lat, a.lon, b.lat, b.lon) / dt;
}

/**
 * Keeps the fixes of a track, dropping a fix that implies more than 12 m/s from the last kept
 * one (a jump). If five dropped fixes in a row agree with each other, the position really moved
 * (or the reference was the jump): they start a new piece, with no distance across the gap.
 */
export function gpsTrack(track: Track): GpsTrack {
  const points = track.points;
  const index: number[] = [];
  const breaks: number[] = [];
  let pending: number[] = [];
  let rejected = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (!hasPosition(p) || (p.lat === 0 && p.lon === 0)) continue;
    const last = index[index.length - 1];
    if (last === undefined || p.resumed) {
      rejected += pending.length;
      pending = [];
      breaks.push(index.length);
      index.push(i);
      continue;
    }
    if (impliedSpeed(points[last] as TrackPoint & { lat: number; lon: number }, p) <= maxPlausibleSpeed) {
      rejected += pending.length;
      pending = [];
      index.push(i);
      continue;
    }
    const previous = pending[pending.length - 1];
    if (
      previous !== undefined &&
      impliedSpeed(points[previous] as TrackPoint & { lat: number; lon: number }, p) > maxPlausibleSpeed
    ) {
      rejected += pending.length;
      pending = [];
    }
    pending.push(i);
    if (pending.length >= reanchorAfter) {
      breaks.push(index.length);
      index.push(...pending);
      pending = [];
    }
  }
  rejected += pending.length;

  const m = index.length;
  const lat = new Float64Array(m),
    lon = new Float64Array(m);
  const breakAt = new Uint8Array(m);
  for (let k = 0; k < m; k++) {
    const p = points[index[k]!]!;
    lat[k] = p.lat!;
    lon[k] = p.lon!;
  }
  for (const b of breaks) breakAt[b] = 1;
  const { slat, slon } = smooth(points, index, lat, lon, breakAt);
  return { index, lat, lon, slat, slon, breakAt, rejected };
}

function smooth(points: TrackPoint[], index: number[], lat: Float64Array, lon: Float64Array, breakAt: Uint8Array) {
  const m = index.length;
  const slat = new Float64Array(m),
    slon = new Float64Array(m);
  let pieceStart = 0;
  while (pieceStart < m) {
    let pieceEnd = pieceStart + 1;
    while (pieceEnd < m && !breakAt[pieceEnd]) pieceEnd++;
    let lo = pieceStart,
      hi = pieceStart,
      sumLat = 0,
      sumLon = 0;
    for (let k = pieceStart; k < pieceEnd; k++) {
      const time = points[index[k]!]!.time;
      while (hi < pieceEnd && points[index[hi]!]!.time <= time + smoothingHalfWindow * 1000) {
        sumLat += lat[hi]!;
        sumLon += lon[hi]!;
        hi++;
      }
      while (points[index[lo]!]!.time < time - smoothingHalfWindow * 1000) {
        sumLat -= lat[lo]!;
        sumLon -= lon[lo]!;
        lo++;
      }
      slat[k] = sumLat / (hi - lo);
      slon[k] = sumLon / (hi - lo);
    }
    // Keep the true end points so the route starts and ends where the runner did.
    slat[pieceStart] = lat[pieceStart]!;
    slon[pieceStart] = lon[pieceStart]!;
    slat[pieceEnd - 1] = lat[pieceEnd - 1]!;
    slon[pieceEnd - 1] = lon[pieceEnd - 1]!;
    pieceStart = pieceEnd;
  }
  return { slat, slon };
}
