import type { Sport } from './track.ts';

const aliases: Record<string, Sport> = {
  running: 'running',
  run: 'running',
  '9': 'running',
  trail_running: 'running',
  trailrun: 'running',
  treadmill: 'running',
  virtualrun: 'running',
  virtual_run: 'running',
  track_running: 'running',
  street_running: 'running',
  walking: 'walking',
  walk: 'walking',
  '10': 'walking',
  hiking: 'hiking',
  hike: 'hiking',
  '4': 'hiking',
  cycling: 'cycling',
  biking: 'cycling',
  bike: 'cycling',
  ride: 'cycling',
  road_biking: 'cycling',
  mountain_biking: 'cycling',
  virtualride: 'cycling',
  '1': 'cycling',
  swimming: 'swimming',
  swim: 'swimming',
  lap_swimming: 'swimming',
  open_water_swimming: 'swimming',
  generic: 'unknown',
  '': 'unknown',
};

/**
 * Maps a sport as files spell it (GPX <type> from Strava or Garmin, TCX Sport attribute,
 * FIT sport name) to our short list. Unknown words give 'other'; missing gives 'unknown'.
 */
export function normaliseSport(value: string | number | undefined | null): Sport {
  if (value === undefined || value === null) return 'unknown';
  const key = String(value)
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return aliases[key] ?? 'other';
}

/** A run, or a file that does not say (many GPX files): both are accepted as runs. */
export function mayBeRunning(sport: Sport): boolean {
  return sport === 'running' || sport === 'unknown';
}
