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

/** Totals the device itself computed, when the file has them (metres, seconds). */
export interface DeviceTotals {
  distance?: number;
  timerTime?: number;
  elapsedTime?: number;
  ascent?: number;
  descent?: number;
  calories?: number;
}

export type Sport = 'running' | 'walking' | 'hiking' | 'cycling' | 'swimming' | 'other' | 'unknown';

/** A sport block of the file (FIT session, TCX Activity, GPX trk), kept for information. */
export interface SportPart {
  sport: Sport;
  start: number;
  end: number;
  distance?: number;
}

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
  /** 'running' when the file is (or contains) a run; points then hold only the running parts. */
  sport: Sport;
  /** The file held several sports; `parts` lists them all. */
  multisport: boolean;
  parts: SportPart[];
  /** Treadmill / indoor sub-sport as declared by the file. */
  indoor: boolean;
  /** Device or software that wrote the file, e.g. "Garmin Forerunner 255" or "StravaGPX". */
  device: string | null;
  name: string | null;
}

export function emptyTrack(): Track {
  return {
    points: [],
    pauses: [],
    totals: {},
    laps: [],
    sport: 'unknown',
    multisport: false,
    parts: [],
    indoor: false,
    device: null,
    name: null,
  };
}

export function hasPosition(p: TrackPoint): p is TrackPoint & { lat: number; lon: number } {
  return p.lat !== undefined && p.lon !== undefined;
}
