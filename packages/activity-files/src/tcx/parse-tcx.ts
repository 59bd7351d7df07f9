import { assembleTrack, type RawPart } from '../assemble.ts';
import { FileError } from '../errors.ts';
import { normaliseSport } from '../sport.ts';
import type { Lap, Track, TrackPoint } from '../track.ts';
import { streamXml, xmlNumber, xmlTime } from '../xml/stream-xml.ts';

export interface ParsedTcx {
  track: Track;
  /** `tcx:<Activity Id>` (the start time Garmin writes), with the creator's UnitId when present. */
  externalId: string | null;
}

/** Gap between the last point of a lap and the first of the next one that counts as a pause. */
const lapGapPauseMs = 15_000;

/**
 * Streams a TCX (Training Center Database v2) document. Every <Activity> becomes a part (its
 * Sport attribute gives the sport). A new <Track> inside the same <Lap> means the timer was
 * stopped: the gap becomes a pause. Lap DistanceMeters and TotalTimeSeconds add up to the
 * device totals; Trackpoint DistanceMeters is the device distance; Cadence and the TPX
 * RunCadence extension are per leg.
 */
export function parseTcx(bytes: Uint8Array): ParsedTcx {
  const label = 'TCX';
  const parts: RawPart[] = [];
  let part: RawPart | null = null;
  let lap: Lap | null = null;
  let lapDistance: number | undefined;
  let lapTime: number | undefined;
  let lapDistanceMissing = false;
  let lapTimeMissing = false;
  let point: TrackPoint | null = null;
  let tracksInLap = 0;
  let newTrack = false;
  let lastTime: number | null = null;
  let device: string | null = null;
  let unitId: string | null = null;
  let activityId: string | null = null;
  let name: string | null = null;

  function closePart(current: RawPart): void {
    if (!lapDistanceMissing && lapDistance !== undefined) current.totals.distance = lapDistance;
    if (!lapTimeMissing && lapTime !== undefined) current.totals.timerTime = lapTime;
  }

  streamXml(
    bytes,
    {
      open(tag, attributes) {
        if (tag === 'Activity' || tag === 'MultiSportSession') {
          if (tag === 'MultiSportSession') return;
          part = { sport: normaliseSport(attributes.Sport), points: [], pauses: [], laps: [], totals: {} };
          parts.push(part);
          lapDistance = undefined;
          lapTime = undefined;
          lapDistanceMissing = false;
          lapTimeMissing = false;
          lastTime = null;
        } else if (tag === 'Lap' && part) {
          const start = attributes.StartTime ? xmlTime(attributes.StartTime, label) : Number.NaN;
          lap = { start };
          tracksInLap = 0;
        } else if (tag === 'Track' && part) {
          tracksInLap += 1;
          newTrack = true;
        } else if (tag === 'Trackpoint' && part) {
          point = { time: Number.NaN };
        }
      },
      close(tag, text, path) {
        const parent = path[path.length - 2];
        if (point) {
          if (tag === 'Trackpoint') {
            const done = point;
            point = null;
            if (!Number.isFinite(done.time) || !part) return;
            if ((done.lat === undefined) !== (done.lon === undefined)) {
              delete done.lat;
              delete done.lon;
            }
            if (newTrack && lastTime !== null && part.points.length > 0) {
              const gap = done.time - lastTime;
              if (tracksInLap > 1 || gap > lapGapPauseMs) {
                done.resumed = true;
                if (gap > 0) part.pauses.push({ start: lastTime, end: done.time });
              }
            }
            newTrack = false;
            lastTime = done.time;
            part.points.push(done);
          } else if (tag === 'Time') {
            point.time = xmlTime(text, label);
          } else if (tag === 'LatitudeDegrees') {
            point.lat = xmlNumber(text, 'latitude', label);
            if (Math.abs(point.lat) > 90)
              throw new FileError('corrupt_file', 'The TCX file is damaged: a latitude is outside the globe.');
          } else if (tag === 'LongitudeDegrees') {
            point.lon = xmlNumber(text, 'longitude', label);
            if (Math.abs(point.lon) > 180)
              throw new FileError('corrupt_file', 'The TCX file is damaged: a longitude is outside the globe.');
          } else if (tag === 'AltitudeMeters') {
            point.altitude = xmlNumber(text, 'altitude', label);
          } else if (tag === 'DistanceMeters' && parent === 'Trackpoint') {
            point.distance = xmlNumber(text, 'distance', label);
          } else if (tag === 'Value' && parent === 'HeartRateBpm') {
            point.heartRate = xmlNumber(text, 'heart rate', label);
          } else if ((tag === 'Cadence' && parent === 'Trackpoint') || tag === 'RunCadence') {
            point.cadence = xmlNumber(text, 'cadence', label);
          }
          return;
        }
        if (!part) {
          if (tag === 'Name' && parent === 'Author' && !device) device = text || null;
          return;
        }
        const current: RawPart = part;
        if (tag === 'Id' && parent === 'Activity') {
          if (!activityId || current.sport === 'running') activityId = text || activityId;
        } else if (tag === 'Name' && parent === 'Creator') {
          device = text || device;
        } else if (tag === 'UnitId' && parent === 'Creator') {
          unitId = text || null;
        } else if (tag === 'Notes' && parent === 'Activity' && !name) {
          name = text || null;
        } else if (lap && parent === 'Lap') {
          if (tag === 'TotalTimeSeconds') {
            lap.timerTime = xmlNumber(text, 'lap time', label);
            lapTime = (lapTime ?? 0) + lap.timerTime;
          } else if (tag === 'DistanceMeters') {
            lap.distance = xmlNumber(text, 'lap distance', label);
            lapDistance = (lapDistance ?? 0) + lap.distance;
          }
        } else if (tag === 'Lap' && lap) {
          if (lap.timerTime === undefined) lapTimeMissing = true;
          if (lap.distance === undefined) lapDistanceMissing = true;
          if (!Number.isFinite(lap.start)) lap.start = current.points[current.points.length - 1]?.time ?? Number.NaN;
          if (Number.isFinite(lap.start)) current.laps.push(lap);
          lap = null;
        } else if (tag === 'Activity') {
          closePart(current);
          part = null;
        }
      },
    },
    label,
  );

  const externalId = activityId ? `tcx:${unitId ? `${unitId}:` : ''}${activityId}` : null;
  return { track: assembleTrack({ parts, device, name, label }), externalId };
}
