import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, TimeZone, UserId, Uuid } from './common.ts';

export const RunSource = Type.Union([Type.Literal('strava'), Type.Literal('file'), Type.Literal('manual')], {
  description: 'Where the run came from',
});
export type RunSource = Static<typeof RunSource>;

export const SportType = Type.Union(['Run', 'TrailRun', 'VirtualRun', 'Treadmill'].map((s) => Type.Literal(s)), { description: 'Running sport type' });

const runFields = {
  source: RunSource,
  source_id: Type.String({
    minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9:_\\-]+$',
    description: 'Stable id within the source: the Strava activity id (64-bit, as a decimal string), a file content hash, or a client-made id for manual runs',
  }),
  name: Type.String({ maxLength: 200 }),
  sport_type: SportType,
  start_time: IsoDateTime,
  timezone: TimeZone,
  distance_m: Type.Number({ minimum: 0, maximum: 1_000_000, description: 'Metres' }),
  moving_time_s: Type.Integer({ minimum: 0, maximum: 30 * 86400, description: 'Seconds' }),
  elapsed_time_s: Type.Integer({ minimum: 0, maximum: 30 * 86400, description: 'Seconds' }),
  elevation_gain_m: Type.Union([Type.Number({ minimum: 0, maximum: 100_000 }), Type.Null()], { description: 'Metres' }),
  average_heartrate: Type.Union([Type.Number({ minimum: 20, maximum: 260 }), Type.Null()], { description: 'Beats per minute' }),
  max_heartrate: Type.Union([Type.Number({ minimum: 20, maximum: 260 }), Type.Null()]),
  average_cadence: Type.Union([Type.Number({ minimum: 0, maximum: 400 }), Type.Null()], { description: 'Steps per minute' }),
  summary_polyline: Type.Union([Type.String({ maxLength: 100_000 }), Type.Null()], { description: 'Google encoded polyline, precision 5' }),
};

export const RunInput = Type.Object({
  user_id: UserId,
  ...runFields,
  elevation_gain_m: Type.Optional(runFields.elevation_gain_m),
  average_heartrate: Type.Optional(runFields.average_heartrate),
  max_heartrate: Type.Optional(runFields.max_heartrate),
  average_cadence: Type.Optional(runFields.average_cadence),
  summary_polyline: Type.Optional(runFields.summary_polyline),
}, { additionalProperties: false });
export type RunInput = Static<typeof RunInput>;

export const Run = Type.Object({
  id: Uuid,
  user_id: UserId,
  ...runFields,
  created_at: IsoDateTime,
});
export type Run = Static<typeof Run>;

export const RunBatch = Type.Object({
  runs: Type.Array(RunInput, { minItems: 1, maxItems: 1000 }),
}, { additionalProperties: false });
export type RunBatch = Static<typeof RunBatch>;

export const BatchResult = Type.Object({
  received: Type.Integer(),
  added: Type.Integer({ description: 'Runs that were new' }),
  existing: Type.Integer({ description: 'Runs already stored (same user, source and source id)' }),
  runs: Type.Array(Type.Object({ id: Uuid, source: RunSource, source_id: Type.String(), added: Type.Boolean() })),
});
export type BatchResult = Static<typeof BatchResult>;

export const RunList = Type.Object({
  runs: Type.Array(Run),
  next_before: Type.Union([IsoDateTime, Type.Null()], { description: 'Pass as `before` for the next page; null at the end' }),
});
export type RunList = Static<typeof RunList>;

export const MonthRuns = Type.Object({
  month: Type.String(),
  timezone: TimeZone,
  from: IsoDateTime,
  to: IsoDateTime,
  runs: Type.Array(Run),
  totals: Type.Object({ count: Type.Integer(), distance_m: Type.Number(), moving_time_s: Type.Integer(), elevation_gain_m: Type.Number() }),
});
export type MonthRuns = Static<typeof MonthRuns>;
