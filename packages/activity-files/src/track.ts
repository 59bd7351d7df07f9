/** One sample of a recorded activity. Units: ms since epoch, degrees, metres, bpm, steps/min. */
export interface TrackPoint {
  time: number;
  lat?: number;
  lon?: number;
  /** Metres above sea level as recorded (GPS or barometric). */
  altitude?: number;
  /** Cumulative distance measured by the device (metres), when the file has it. */
  distance?: number;
  heartRate?: number;
  /** Steps per minute, both feet (files store strides per minute: parsers double them). */
  cadence?: number;
  /** True when recording restarted here (new GPX segment, new TCX Track): no continuity with the previous point. */
  resumed?: boolean;
}

/** Interval during which the device timer was stopped (ms since epoch, start < end). */
export interface TimerPause {
  start: number;
  end: number;
}

/**
 * Totals the device itself computed, when the file has them (metres, seconds, bpm): FIT session
 * fields, or the sums of TCX laps. They are the run's numbers; the track only fills what is missing.
 */
export interface DeviceTotals {
  distance?: number;
  /** Seconds the timer ran (pauses excluded): the run's moving time. */
  timerTime?: number;
  elapsedTime?: number;
  ascent?: number;
  descent?: number;
  calories?: number;
  averageHeartRate?: number;
  maxHeartRate?: number;
  /** Start declared by the device (FIT session start_time, first TCX Lap StartTime), ms since epoch. */
  start?: number;
}

export type Sport = 'running' | 'walking' | 'hiking' | 'cycling' | 'swimming' | 'other' | 'unknown';

/** A sport block of the file (FIT session, TCX Activity, GPX trk), kept for information. */
export interface SportPart {
  sport: Sport;
  start: number;
  end: number;
  distance?: number;
  /** Seconds the timer ran, when the device says. */
  timerTime?: number;
}

/**
 * Where the sport comes from: declared by the file (FIT session, TCX Sport, GPX trk type),
 * guessed from the activity's name or from its speed, or unknown (a GPX without type or name,
 * at a running speed: taken as a run).
 */
export type SportSource = 'file' | 'name' | 'speed' | 'none';

export interface Lap {
  start: number;
  elapsedTime?: number;
  timerTime?: number;
  distance?: number;
}

/** The normalised form every parser produces. */
export interface Track {
  points: TrackPoint[];
  pauses: TimerPause[];
  totals: DeviceTotals;
  laps: Lap[];
  /** The activity's sport (see `sportSource` for where it comes from). */
  sport: Sport;
  sportSource: SportSource;
  /** The file held several sports; `parts` lists them all (the activity is one of them). */
  multisport: boolean;
  parts: SportPart[];
  /** Treadmill / indoor sub-sport as declared by the file. */
  indoor: boolean;
  /** What the parser had to repair (clock jumps, points without time or position), for the runner. */
  repairs: string[];
  /** Device or software that wrote the file, e.g. "Garmin Forerunner 255" or "StravaGPX". */
  device: string | null;
  name: string | null;
  /**
   * Minutes the recording's local clock was ahead of UTC, when the file says (GPX/TCX times
   * written with an offset such as `+01:00`, FIT activity `local_timestamp` − `timestamp`):
   * the run's zone when it has no position. Null when the file gives only UTC times.
   */
  utcOffsetMinutes: number | null;
}

export function emptyTrack(): Track {
  return {
    points: [],
    pauses: [],
    totals: {},
    laps: [],
    sport: 'unknown',
    sportSource: 'none',
    multisport: false,
    parts: [],
    indoor: false,
    repairs: [],
    device: null,
    name: null,
    utcOffsetMinutes: null,
  };
}

export function hasPosition(p: TrackPoint): p is TrackPoint & { lat: number; lon: number } {
  return p.lat !== undefined && p.lon !== undefined;
}
