import { assembleActivities, type Assembled, type RawPart } from '../assemble.ts';
import { FileError } from '../errors.ts';
import { normaliseSport } from '../sport.ts';
import type { TrackPoint } from '../track.ts';
import { streamXml, xmlNumber, xmlOffsetMinutes, xmlTime } from '../xml/stream-xml.ts';

const heartRateNames = new Set(['hr', 'heartrate', 'heart_rate']);
const cadenceNames = new Set(['cad', 'cadence', 'runcadence']);

/**
 * Streams a GPX 1.0 or 1.1 document. Every <trk> becomes a part (its <type> gives the sport,
 * its <name> the name), every <trkseg> after the first starts with a resumed point and a pause
 * since the previous segment. Heart rate and cadence come from extensions (Garmin
 * TrackPointExtension `hr`/`cad`, Cluetrust `hr`/`cadence`). A point without <time> is kept
 * for the assembler (placed between its neighbours, or the track is a route). Tracks less than
 * an hour apart are one activity. Waypoints and routes are ignored. GPX carries no activity id.
 */
export function parseGpx(bytes: Uint8Array): Assembled {
  const label = 'GPX';
  const parts: RawPart[] = [];
  let part: RawPart | null = null;
  let point: TrackPoint | null = null;
  let newSegment = false;
  let lastTime: number | null = null;
  let device: string | null = null;
  let name: string | null = null;
  let utcOffsetMinutes: number | null = null;

  streamXml(
    bytes,
    {
      open(tag, attributes, path) {
        if (tag === 'gpx' && path.length === 1) {
          if (attributes.creator) device = attributes.creator.trim() || null;
        } else if (tag === 'trk') {
          part = { sport: 'unknown', points: [], pauses: [], laps: [], totals: {}, name: null };
          parts.push(part);
          newSegment = true;
        } else if (tag === 'trkseg') {
          newSegment = true;
        } else if (tag === 'trkpt' && part) {
          const lat = attributes.lat,
            lon = attributes.lon;
          point = { time: Number.NaN };
          if (lat !== undefined && lon !== undefined) {
            point.lat = xmlNumber(lat, 'latitude', label);
            point.lon = xmlNumber(lon, 'longitude', label);
            if (Math.abs(point.lat) > 90 || Math.abs(point.lon) > 180) {
              throw new FileError('corrupt_file', 'The GPX file is damaged: a position is outside the globe.');
            }
          }
        }
      },
      close(tag, text, path) {
        const parent = path[path.length - 2];
        if (point) {
          if (tag === 'trkpt') {
            const done = point;
            point = null;
            if (!part) return;
            if (newSegment) {
              if (part.points.length > 0) {
                done.resumed = true;
                if (lastTime !== null && done.time > lastTime) part.pauses.push({ start: lastTime, end: done.time });
              }
              newSegment = false;
            }
            if (Number.isFinite(done.time)) lastTime = done.time;
            part.points.push(done);
          } else if (tag === 'time' && parent === 'trkpt') {
            point.time = xmlTime(text, label);
            utcOffsetMinutes ??= xmlOffsetMinutes(text);
          } else if (tag === 'ele' && parent === 'trkpt') {
            if (text !== '') point.altitude = xmlNumber(text, 'elevation', label);
          } else if (heartRateNames.has(tag.toLowerCase())) {
            if (text !== '') point.heartRate = xmlNumber(text, 'heart rate', label);
          } else if (cadenceNames.has(tag.toLowerCase())) {
            if (text !== '') point.cadence = xmlNumber(text, 'cadence', label);
          }
          return;
        }
        if (tag === 'type' && parent === 'trk' && part) {
          part.sport = normaliseSport(text);
        } else if (tag === 'name' && parent === 'trk' && part && text) {
          part.name = text;
        } else if (tag === 'name' && parent === 'metadata' && text && !name) {
          name = text;
        } else if (tag === 'trk') {
          part = null;
        }
      },
    },
    label,
  );

  return assembleActivities({ parts, device, name, label, joinCloseParts: true, utcOffsetMinutes });
}
