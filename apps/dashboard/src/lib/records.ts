/** Words for personal records and ranks (the Data Service ranks; this only says it). Pure. */

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

export interface Rank {
  distance_m: number;
  rank: number;
  of: number;
  year_rank: number;
  year_of: number;
}

/**
 * "Your fastest", "2nd fastest of 12", with "fastest of 2026" when the year tells more (a top
 * three of the year that is not also the all-time rank); "your only one so far" alone.
 */
export function rankLabel(r: Rank, year: number): string {
  if (r.of <= 1) return 'Your only one so far';
  const all = r.rank === 1 ? `Your fastest of ${r.of}` : `${ordinal(r.rank)} fastest of ${r.of}`;
  if (r.year_rank > 3 || r.year_rank === r.rank || r.year_of <= 1) return all;
  return `${all} · ${r.year_rank === 1 ? 'fastest' : `${ordinal(r.year_rank)} fastest`} of ${year}`;
}

/** The rank for a best effort of `metres` (a source may say 5003 m for a 5K): within 0.5%. */
export function rankFor<R extends { distance_m: number }>(metres: number, ranks: readonly R[]): R | undefined {
  return ranks.find((r) => Math.abs(metres - r.distance_m) <= r.distance_m * 0.005);
}
