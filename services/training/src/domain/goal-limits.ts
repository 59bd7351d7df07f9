/**
 * Bounds a target time must stay within: no faster than the world record, no slower than walking.
 * Records are the men's outright records (the fastest anyone has run), interpolated on a log–log scale
 * between distances and extended beyond them with the nearest segment's slope.
 */
const RECORDS: Array<[distanceM: number, seconds: number]> = [
  [1609.344, 223.13], // mile, El Guerrouj 1999
  [5000, 755.36], // Cheptegei 2020
  [10_000, 1571], // Cheptegei 2020
  [21_097.5, 3402], // Kiplimo 2025
  [42_195, 7235], // Kiptum 2023
];

/** A brisk walk: 5 km/h, 12:00 per km. */
export const WALKING_PACE_S_PER_KM = 720;

export function worldRecordSeconds(distanceM: number): number {
  const above = RECORDS.findIndex(([d]) => d >= distanceM);
  const i = above === -1 ? RECORDS.length - 2 : Math.max(0, above - 1);
  const [d0, t0] = RECORDS[i]!;
  const [d1, t1] = RECORDS[i + 1]!;
  const slope = Math.log(t1 / t0) / Math.log(d1 / d0);
  return t0 * Math.pow(distanceM / d0, slope);
}

export function walkingSeconds(distanceM: number): number {
  return (distanceM / 1000) * WALKING_PACE_S_PER_KM;
}
