import type { Race, RaceDistance, RaceGoal } from '@runnerly/contracts';
import { formatDistance, formatDuration, formatPace, type Units } from '@runnerly/units';

/** How runners name the distances. */
export const distanceNames: Record<RaceDistance, string> = {
  '5k': '5K',
  '10k': '10K',
  half: 'Half marathon',
  marathon: 'Marathon',
  custom: 'Other distance',
};

/** "10K", "Marathon", or the custom distance in the runner's units ("80.0 km", "49.7 mi"). */
export function raceDistance(race: Pick<Race, 'distance' | 'distance_m'>, units: Units): string {
  return race.distance === 'custom' ? formatDistance(race.distance_m, units, 1) : distanceNames[race.distance];
}

/** "Finish it" or "Under 3:30:00 (4:58 /km)". */
export function goalText(goal: RaceGoal, distanceM: number, units: Units): string {
  if (goal.kind === 'finish') return 'Finish it';
  return `${formatDuration(goal.target_s)} (${formatPace(goal.target_s, distanceM, units)})`;
}

/** The race's wall clock as written: "Sun 12 Apr 2026, 09:30" (in the race's own zone). */
export function raceWhen(race: Pick<Race, 'start_time' | 'timezone'>, locale?: string): string {
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone: race.timezone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(race.start_time));
  } catch {
    return race.start_time;
  }
}

/** Days from `today` (YYYY-MM-DD) to the race day: "today", "tomorrow", "in 12 days", "3 days ago". */
export function daysToGo(raceDay: string, today: string): string {
  const d = Math.round((Date.parse(`${raceDay}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (d === 0) return 'today';
  if (d === 1) return 'tomorrow';
  if (d > 1) return `in ${d} days`;
  return d === -1 ? 'yesterday' : `${-d} days ago`;
}

/** The zones the browser knows, for the race form (the runner's own first). */
export function timeZones(own: string): string[] {
  let all: string[] = [];
  try {
    all = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    all = [];
  }
  return [...new Set([own, 'UTC', ...all])];
}

/** The query string of the race list for these filters (empty ones left out). */
export function raceQuery(
  filters: { q: string; from: string; to: string; distance: string },
  offset: number,
  limit: number,
) {
  const p = new URLSearchParams();
  if (filters.q.trim()) p.set('q', filters.q.trim());
  if (filters.from) p.set('from', filters.from);
  if (filters.to) p.set('to', filters.to);
  if (filters.distance) p.set('distance', filters.distance);
  p.set('limit', String(limit));
  if (offset) p.set('offset', String(offset));
  return p.toString();
}
