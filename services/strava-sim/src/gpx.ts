// GPX 1.1 export of an activity's track (as Strava's "Export GPX" writes it), so demos and
// tests can import the same run from a file and from the API.
import type { Skeleton } from './schedule.ts';
import { isoSeconds } from './timezones.ts';
import type { Track } from './track.ts';

const esc = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const GPX_TYPE: Record<string, string> = {
  Run: 'running',
  TrailRun: 'trail_running',
  VirtualRun: 'running',
  Ride: 'cycling',
  Walk: 'walking',
  Swim: 'swimming',
};

/** Null when the activity has no GPS track (treadmill, pool, weights). */
export function toGpx(s: Skeleton, t: Track): string | null {
  if (!t.lat || !t.lng) return null;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx creator="StravaGPX" version="1.1" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">',
    ` <metadata><time>${isoSeconds(s.startMs)}</time></metadata>`,
    ` <trk><name>${esc(s.name)}</name><type>${GPX_TYPE[s.sportType] ?? 'other'}</type><trkseg>`,
  ];
  for (let i = 0; i < t.n; i++) {
    const ext: string[] = [];
    if (t.heartrate) ext.push(`<gpxtpx:hr>${t.heartrate[i]}</gpxtpx:hr>`);
    if (t.cadence) ext.push(`<gpxtpx:cad>${t.cadence[i]}</gpxtpx:cad>`);
    out.push(
      `  <trkpt lat="${t.lat[i]}" lon="${t.lng[i]}">${t.altitude ? `<ele>${t.altitude[i]}</ele>` : ''}<time>${isoSeconds(s.startMs + t.time[i]! * 1000)}</time>${ext.length ? `<extensions><gpxtpx:TrackPointExtension>${ext.join('')}</gpxtpx:TrackPointExtension></extensions>` : ''}</trkpt>`,
    );
  }
  out.push(' </trkseg></trk>', '</gpx>', '');
  return out.join('\n');
}
