import { assembleActivities, type Assembled, type RawPart } from '../assemble.ts';
import { FileError } from '../errors.ts';
import { normaliseSport } from '../sport.ts';
import type { Lap, TrackPoint } from '../track.ts';
import { streamXml, xmlNumber, xmlOffsetMinutes, xmlTime } from '../xml/stream-xml.ts';

/** Gap between the last point of a lap and the first of the next one that counts as a pause. */
const lapGapPauseMs = 15_000;

/** Lap heart rates of 0 or 255 mean "no sensor" (Fit2Tcx writes 255 on every lap). */
const validHeartRate = (v: number | undefined): v is number => v !== undefined && v >= 20 && v <= 250;

interface LapFacts extends Lap {
  averageHeartRate?: number;
  maxHeartRate?: number;
}

/** Device totals of an Activity from its laps: sums, the first start, time-weighted heart rate. */
function lapTotals(part: RawPart, laps: LapFacts[]): void {
  const totals = part.totals;
  if (laps.length === 0) return;
  const starts = laps.map((l) => l.start).filter(Number.isFinite);
  if (starts.length > 0) totals.start = Math.min(...starts);
  if (laps.every((l) => l.distance !== undefined)) totals.distance = laps.reduce((s, l) => s + l.distance!, 0);
  if (laps.every((l) => l.timerTime !== undefined)) totals.timerTime = laps.reduce((s, l) => s + l.timerTime!, 0);
  const timed = laps.filter((l) => (l.timerTime ?? 0) > 0);
  if (timed.length > 0 && timed.every((l) => validHeartRate(l.averageHeartRate))) {
    const time = timed.reduce((s, l) => s + l.timerTime!, 0);
    totals.averageHeartRate = timed.reduce((s, l) => s + l.averageHeartRate! * l.timerTime!, 0) / time;
  }
  const maxima = laps.map((l) => l.maxHeartRate).filter(validHeartRate);
  if (maxima.length > 0 && timed.every((l) => validHeartRate(l.maxHeartRate)))
    totals.maxHeartRate = Math.max(...maxima);
}

/**
 * Streams a TCX (Training Center Database v2) document. Every <Activity> (also inside a
 * MultiSportSession) is a part of its own, with its Sport, its Creator's UnitId and Id as the
 * device's id for it, and device totals from its laps (DistanceMeters, TotalTimeSeconds,
 * AverageHeartRateBpm weighted by lap time, the first StartTime). A new <Track> inside the same
 * <Lap> means the timer was stopped: the gap becomes a pause. Trackpoint DistanceMeters is the
 * device distance; Cadence and the TPX RunCadence extension are cadence as recorded.
 */
export function parseTcx(bytes: Uint8Array): Assembled {
  const label = 'TCX';
  const parts: RawPart[] = [];
  let part: RawPart | null = null;
  let laps: LapFacts[] = [];
  let lap: LapFacts | null = null;
  let point: TrackPoint | null = null;
  let tracksInLap = 0;
  let newTrack = false;
  let lastTime: number | null = null;
  let device: string | null = null;
  let utcOffsetMinutes: number | null = null;
  let unitId: string | null = null;
  let activityId: string | null = null;

  streamXml(
    bytes,
    {
      open(tag, attributes) {
        if (tag === 'Activity') {
          part = { sport: normaliseSport(attributes.Sport), points: [], pauses: [], laps: [], totals: {}, name: null };
          parts.push(part);
          laps = [];
          lastTime = null;
          unitId = null;
          activityId = null;
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
            if (!part) return;
            if ((done.lat === undefined) !== (done.lon === undefined)) {
              delete done.lat;
              delete done.lon;
            }
            if (!Number.isFinite(done.time)) {
              // No time: placed between its neighbours, or the Activity is a route (see assemble).
              if (newTrack && tracksInLap > 1 && part.points.length > 0) done.resumed = true;
              newTrack = false;
              part.points.push(done);
              return;
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
            utcOffsetMinutes ??= xmlOffsetMinutes(text);
          } else if (tag === 'LatitudeDegrees') {
            point.lat = xmlNumber(text, 'latitude', label);
            if (Math.abs(point.lat) > 90)
              throw new FileError('corrupt_file', 'The TCX file is damaged: a latitude is outside the globe.');
          } else if (tag === 'LongitudeDegrees') {
            point.lon = xmlNumber(text, 'longitude', label);
            if (Math.abs(point.lon) > 180)
              throw new FileError('corrupt_file', 'The TCX file is damaged: a longitude is outside the globe.');
          } else if (tag === 'AltitudeMeters') {
            const altitude = xmlNumber(text, 'altitude', label);
            if (altitude > -500 && altitude < 9000) point.altitude = altitude;
          } else if (tag === 'DistanceMeters' && parent === 'Trackpoint') {
            point.distance = xmlNumber(text, 'distance', label);
          } else if (tag === 'Value' && parent === 'HeartRateBpm') {
            const hr = xmlNumber(text, 'heart rate', label);
            if (validHeartRate(hr)) point.heartRate = hr;
          } else if ((tag === 'Cadence' && parent === 'Trackpoint') || tag === 'RunCadence') {
            const cadence = xmlNumber(text, 'cadence', label);
            if (cadence < 255) point.cadence = cadence;
          }
          return;
        }
        if (!part) {
          if (tag === 'Name' && parent === 'Author' && !device) device = text || null;
          return;
        }
        const current: RawPart = part;
        if (tag === 'Id' && parent === 'Activity') {
          activityId = text || null;
        } else if (tag === 'Name' && parent === 'Creator') {
          device = text || device;
        } else if (tag === 'UnitId' && parent === 'Creator') {
          unitId = text || null;
        } else if (tag === 'Notes' && parent === 'Activity') {
          current.name = text || null;
        } else if (lap && parent === 'Lap') {
          if (tag === 'TotalTimeSeconds') lap.timerTime = xmlNumber(text, 'lap time', label);
          else if (tag === 'DistanceMeters') lap.distance = xmlNumber(text, 'lap distance', label);
        } else if (lap && tag === 'Value' && path[path.length - 3] === 'Lap') {
          if (parent === 'AverageHeartRateBpm') lap.averageHeartRate = xmlNumber(text, 'heart rate', label);
          else if (parent === 'MaximumHeartRateBpm') lap.maxHeartRate = xmlNumber(text, 'heart rate', label);
        } else if (tag === 'Lap' && lap) {
          if (!Number.isFinite(lap.start)) lap.start = current.points[current.points.length - 1]?.time ?? Number.NaN;
          laps.push(lap);
          if (Number.isFinite(lap.start)) {
            const { averageHeartRate: _a, maxHeartRate: _m, ...kept } = lap;
            current.laps.push(kept);
          }
          lap = null;
        } else if (tag === 'Activity') {
          lapTotals(current, laps);
          if (activityId) current.externalId = `tcx:${unitId && unitId !== '0' ? `${unitId}:` : ''}${activityId}`;
          part = null;
        }
      },
    },
    label,
  );

  return assembleActivities({ parts, device, name: null, label, utcOffsetMinutes });
}
