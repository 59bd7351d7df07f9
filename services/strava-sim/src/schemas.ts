// TypeBox schemas of the control API bodies (/sim/…).
import { Type, type Static } from '@sinclair/typebox';

const Instant = Type.Union([Type.String(), Type.Number()], {
  description: 'ISO 8601, epoch seconds or epoch milliseconds',
});

export const ClockSet = Type.Object(
  {
    now: Type.Optional(Instant),
    frozen: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ClockSet = Static<typeof ClockSet>;

export const ClockAdvance = Type.Object(
  {
    ms: Type.Optional(Type.Number()),
    seconds: Type.Optional(Type.Number()),
    minutes: Type.Optional(Type.Number()),
    hours: Type.Optional(Type.Number()),
    days: Type.Optional(Type.Number()),
    /** Advance to the next quarter hour (+ this many seconds). */
    toNextWindow: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ClockAdvance = Static<typeof ClockAdvance>;

export const FaultBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('error'), Type.Literal('latency'), Type.Literal('drop')]),
    count: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
        description: 'calls to affect (default 1); null = until cleared',
      }),
    ),
    status: Type.Optional(Type.Integer({ minimum: 500, maximum: 599 })),
    latencyMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000 })),
    path: Type.Optional(Type.String({ description: 'path prefix, or a pattern with * wildcards' })),
    method: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type FaultBody = Static<typeof FaultBody>;

export const LimitsBody = Type.Object(
  {
    overall15: Type.Optional(Type.Integer({ minimum: 0 })),
    overallDaily: Type.Optional(Type.Integer({ minimum: 0 })),
    read15: Type.Optional(Type.Integer({ minimum: 0 })),
    readDaily: Type.Optional(Type.Integer({ minimum: 0 })),
    resetUsage: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type LimitsBody = Static<typeof LimitsBody>;

const Sport = Type.Union([
  Type.Literal('Run'),
  Type.Literal('TrailRun'),
  Type.Literal('VirtualRun'),
  Type.Literal('Ride'),
  Type.Literal('Swim'),
  Type.Literal('Walk'),
  Type.Literal('WeightTraining'),
]);

export const NewActivityBody = Type.Object(
  {
    sport_type: Type.Optional(Sport),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    start_date: Type.Optional(Instant),
    distance: Type.Optional(Type.Number({ minimum: 0, maximum: 500_000 })),
    moving_time: Type.Optional(Type.Integer({ minimum: 1, maximum: 172_800 })),
    elapsed_time: Type.Optional(Type.Integer({ minimum: 1, maximum: 172_800 })),
    private: Type.Optional(Type.Boolean()),
    trainer: Type.Optional(Type.Boolean()),
    manual: Type.Optional(Type.Boolean({ description: 'Entered by hand: no device, no GPS' })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    poison: Type.Optional(
      Type.Array(
        Type.Union([
          Type.Literal('moving_over_elapsed'),
          Type.Literal('no_sport_type'),
          Type.Literal('bad_start_date'),
          Type.Literal('no_timezone'),
          Type.Literal('no_utc_offset'),
        ]),
        {
          maxItems: 5,
          description:
            'Serve it as Strava sometimes does: moving > elapsed, no sport_type, a start that is not a date, no timezone, no utc_offset',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type NewActivityBody = Static<typeof NewActivityBody>;

export const ActivityPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    sport_type: Type.Optional(Sport),
    private: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type ActivityPatchBody = Static<typeof ActivityPatchBody>;

export const AppBody = Type.Object(
  {
    client_id: Type.String({ pattern: '^[0-9]{1,12}$' }),
    client_secret: Type.String({ minLength: 8, maxLength: 200 }),
    limits: Type.Optional(
      Type.Object(
        {
          overall15: Type.Optional(Type.Integer({ minimum: 0 })),
          overallDaily: Type.Optional(Type.Integer({ minimum: 0 })),
          read15: Type.Optional(Type.Integer({ minimum: 0 })),
          readDaily: Type.Optional(Type.Integer({ minimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type AppBody = Static<typeof AppBody>;

export const TokenBody = Type.Object(
  {
    athlete_id: Type.Integer(),
    scope: Type.Optional(Type.String({ description: 'comma-separated, default read,activity:read_all' })),
  },
  { additionalProperties: false },
);
export type TokenBody = Static<typeof TokenBody>;

export const EventBody = Type.Object(
  {
    object_type: Type.Union([Type.Literal('activity'), Type.Literal('athlete')]),
    object_id: Type.Integer(),
    aspect_type: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('delete')]),
    owner_id: Type.Integer(),
    updates: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
);
export type EventBody = Static<typeof EventBody>;

export const IdParams = Type.Object({ id: Type.String({ pattern: '^\\d+$' }) });
export type IdParams = Static<typeof IdParams>;
