import type { RunStreams } from '@runnerly/contracts';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** GPX 1.1 of a run's track (time, position, elevation, heart rate, cadence); null without positions. */
export function runGpx(run: { name: string; start_time: string; sport_type: string }, s: RunStreams): string | null {
  if (!s.latlng?.length) return null;
  const start = Date.parse(run.start_time);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx creator="Runnerly" version="1.1" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">',
    ` <metadata><time>${new Date(start).toISOString()}</time></metadata>`,
    ` <trk><name>${esc(run.name)}</name><type>${esc(run.sport_type)}</type><trkseg>`,
  ];
  for (let i = 0; i < s.latlng.length; i++) {
    const [lat, lon] = s.latlng[i]!;
    const ele = s.altitude?.[i];
    const hr = s.heartrate?.[i];
    const cad = s.cadence?.[i];
    const ext = [
      hr != null ? `<gpxtpx:hr>${Math.round(hr)}</gpxtpx:hr>` : '',
      cad != null ? `<gpxtpx:cad>${Math.round(cad)}</gpxtpx:cad>` : '',
    ].join('');
    const time = s.time[i] != null ? `<time>${new Date(start + s.time[i]! * 1000).toISOString()}</time>` : '';
    out.push(
      `  <trkpt lat="${lat}" lon="${lon}">${ele != null ? `<ele>${ele}</ele>` : ''}${time}${ext ? `<extensions><gpxtpx:TrackPointExtension>${ext}</gpxtpx:TrackPointExtension></extensions>` : ''}</trkpt>`,
    );
  }
  out.push(' </trkseg></trk>', '</gpx>', '');
  return out.join('\n');
}
