import FitParser, { getFitGarminProductDisplayName, type ParsedFit } from 'fit-file-parser';
import { assembleActivities, type Assembled, type RawPart } from '../assemble.ts';
import { FileError } from '../errors.ts';
import { normaliseSport } from '../sport.ts';
import type { TrackPoint } from '../track.ts';
import { checkFitFrame } from './check-fit-frame.ts';

const stopTypes = new Set(['stop', 'stop_all', 'stop_disable', 'stop_disable_all']);
const fitEpochSeconds = 631065600;

function ms(value: Date | undefined): number | undefined {
  const t = value?.getTime();
  return t !== undefined && Number.isFinite(t) ? t : undefined;
}

/**
 * The activity message's `local_timestamp` − `timestamp`, to the quarter hour, in minutes.
 * Zero says nothing (devices that do not know the zone write their UTC clock as local), nor
 * does an offset beyond any zone's.
 */
function localOffset(fit: ParsedFit): number | null {
  const raw: unknown = fit.activity;
  const activity = (Array.isArray(raw) ? raw[0] : raw) as { local_timestamp?: Date; timestamp?: Date } | undefined;
  const local = ms(activity?.local_timestamp);
  const utc = ms(activity?.timestamp);
  if (local === undefined || utc === undefined) return null;
  const minutes = Math.round((local - utc) / 900_000) * 15;
  return minutes === 0 || minutes < -12 * 60 || minutes > 14 * 60 ? null : minutes;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function decode(bytes: Uint8Array): ParsedFit {
  const length = checkFitFrame(bytes);
  const frame = Buffer.from(bytes.buffer, bytes.byteOffset, length);
  let result: ParsedFit | undefined;
  let failure: unknown;
  try {
    new FitParser({ force: false, mode: 'list', speedUnit: 'm/s', lengthUnit: 'm', temperatureUnit: 'celsius' }).parse(
      frame as Buffer<ArrayBuffer>,
      (error, data) => {
        if (error) failure = error;
        else result = data;
      },
    );
  } catch (error) {
    failure = error;
  }
  if (failure !== undefined || !result) {
    throw new FileError('corrupt_file', 'The FIT file is damaged: its messages cannot be decoded.', { cause: failure });
  }
  return result;
}

function deviceName(fit: ParsedFit): string | null {
  const id = fit.file_ids?.[0];
  const info = fit.device_infos?.find((d) => d.device_index === 0 || (d.device_index as unknown) === 'creator');
  const manufacturer = id?.manufacturer ?? info?.manufacturer;
  const product = id?.product ?? info?.product;
  const productName =
    id?.product_name ||
    info?.product_name ||
    (manufacturer === 'garmin' && product !== undefined ? getFitGarminProductDisplayName(product) : null);
  const maker =
    typeof manufacturer === 'string' && manufacturer !== 'development'
      ? manufacturer.charAt(0).toUpperCase() + manufacturer.slice(1)
      : null;
  const parts = [maker, productName ?? (product !== undefined && maker ? `product ${product}` : null)].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : null;
}

/**
 * `fit:<serial_number>:<time>` (FIT seconds since 1989-12-31): time_created from file_id for
 * a file with one session, the session's start for each session of a multi-session file (so
 * the legs of a brick are told apart). Without a serial: `fit:<manufacturer>:<product>:<time>`.
 */
function externalIdOf(fit: ParsedFit, sessionStart: number | undefined, sessions: number): string | null {
  const id = fit.file_ids?.[0];
  const at = sessions > 1 && sessionStart !== undefined ? sessionStart : ms(id?.time_created);
  if (at === undefined) return null;
  const fitSeconds = Math.round(at / 1000) - fitEpochSeconds;
  if (id?.serial_number !== undefined) return `fit:${id.serial_number}:${fitSeconds}`;
  return `fit:${String(id?.manufacturer ?? 'unknown')}:${id?.product ?? 0}:${fitSeconds}`;
}

/** A heart rate a sensor can report (0 and 255 mean "none"). */
const heartRate = (value: unknown): number | undefined => {
  const v = num(value);
  return v !== undefined && v >= 20 && v <= 250 ? v : undefined;
};

/** Altitude within what a device can record (the invalid 0xFFFF reads as 12,607 m). */
const altitudeOf = (value: unknown): number | undefined => {
  const v = num(value);
  return v !== undefined && v > -500 && v < 9000 ? v : undefined;
};

const indoorSubSports = new Set(['treadmill', 'indoor_running', 'indoor_walking', 'virtual_activity', 'track_me']);

/**
 * Decodes a FIT activity (through fit-file-parser, after our own header/CRC checks): one part
 * per session (sport, sub-sport treadmill/indoor = indoor, device totals: distance, timer and
 * elapsed time, ascent, heart rate, start), records placed in the session they fall in, timer
 * stop/start events as pauses, semicircles as degrees, enhanced_altitude preferred, invalid
 * altitude and heart rate ignored, cadence + fractional_cadence as recorded.
 */
export function parseFit(bytes: Uint8Array): Assembled {
  const fit = decode(bytes);
  const fileType = fit.file_ids?.[0]?.type;
  if (fileType !== undefined && fileType !== 'activity') {
    throw new FileError('no_activity', `This FIT file is a "${String(fileType)}" file, not a recorded activity.`);
  }

  const sessions = (fit.sessions ?? [])
    .map((s) => ({ session: s, start: ms(s.start_time) ?? ms(s.timestamp as Date | undefined) }))
    .filter((s): s is { session: (typeof s)['session']; start: number } => s.start !== undefined)
    .sort((a, b) => a.start - b.start);
  const fallbackSport = normaliseSport(fit.sports?.[0]?.sport as string | undefined);
  const parts: RawPart[] =
    sessions.length > 0
      ? sessions.map(({ session, start }) => {
          const elapsed = num(session.total_elapsed_time);
          const end =
            ms(session.timestamp as Date | undefined) ?? (elapsed !== undefined ? start + elapsed * 1000 : undefined);
          const part: RawPart = {
            sport: normaliseSport(session.sport as string | undefined),
            points: [],
            pauses: [],
            laps: [],
            totals: {},
            indoor: indoorSubSports.has(String(session.sub_sport)),
            start,
            ...(end !== undefined ? { end } : {}),
            externalId: externalIdOf(fit, start, sessions.length),
          };
          const totals = part.totals;
          totals.start = start;
          const distance = num(session.total_distance);
          if (distance !== undefined) totals.distance = distance;
          const timer = num(session.total_timer_time);
          if (timer !== undefined) totals.timerTime = timer;
          if (elapsed !== undefined) totals.elapsedTime = elapsed;
          const ascent = num(session.total_ascent);
          if (ascent !== undefined) totals.ascent = ascent;
          const descent = num(session.total_descent);
          if (descent !== undefined) totals.descent = descent;
          const calories = num(session.total_calories);
          if (calories !== undefined) totals.calories = calories;
          const averageHeartRate = heartRate(session.avg_heart_rate);
          if (averageHeartRate !== undefined) totals.averageHeartRate = averageHeartRate;
          const maxHeartRate = heartRate(session.max_heart_rate);
          if (maxHeartRate !== undefined) totals.maxHeartRate = maxHeartRate;
          return part;
        })
      : [
          {
            sport: fallbackSport,
            points: [],
            pauses: [],
            laps: [],
            totals: {},
            externalId: externalIdOf(fit, undefined, 1),
          },
        ];

  const partAt = (time: number): RawPart => {
    let found = parts[0]!;
    for (const part of parts) if (part.start !== undefined && part.start <= time) found = part;
    return found;
  };

  // Timer pauses from events (stop ... start).
  const resumeTimes = new Set<number>();
  let pausedAt: number | null = null;
  const events = (fit.events ?? [])
    .filter((e) => e.event === 'timer')
    .map((e) => ({ type: String(e.event_type), time: ms(e.timestamp as Date | undefined) }))
    .filter((e): e is { type: string; time: number } => e.time !== undefined)
    .sort((a, b) => a.time - b.time);
  for (const event of events) {
    if (stopTypes.has(event.type)) {
      if (pausedAt === null) pausedAt = event.time;
    } else if (event.type === 'start' && pausedAt !== null) {
      if (event.time > pausedAt) {
        partAt(pausedAt).pauses.push({ start: pausedAt, end: event.time });
        resumeTimes.add(event.time);
      }
      pausedAt = null;
    }
  }
  const resumes = [...resumeTimes].sort((a, b) => a - b);

  let nextResume = 0;
  for (const record of fit.records ?? []) {
    const time = ms(record.timestamp as Date | undefined);
    if (time === undefined) continue;
    const point: TrackPoint = { time };
    const lat = num(record.position_lat),
      lon = num(record.position_long);
    if (lat !== undefined && lon !== undefined && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      point.lat = lat;
      point.lon = lon;
    }
    const altitude = altitudeOf(record.enhanced_altitude) ?? altitudeOf(record.altitude);
    if (altitude !== undefined) point.altitude = altitude;
    const distance = num(record.distance);
    if (distance !== undefined) point.distance = distance;
    const hr = heartRate(record.heart_rate);
    if (hr !== undefined) point.heartRate = hr;
    const cadence = num(record.cadence);
    if (cadence !== undefined) point.cadence = cadence + (num(record.fractional_cadence) ?? 0);
    while (nextResume < resumes.length && resumes[nextResume]! <= time) {
      point.resumed = true;
      nextResume++;
    }
    partAt(time).points.push(point);
  }

  for (const lap of fit.laps ?? []) {
    const start = ms(lap.start_time);
    if (start === undefined) continue;
    const elapsedTime = num(lap.total_elapsed_time),
      timerTime = num(lap.total_timer_time),
      distance = num(lap.total_distance);
    partAt(start).laps.push({
      start,
      ...(elapsedTime !== undefined ? { elapsedTime } : {}),
      ...(timerTime !== undefined ? { timerTime } : {}),
      ...(distance !== undefined ? { distance } : {}),
    });
  }

  return assembleActivities({
    parts,
    device: deviceName(fit),
    name: null,
    label: 'FIT',
    utcOffsetMinutes: localOffset(fit),
  });
}
