import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, Nullable, StringEnum, TimeZone, UserId, Uuid } from './common.ts';

export const RunSource = StringEnum(['strava', 'file', 'manual'], {
  description: 'Where the run came from',
});
export type RunSource = Static<typeof RunSource>;

export const SportType = StringEnum(['Run', 'TrailRun', 'VirtualRun', 'Treadmill'], {
  description: 'Running sport type',
});

export const WorkoutType = StringEnum(['race', 'long_run', 'workout'], {
  description: "What kind of session it was (Strava's workout_type); null for an easy or ordinary run",
});
export type WorkoutType = Static<typeof WorkoutType>;
/** A WorkoutType or null: an enum takes null only when it lists it. */
const WorkoutTypeOrNull = Type.Unsafe<WorkoutType | null>({
  ...WorkoutType,
  enum: [...(WorkoutType.enum as string[]), null],
  nullable: true,
});

const runFields = {
  source: RunSource,
  source_id: Type.String({
    minLength: 1,
    maxLength: 100,
    pattern: '^[A-Za-z0-9:_\\-]+$',
    description:
      'Stable id within the source: the Strava activity id (64-bit, as a decimal string), a file content hash, or a client-made id for manual runs',
  }),
  name: Type.String({ maxLength: 200 }),
  sport_type: SportType,
  start_time: IsoDateTime,
  timezone: TimeZone,
  distance_m: Type.Number({ minimum: 0, maximum: 1_000_000, description: 'Metres' }),
  moving_time_s: Type.Integer({ minimum: 0, maximum: 30 * 86400, description: 'Seconds' }),
  elapsed_time_s: Type.Integer({ minimum: 0, maximum: 30 * 86400, description: 'Seconds' }),
  elevation_gain_m: Nullable(Type.Number({ minimum: 0, maximum: 100_000 }), { description: 'Metres' }),
  average_heartrate: Nullable(Type.Number({ minimum: 20, maximum: 260 }), { description: 'Beats per minute' }),
  max_heartrate: Nullable(Type.Number({ minimum: 20, maximum: 260 })),
  average_cadence: Nullable(Type.Number({ minimum: 0, maximum: 400 }), { description: 'Steps per minute' }),
  summary_polyline: Nullable(Type.String({ maxLength: 100_000 }), {
    description: 'Google encoded polyline, precision 5',
  }),
};

const nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Nullable(t);

export const Split = Type.Object(
  {
    index: Type.Integer({ minimum: 1 }),
    distance_m: Type.Number({ minimum: 0 }),
    elapsed_time_s: Type.Number({ minimum: 0 }),
    moving_time_s: Type.Number({ minimum: 0 }),
    elevation_difference_m: Type.Optional(nullable(Type.Number())),
    average_heartrate: Type.Optional(nullable(Type.Number())),
  },
  { additionalProperties: false },
);
export type Split = Static<typeof Split>;

export const BestEffort = Type.Object(
  {
    name: Type.String({ maxLength: 40, description: 'e.g. 1 km, 5 km, Half marathon' }),
    distance_m: Type.Number({ minimum: 0 }),
    elapsed_time_s: Type.Number({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type BestEffort = Static<typeof BestEffort>;

export const Lap = Type.Object(
  {
    index: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Type.String({ maxLength: 100 })),
    distance_m: Type.Number({ minimum: 0 }),
    elapsed_time_s: Type.Number({ minimum: 0 }),
    moving_time_s: Type.Number({ minimum: 0 }),
    elevation_gain_m: Type.Optional(nullable(Type.Number({ minimum: 0 }))),
    average_heartrate: Type.Optional(nullable(Type.Number())),
  },
  { additionalProperties: false, description: 'A lap as the device (or the runner, with the lap button) marked it' },
);
export type Lap = Static<typeof Lap>;

/** Per-sample series of a run, all the same length as `time` (seconds from the start). */
export const RunStreams = Type.Object(
  {
    time: Type.Array(Type.Number({ minimum: 0 }), { maxItems: 200_000 }),
    distance: Type.Optional(Type.Array(Type.Number(), { maxItems: 200_000, description: 'Metres from the start' })),
    latlng: Type.Optional(
      Type.Array(
        Type.Tuple([Type.Number({ minimum: -90, maximum: 90 }), Type.Number({ minimum: -180, maximum: 180 })]),
        { maxItems: 200_000 },
      ),
    ),
    altitude: Type.Optional(Type.Array(nullable(Type.Number()), { maxItems: 200_000 })),
    heartrate: Type.Optional(Type.Array(nullable(Type.Number()), { maxItems: 200_000 })),
    cadence: Type.Optional(Type.Array(nullable(Type.Number()), { maxItems: 200_000, description: 'Steps per minute' })),
  },
  { additionalProperties: false },
);
export type RunStreams = Static<typeof RunStreams>;

const detailFields = {
  strava_activity_id: nullable(
    Type.String({
      pattern: '^[0-9]{1,20}$',
      description: 'Strava activity id (64-bit, decimal), when known: from the API or a Strava export',
    }),
  ),
  external_id: nullable(
    Type.String({
      maxLength: 200,
      description: 'Id given by the recording device or file, e.g. FIT serial + time created',
    }),
  ),
  description: nullable(Type.String({ maxLength: 10_000 })),
  device: nullable(Type.String({ maxLength: 200 })),
  trainer: Type.Boolean({
    description:
      "Run indoors: a treadmill, an indoor track (the file says so: FIT sub-sport treadmill or indoor; Strava's `trainer`)",
  }),
  has_gps: nullable(
    Type.Boolean({
      description: 'False when the run was recorded without positions (treadmill, foot pod, GPS off); null if unknown',
    }),
  ),
  sport_inferred: Type.Boolean({
    description:
      'The source did not say the sport (a GPX without type, a FIT "generic" session): taken as a run from its name or speed. The runner may correct it.',
  }),
  splits_km: nullable(Type.Array(Split, { maxItems: 1000 })),
  splits_mi: nullable(Type.Array(Split, { maxItems: 1000 })),
  best_efforts: nullable(Type.Array(BestEffort, { maxItems: 20 })),
  calories: nullable(Type.Number({ minimum: 0, maximum: 100_000, description: 'Kilocalories, as the source says' })),
  laps: nullable(Type.Array(Lap, { maxItems: 1000 })),
};

export const RunInput = Type.Object(
  {
    user_id: UserId,
    ...runFields,
    elevation_gain_m: Type.Optional(runFields.elevation_gain_m),
    average_heartrate: Type.Optional(runFields.average_heartrate),
    max_heartrate: Type.Optional(runFields.max_heartrate),
    average_cadence: Type.Optional(runFields.average_cadence),
    summary_polyline: Type.Optional(runFields.summary_polyline),
    strava_activity_id: Type.Optional(detailFields.strava_activity_id),
    external_id: Type.Optional(detailFields.external_id),
    description: Type.Optional(detailFields.description),
    device: Type.Optional(detailFields.device),
    trainer: Type.Optional(detailFields.trainer),
    has_gps: Type.Optional(detailFields.has_gps),
    sport_inferred: Type.Optional(detailFields.sport_inferred),
    splits_km: Type.Optional(detailFields.splits_km),
    splits_mi: Type.Optional(detailFields.splits_mi),
    best_efforts: Type.Optional(detailFields.best_efforts),
    calories: Type.Optional(detailFields.calories),
    laps: Type.Optional(detailFields.laps),
    streams: Type.Optional(nullable(RunStreams)),
    workout_type: Type.Optional(WorkoutTypeOrNull),
    gear: Type.Optional(
      nullable(
        Type.Object(
          {
            strava_gear_id: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_\\-]+$' }),
            name: Type.String({ minLength: 1, maxLength: 100 }),
          },
          {
            additionalProperties: false,
            description:
              "The shoes the source says were worn: the runner's pair with this Strava gear id, added (with this name) when new",
          },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);
export type RunInput = Static<typeof RunInput>;

/**
 * What a source tells of a run beyond its summary (Strava's detailed activity): set on the stored
 * run. A description the run already has (the runner's, or a file's) is kept.
 */
export const RunDetails = Type.Object(
  {
    description: Type.Optional(detailFields.description),
    calories: Type.Optional(detailFields.calories),
    laps: Type.Optional(detailFields.laps),
    splits_km: Type.Optional(detailFields.splits_km),
    splits_mi: Type.Optional(detailFields.splits_mi),
    best_efforts: Type.Optional(detailFields.best_efforts),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RunDetails = Static<typeof RunDetails>;

export const RunSourceRef = Type.Object({ source: RunSource, source_id: Type.String() });

export const Run = Type.Object({
  id: Uuid,
  user_id: UserId,
  ...runFields,
  ...detailFields,
  has_streams: Type.Boolean(),
  workout_type: WorkoutTypeOrNull,
  gear_id: Nullable(Uuid, { description: 'The shoes worn (see /users/{id}/gear)' }),
  sources: Type.Array(RunSourceRef, {
    description: 'Every source this run arrived from (the same run is stored once)',
  }),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type Run = Static<typeof Run>;

export const RunBatch = Type.Object(
  {
    runs: Type.Array(RunInput, { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);

export const RunPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(nullable(Type.String({ maxLength: 10_000 }))),
    sport_type: Type.Optional(SportType),
    workout_type: Type.Optional(WorkoutTypeOrNull),
    gear_id: Type.Optional(nullable(Uuid)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RunPatch = Static<typeof RunPatch>;
export type RunBatch = Static<typeof RunBatch>;

export const BatchResult = Type.Object({
  received: Type.Integer(),
  added: Type.Integer({ description: 'Runs that were new' }),
  existing: Type.Integer({
    description:
      "Runs already stored: same source id, same Strava activity, the same device serial and start (whatever the id's format: FIT, TCX), or the same run from another source (start within 2 min and distance within 3%, or the same start and end to the second)",
  }),
  runs: Type.Array(
    Type.Object({
      id: Uuid,
      source: RunSource,
      source_id: Type.String(),
      added: Type.Boolean(),
      merged: Type.Boolean({ description: 'Already stored from another source; the richer data is kept' }),
    }),
  ),
});
export type BatchResult = Static<typeof BatchResult>;

/** What lists carry: a run without its splits, laps, best efforts, description and source list (see GET /runs/{id}). */
export const RunSummary = Type.Omit(Run, ['splits_km', 'splits_mi', 'best_efforts', 'laps', 'description', 'sources']);
export type RunSummary = Static<typeof RunSummary>;

export const RunList = Type.Object({
  runs: Type.Array(RunSummary),
  next_before: Nullable(IsoDateTime, { description: 'Pass as `before` for the next page; null at the end' }),
});
export type RunList = Static<typeof RunList>;

export const MonthRuns = Type.Object({
  month: Type.String(),
  timezone: TimeZone,
  from: IsoDateTime,
  to: IsoDateTime,
  runs: Type.Array(RunSummary),
  totals: Type.Object({
    count: Type.Integer(),
    distance_m: Type.Number(),
    moving_time_s: Type.Integer(),
    elevation_gain_m: Type.Number(),
  }),
});
export type MonthRuns = Static<typeof MonthRuns>;

export const RunDetach = Type.Object(
  {
    user_id: UserId,
    source: RunSource,
    source_ids: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        maxItems: 100_000,
        description: "These ids of the source; every one of the user's when left out",
      }),
    ),
  },
  { additionalProperties: false },
);
export type RunDetach = Static<typeof RunDetach>;

export const DetachResult = Type.Object({
  detached: Type.Integer({ description: 'Runs that lost this source and are kept (another source backs them)' }),
  deleted: Type.Integer({ description: 'Runs deleted (this source was their only one)' }),
});
export type DetachResult = Static<typeof DetachResult>;
