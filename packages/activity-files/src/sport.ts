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

/** Any of these words, not inside a longer word ("Trailrunning" is not "rain"). */
// eslint-disable-next-line security/detect-non-literal-regexp -- built from word lists written in this file, not from input
const words = (...list: string[]) => new RegExp(`(?<!\\p{L})(${list.join('|')})(?!\\p{L})`, 'iu');

const namePatterns: Array<[RegExp, Sport]> = [
  [
    words(
      'run',
      'running',
      'jog',
      'jogging',
      'trail',
      'trailrun',
      'marathon',
      'parkrun',
      'footing',
      'course à pied',
      'laufen',
      'lauf',
      'carrera',
      'corsa',
    ),
    'running',
  ],
  [
    words(
      'ride',
      'riding',
      'cycling',
      'bike',
      'biking',
      'mtb',
      'vélo',
      'velo',
      'radfahrt',
      'radfahren',
      'ciclismo',
      'gravel',
    ),
    'cycling',
  ],
  [words('swim', 'swimming', 'natation', 'schwimmen', 'nuoto'), 'swimming'],
  [words('hike', 'hiking', 'randonnée', 'rando', 'wanderung', 'wandern', 'trek', 'trekking'), 'hiking'],
  [words('walk', 'walking', 'marche', 'spaziergang', 'promenade'), 'walking'],
];

/** The sport an activity's name says ("Morning Run", "Sortie vélo"), if any. */
export function sportFromName(name: string | null | undefined): Sport | null {
  if (!name) return null;
  for (const [pattern, sport] of namePatterns) if (pattern.test(name)) return sport;
  return null;
}

/** Men's world records (metres, seconds): no run is faster than these over its distance. */
const worldRecords: Array<[number, number]> = [
  [1500, 206],
  [5000, 755],
  [10000, 1571],
  [21097.5, 3450],
  [42195, 7235],
  [100000, 21941],
];

/** Fastest average speed (m/s) a person has run over `distance` metres (log-interpolated). */
export function fastestRunSpeed(distance: number): number {
  const speeds = worldRecords.map(([d, t]) => [d, d / t] as const);
  if (distance <= speeds[0]![0]) return speeds[0]![1];
  for (let i = 1; i < speeds.length; i++) {
    const [d1, v1] = speeds[i]!;
    if (distance <= d1) {
      const [d0, v0] = speeds[i - 1]!;
      const f = Math.log(distance / d0) / Math.log(d1 / d0);
      return v0 + f * (v1 - v0);
    }
  }
  return speeds[speeds.length - 1]![1];
}

/**
 * Whether an activity of unknown sport is too fast to be a run: faster on average than the
 * world record at its distance (42 km at 2:50/km is a ride), over at least a kilometre.
 */
export function tooFastForARun(distance: number, movingTime: number): boolean {
  if (distance < 1000 || movingTime <= 0) return false;
  return distance / movingTime > fastestRunSpeed(distance);
}

const sportWords: Record<Sport, string> = {
  running: 'a run',
  walking: 'a walk',
  hiking: 'a hike',
  cycling: 'a ride',
  swimming: 'a swim',
  other: 'another sport',
  unknown: 'an activity of unknown sport',
};

/** "a ride", "a swim"… for messages. */
export function describeSport(sport: Sport): string {
  return sportWords[sport];
}
