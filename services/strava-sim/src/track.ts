// The recorded track of an activity: a route drawn around the athlete's home (or trail, or
// Zwift's Watopia), then one sample per second of elapsed time. Summary numbers (elevation
// gain, max speed, heart rate, cadence, polyline…) are computed from these samples, so the
// streams an API client fetches always agree with the activity's summary.
import type { Athlete } from './athletes.ts';
import { WATOPIA } from './places.ts';
import { encodePolyline, type LatLng } from '@runnerly/activity-files/polyline';
import { Prng, hash32 } from './prng.ts';
import type { Skeleton } from './schedule.ts';

const M_PER_DEG = 111_320;

export interface Route {
  lat: Float64Array;
  lng: Float64Array;
  alt: Float64Array;
  /** Cumulative length along the route (m), ending at the activity distance. */
  cum: Float64Array;
}

export interface Track {
  n: number;
  time: Int32Array;
  distance: Float64Array | null;
  lat: Float64Array | null;
  lng: Float64Array | null;
  altitude: Float64Array | null;
  velocity: Float64Array | null;
  grade: Float64Array | null;
  heartrate: Int16Array | null;
  cadence: Int16Array | null;
  moving: Uint8Array;
  route: Route | null;
}

export interface TrackStats {
  totalElevationGain: number;
  elevHigh: number | null;
  elevLow: number | null;
  maxSpeed: number;
  averageHeartrate: number | null;
  maxHeartrate: number | null;
  averageCadence: number | null;
  startLatlng: [number, number] | null;
  endLatlng: [number, number] | null;
  summaryPolyline: string;
  polyline: string;
}

interface Terrain {
  originLat: number;
  originLng: number;
  centerLat: number;
  centerLng: number;
  base: number;
  relief: number;
  phase: number;
}

function terrainFor(a: Athlete, s: Skeleton, r: Prng): Terrain | null {
  const home = new Prng('home', a.index, a.place.city);
  if (s.terrain === 'home') {
    // Every home run starts within a few metres of the athlete's front door.
    const hx = home.range(-2500, 2500);
    const hy = home.range(-2500, 2500);
    const jitter = r.range(-40, 40);
    return {
      originLat: a.place.lat + (hy + jitter) / M_PER_DEG,
      originLng: a.place.lng + (hx - jitter) / (M_PER_DEG * Math.cos((a.place.lat * Math.PI) / 180)),
      centerLat: a.place.lat,
      centerLng: a.place.lng,
      base: 20 + (hash32('alt', a.place.city) % 200),
      relief: a.place.relief,
      phase: hash32('ph', a.place.city) % 1000,
    };
  }
  if (s.terrain === 'trail') {
    const t = a.place.trail;
    return {
      originLat: t.lat + r.range(-300, 300) / M_PER_DEG,
      originLng: t.lng + r.range(-300, 300) / (M_PER_DEG * Math.cos((t.lat * Math.PI) / 180)),
      centerLat: t.lat,
      centerLng: t.lng,
      base: 150 + (hash32('alt-trail', t.name) % 600),
      relief: a.place.relief * 5 + 80,
      phase: hash32('ph', t.name) % 1000,
    };
  }
  if (s.terrain === 'watopia') {
    return {
      originLat: WATOPIA.lat,
      originLng: WATOPIA.lng,
      centerLat: WATOPIA.lat,
      centerLng: WATOPIA.lng,
      base: 10,
      relief: 90,
      phase: 7,
    };
  }
  return null;
}

function altitudeAt(t: Terrain, lat: number, lng: number): number {
  const y = (lat - t.centerLat) * M_PER_DEG;
  const x = (lng - t.centerLng) * M_PER_DEG * Math.cos((t.centerLat * Math.PI) / 180);
  const p = t.phase;
  const h =
    Math.sin(x / 1900 + p) * Math.cos(y / 2300 + p * 0.7) +
    0.55 * Math.sin((x + y) / 1100 + p * 1.3) +
    0.25 * Math.sin(x / 520 - y / 610 + p * 0.3);
  return t.base + t.relief * 0.6 * h;
}

function buildRoute(t: Terrain, distance: number, r: Prng): Route {
  const k = Math.max(60, Math.min(2000, Math.round(distance / 20)));
  const xs = new Float64Array(k + 1);
  const ys = new Float64Array(k + 1);
  const heading = r.range(0, Math.PI * 2);
  if (r.chance(0.72)) {
    // A closed loop with a wobbly outline, starting and ending at the origin.
    const a2 = r.range(0, 0.25),
      a3 = r.range(0, 0.15),
      a5 = r.range(0, 0.06),
      a9 = r.range(0, 0.025);
    const p2 = r.range(0, 6.28),
      p3 = r.range(0, 6.28),
      p5 = r.range(0, 6.28),
      p9 = r.range(0, 6.28);
    const rad = (th: number): number =>
      1 +
      a2 * Math.sin(2 * th + p2) +
      a3 * Math.sin(3 * th + p3) +
      a5 * Math.sin(5 * th + p5) +
      a9 * Math.sin(9 * th + p9);
    const r0 = rad(0);
    const dir = r.chance(0.5) ? 1 : -1;
    for (let i = 0; i <= k; i++) {
      const th = dir * (i / k) * Math.PI * 2;
      const rr = rad(th);
      xs[i] = rr * Math.cos(th + heading + Math.PI) + r0 * Math.cos(heading);
      ys[i] = rr * Math.sin(th + heading + Math.PI) + r0 * Math.sin(heading);
    }
  } else {
    // Out and back along a meandering road, the return a few metres to the side.
    const half = Math.floor(k / 2);
    const w1 = r.range(0.2, 0.6),
      w2 = r.range(0.05, 0.2),
      q1 = r.range(0, 6.28),
      q2 = r.range(0, 6.28);
    let x = 0,
      y = 0;
    for (let i = 0; i <= half; i++) {
      xs[i] = x;
      ys[i] = y;
      const h = heading + w1 * Math.sin((i / half) * 5 + q1) + w2 * Math.sin((i / half) * 23 + q2);
      x += Math.cos(h);
      y += Math.sin(h);
    }
    for (let i = half + 1; i <= k; i++) {
      const j = k - i;
      const sx = xs[Math.min(j + 1, half)]! - xs[j]!;
      const sy = ys[Math.min(j + 1, half)]! - ys[j]!;
      const norm = Math.hypot(sx, sy) || 1;
      xs[i] = xs[j]! + (sy / norm) * 0.0006 * (j === 0 ? 0 : 1);
      ys[i] = ys[j]! - (sx / norm) * 0.0006 * (j === 0 ? 0 : 1);
    }
  }
  let len = 0;
  for (let i = 1; i <= k; i++) len += Math.hypot(xs[i]! - xs[i - 1]!, ys[i]! - ys[i - 1]!);
  const scale = distance / len;
  const cosLat = Math.cos((t.originLat * Math.PI) / 180);
  const lat = new Float64Array(k + 1);
  const lng = new Float64Array(k + 1);
  const cum = new Float64Array(k + 1);
  for (let i = 0; i <= k; i++) {
    lat[i] = t.originLat + (ys[i]! * scale) / M_PER_DEG;
    lng[i] = t.originLng + (xs[i]! * scale) / (M_PER_DEG * cosLat);
    if (i > 0) cum[i] = cum[i - 1]! + Math.hypot(xs[i]! - xs[i - 1]!, ys[i]! - ys[i - 1]!) * scale;
  }
  cum[k] = distance;
  const alt = new Float64Array(k + 1);
  for (let i = 0; i <= k; i++) alt[i] = altitudeAt(t, lat[i]!, lng[i]!);
  return { lat, lng, alt, cum };
}

const round = (v: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/** `withPositions: false` skips the per-sample latlng (enough for summary numbers). */
export function buildTrack(a: Athlete, s: Skeleton, withPositions = true): Track {
  const r = new Prng('track', s.trackSeed);
  const n = s.elapsedTime + 1;
  const time = new Int32Array(n);
  const moving = new Uint8Array(n);
  for (let i = 0; i < n; i++) time[i] = i;

  // Which seconds were moving: pauses come after a given count of moving seconds.
  let pauseIdx = 0;
  let movedSoFar = 0;
  for (let i = 1; i < n;) {
    const p = s.pauses[pauseIdx];
    if (p && movedSoFar >= p[0]) {
      for (let k = 0; k < p[1] && i < n; k++) moving[i++] = 0;
      pauseIdx++;
      continue;
    }
    moving[i++] = 1;
    movedSoFar++;
  }

  const terrain = terrainFor(a, s, r);
  const hasDistance = s.distance > 0;
  const route = terrain && hasDistance ? buildRoute(terrain, s.distance, r) : null;

  // Grade of each route segment, to slow down uphill.
  let segGrade: Float64Array | null = null;
  if (route && terrain) {
    segGrade = new Float64Array(route.cum.length);
    for (let i = 1; i < route.cum.length; i++) {
      const dz = route.alt[i]! - route.alt[i - 1]!;
      segGrade[i] = dz / Math.max(1, route.cum[i]! - route.cum[i - 1]!);
    }
  }

  // Speed factor per moving second, shaped by the workout.
  const f = new Float64Array(n);
  const total = s.movingTime;
  const T1 = r.range(300, 900),
    ph = r.range(0, 6.28);
  const rep = r.pick([90, 180, 240]);
  let m = 0;
  let seg = 1;
  let wander = 0;
  for (let i = 1; i < n; i++) {
    if (!moving[i]) continue;
    const x = m / Math.max(1, total);
    let v = 1 + 0.03 * Math.sin((2 * Math.PI * m) / T1 + ph);
    wander = wander * 0.98 + r.noise(0.006);
    v += wander;
    if (s.kind === 'intervals' && x > 0.18 && x < 0.85)
      v *= Math.floor((m - total * 0.18) / rep) % 2 === 0 ? 1.22 : 0.78;
    if (s.kind === 'tempo' && x > 0.15 && x < 0.85) v *= 1.07;
    if ((s.kind === 'tempo' || s.kind === 'intervals') && (x <= 0.15 || x >= 0.88)) v *= 0.88;
    if (segGrade && route) {
      const d = x * s.distance;
      while (seg < route.cum.length - 1 && route.cum[seg]! < d) seg++;
      v *= Math.max(0.55, 1 - segGrade[seg]! * 3.5);
    }
    f[i] = Math.max(0.3, v);
    m++;
  }

  let distance: Float64Array | null = null;
  let velocity: Float64Array | null = null;
  if (hasDistance) {
    distance = new Float64Array(n);
    let sum = 0;
    for (let i = 1; i < n; i++) sum += f[i]!;
    const c = sum > 0 ? s.distance / sum : 0;
    for (let i = 1; i < n; i++) distance[i] = distance[i - 1]! + f[i]! * c;
    distance[n - 1] = s.distance;
    velocity = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      const k = Math.min(i, 5);
      velocity[i] = (distance[i]! - distance[i - k]!) / k;
    }
  }

  let lat: Float64Array | null = null;
  let lng: Float64Array | null = null;
  let altitude: Float64Array | null = null;
  let grade: Float64Array | null = null;
  if (route && terrain && distance) {
    if (withPositions) {
      lat = new Float64Array(n);
      lng = new Float64Array(n);
    }
    altitude = new Float64Array(n);
    grade = new Float64Array(n);
    let j = 1;
    let nx = 0,
      ny = 0;
    const cosLat = Math.cos((terrain.originLat * Math.PI) / 180);
    for (let i = 0; i < n; i++) {
      const d = distance[i]!;
      while (j < route.cum.length - 1 && route.cum[j]! < d) j++;
      const d0 = route.cum[j - 1]!,
        d1 = route.cum[j]!;
      const u = d1 > d0 ? Math.min(1, Math.max(0, (d - d0) / (d1 - d0))) : 0;
      if (lat && lng) {
        // GPS jitter, none on the first and last fix (they are the summary's start/end_latlng).
        const edge = i === 0 || i === n - 1;
        nx = edge ? 0 : nx * 0.9 + r.noise(0.35);
        ny = edge ? 0 : ny * 0.9 + r.noise(0.35);
        const la = route.lat[j - 1]! + (route.lat[j]! - route.lat[j - 1]!) * u;
        const ln = route.lng[j - 1]! + (route.lng[j]! - route.lng[j - 1]!) * u;
        lat[i] = Math.round((la + ny / M_PER_DEG) * 1e6) / 1e6;
        lng[i] = Math.round((ln + nx / (M_PER_DEG * cosLat)) * 1e6) / 1e6;
      }
      altitude[i] = Math.round((route.alt[j - 1]! + (route.alt[j]! - route.alt[j - 1]!) * u) * 10) / 10;
    }
    for (let i = 0; i < n; i++) {
      const i0 = Math.max(0, i - 5),
        i1 = Math.min(n - 1, i + 5);
      const dd = distance[i1]! - distance[i0]!;
      grade[i] = dd > 2 ? round(((altitude[i1]! - altitude[i0]!) / dd) * 100, 1) : 0;
    }
  }

  let heartrate: Int16Array | null = null;
  if (s.hasHeartrate) {
    heartrate = new Int16Array(n);
    const reserve = a.maxHr - a.restHr;
    const raw = new Float64Array(n);
    let hr = a.restHr + reserve * 0.3;
    for (let i = 0; i < n; i++) {
      const target = moving[i]
        ? a.restHr + reserve * Math.min(0.98, s.intensity * (1 + 1.1 * (f[i]! - 1)) + 0.05 * (i / n))
        : a.restHr + reserve * 0.38;
      hr += (target - hr) * (target > hr ? 0.04 : 0.025);
      raw[i] = hr;
    }
    let sum = 0,
      count = 0;
    for (let i = 1; i < n; i++)
      if (moving[i]) {
        sum += raw[i]!;
        count++;
      }
    const shift = count ? a.restHr + reserve * s.intensity - sum / count : 0;
    for (let i = 0; i < n; i++) {
      heartrate[i] = Math.max(a.restHr, Math.min(a.maxHr, Math.round(raw[i]! + shift + r.noise(0.6))));
    }
  }

  let cadence: Int16Array | null = null;
  if (s.sportType !== 'Swim' && s.sportType !== 'WeightTraining') {
    cadence = new Int16Array(n);
    const isRun = s.sportType === 'Run' || s.sportType === 'TrailRun' || s.sportType === 'VirtualRun';
    const base = isRun ? a.cadence : s.sportType === 'Walk' ? 56 : 84;
    for (let i = 1; i < n; i++) {
      cadence[i] = moving[i] ? Math.round(base + (isRun ? 9 : 6) * (f[i]! - 1) + r.noise(0.8)) : 0;
    }
  }

  return { n, time, distance, lat, lng, altitude, velocity, grade, heartrate, cadence, moving, route };
}

/** Elevation gain with a 1 m hysteresis, as barometric devices and Strava smooth it. */
export function elevationGain(alt: ArrayLike<number>, from = 0, to = alt.length - 1): number {
  if (to <= from) return 0;
  let gain = 0;
  let ref = alt[from]!;
  for (let i = from + 1; i <= to; i++) {
    const v = alt[i]!;
    if (v - ref >= 1) {
      gain += v - ref;
      ref = v;
    } else if (ref - v >= 1) ref = v;
  }
  return gain;
}

function routePoints(route: Route, step: number): LatLng[] {
  const pts: LatLng[] = [];
  const k = route.lat.length;
  for (let i = 0; i < k; i += step) pts.push([route.lat[i]!, route.lng[i]!]);
  if ((k - 1) % step !== 0) pts.push([route.lat[k - 1]!, route.lng[k - 1]!]);
  return pts;
}

export function trackStats(t: Track): TrackStats {
  let maxSpeed = 0;
  if (t.velocity) for (let i = 0; i < t.n; i++) if (t.moving[i] && t.velocity[i]! > maxSpeed) maxSpeed = t.velocity[i]!;
  let hrSum = 0,
    hrCount = 0,
    hrMax = 0;
  if (t.heartrate) {
    for (let i = 1; i < t.n; i++) {
      if (t.moving[i]) {
        hrSum += t.heartrate[i]!;
        hrCount++;
      }
      if (t.heartrate[i]! > hrMax) hrMax = t.heartrate[i]!;
    }
  }
  let cadSum = 0,
    cadCount = 0;
  if (t.cadence)
    for (let i = 1; i < t.n; i++)
      if (t.moving[i] && t.cadence[i]! > 0) {
        cadSum += t.cadence[i]!;
        cadCount++;
      }
  let elevHigh: number | null = null,
    elevLow: number | null = null;
  if (t.altitude) {
    elevHigh = -Infinity;
    elevLow = Infinity;
    for (let i = 0; i < t.n; i++) {
      const v = t.altitude[i]!;
      if (v > elevHigh) elevHigh = v;
      if (v < elevLow) elevLow = v;
    }
  }
  const route = t.route;
  const last = route ? route.lat.length - 1 : 0;
  return {
    totalElevationGain: t.altitude ? round(elevationGain(t.altitude), 1) : 0,
    elevHigh,
    elevLow,
    maxSpeed: round(maxSpeed, 3),
    averageHeartrate: hrCount ? round(hrSum / hrCount, 1) : null,
    maxHeartrate: t.heartrate ? hrMax : null,
    averageCadence: cadCount ? round(cadSum / cadCount, 1) : null,
    startLatlng: route ? [round(route.lat[0]!, 6), round(route.lng[0]!, 6)] : null,
    endLatlng: route ? [round(route.lat[last]!, 6), round(route.lng[last]!, 6)] : null,
    summaryPolyline: route ? encodePolyline(routePoints(route, Math.max(1, Math.round(route.lat.length / 120)))) : '',
    polyline: route ? encodePolyline(routePoints(route, 1)) : '',
  };
}
