const earthRadius = 6_371_008.8;
const rad = Math.PI / 180;

/** Great-circle distance in metres. */
export function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadius * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** The point reached from (lat, lon) after `distance` metres on `bearing` degrees (clockwise from north). */
export function destination(lat: number, lon: number, bearing: number, distance: number): [number, number] {
  const d = distance / earthRadius;
  const b = bearing * rad;
  const p1 = lat * rad,
    l1 = lon * rad;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [p2 / rad, ((l2 / rad + 540) % 360) - 180];
}

/** Metres per degree of latitude and of longitude at a latitude (local flat approximation). */
export function metresPerDegree(lat: number): { lat: number; lon: number } {
  const perDegree = earthRadius * rad;
  return { lat: perDegree, lon: perDegree * Math.cos(lat * rad) };
}

/** WGS84 semi-major axis: the radius gpxpy measures GPX tracks with. */
const wgs84Radius = 6_378_137;
const metresPerDegreeWgs84 = (2 * Math.PI * wgs84Radius) / 360;

/**
 * Distance between two fixes as gpxpy (and so most GPX tools) measures a track: a flat
 * approximation (latitude scaled by the cosine of the first latitude) for fixes less than 0.2°
 * apart, haversine on the WGS84 radius beyond. With both altitudes, the 3-D distance.
 */
export function trackStep(
  lat1: number,
  lon1: number,
  lat2: number,
  lon2: number,
  alt1?: number,
  alt2?: number,
): number {
  let flat: number;
  if (Math.abs(lat1 - lat2) > 0.2 || Math.abs(lon1 - lon2) > 0.2) {
    const dLat = (lat1 - lat2) * rad;
    const dLon = (lon1 - lon2) * rad;
    const a = Math.sin(dLat / 2) ** 2 + Math.sin(dLon / 2) ** 2 * Math.cos(lat1 * rad) * Math.cos(lat2 * rad);
    return 2 * wgs84Radius * Math.asin(Math.min(1, Math.sqrt(a)));
  } else {
    const x = lat1 - lat2;
    const y = (lon1 - lon2) * Math.cos(lat1 * rad);
    flat = Math.sqrt(x * x + y * y) * metresPerDegreeWgs84;
  }
  if (alt1 === undefined || alt2 === undefined || alt1 === alt2) return flat;
  return Math.sqrt(flat * flat + (alt1 - alt2) ** 2);
}
