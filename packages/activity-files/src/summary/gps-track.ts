import { hasPosition, type Track, type TrackPoint } from '../track.ts';
import { haversine } from './geo.ts';

/**
 * Speed between two fixes beyond which one of them is a GPS jump (m/s). Far above any run, so
 * that fixes a device really recorded all count, as they do in gpxpy and on Strava.
 */
export const maxPlausibleSpeed = 30;
/** Rejected fixes in a row that agree with each other become the new reference. */
const reanchorAfter = 5;

/** The usable GPS fixes of a track: jump-free, split into continuous pieces. */
export interface GpsTrack {
  /** Index into track.points of each kept fix, in order. */
  index: number[];
  /** Kept positions, as recorded. */
  lat: Float64Array;
  lon: Float64Array;
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
 * Keeps the fixes of a track, dropping (0, 0) and a fix that implies more than 30 m/s from the
 * last kept one (a jump). If five dropped fixes in a row agree with each other, the position really moved
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
  return { index, lat, lon, breakAt, rejected };
}
