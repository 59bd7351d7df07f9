import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, Nullable, StringEnum, TimeZone, UserId, Uuid } from './common.ts';

/**
 * Races: owned by the races service. Every signed-in runner sees every race; a runner marks the
 * races they will run (a participation) with a goal, and gets a result after the race.
 */

export const RaceDistance = StringEnum(['5k', '10k', 'half', 'marathon', 'custom'], {
  description: 'Standard distance, or custom metres in distance_m',
});
export type RaceDistance = Static<typeof RaceDistance>;

/** Metres of each standard distance. */
export const raceDistanceMetres = { '5k': 5000, '10k': 10000, half: 21097.5, marathon: 42195 } as const;

export const LocalDateTime = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$',
  description: "Wall-clock date and time in the race's time zone, YYYY-MM-DDTHH:mm",
});

export const Race = Type.Object(
  {
    id: Uuid,
    name: Type.String({ minLength: 1, maxLength: 120 }),
    start_local: LocalDateTime,
    timezone: TimeZone,
    start_time: Type.String({
      format: 'date-time',
      description: 'The start as an instant in UTC (start_local in timezone)',
    }),
    distance: RaceDistance,
    distance_m: Type.Number({ minimum: 100, maximum: 500_000, description: 'Metres' }),
    place: Type.String({ maxLength: 120 }),
    url: Nullable(Type.String({ format: 'uri', maxLength: 500 })),
    elevation_note: Nullable(Type.String({ maxLength: 500 })),
    status: StringEnum(['scheduled', 'cancelled']),
    created_by: UserId,
    participants: Type.Integer({ minimum: 0 }),
    created_at: IsoDateTime,
    updated_at: IsoDateTime,
  },
  { additionalProperties: false },
);
export type Race = Static<typeof Race>;

export const RaceGoal = Type.Union([
  Type.Object({ kind: Type.Literal('finish') }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('time'), target_s: Type.Integer({ minimum: 60, maximum: 30 * 3600 }) },
    { additionalProperties: false },
  ),
]);
export type RaceGoal = Static<typeof RaceGoal>;

export const RaceResult = Type.Object(
  {
    elapsed_time_s: Type.Integer({ minimum: 1 }),
    run_id: Nullable(Uuid, { description: 'The imported run it was taken from; null when typed in' }),
  },
  { additionalProperties: false },
);
export type RaceResult = Static<typeof RaceResult>;

/** A race a runner will run (or ran), with their goal and result. */
export const RaceEntry = Type.Object(
  { race: Race, goal: RaceGoal, result: Nullable(RaceResult) },
  { additionalProperties: false },
);
export type RaceEntry = Static<typeof RaceEntry>;

/** `GET /users/{userId}/races`: the races this runner marked, soonest first. */
export const UserRacesResponse = Type.Object({ races: Type.Array(RaceEntry) }, { additionalProperties: false });
export type UserRacesResponse = Static<typeof UserRacesResponse>;

export const RaceCreatedEvent = Type.Object({ race: Race });
export type RaceCreatedEvent = Static<typeof RaceCreatedEvent>;
export const RaceUpdatedEvent = Type.Object({ race: Race });
export type RaceUpdatedEvent = Static<typeof RaceUpdatedEvent>;

const RaceName = Type.String({
  minLength: 1,
  maxLength: 120,
  description: 'As runners know it, e.g. "Paris Marathon"',
});
const RaceLink = Type.String({
  maxLength: 500,
  pattern: '^https?://[^\\s]+$',
  description: "The race's web page (http or https)",
});

/** `POST /races`: a new race. The creator is the signed-in runner. */
export const RaceInput = Type.Object(
  {
    name: RaceName,
    start_local: LocalDateTime,
    timezone: TimeZone,
    distance: RaceDistance,
    distance_m: Type.Optional(
      Type.Number({ description: 'Metres: required for a custom distance, implied by the standard ones' }),
    ),
    place: Type.String({ minLength: 1, maxLength: 120, description: 'Town or venue' }),
    url: Type.Optional(Nullable(RaceLink)),
    elevation_note: Type.Optional(
      Nullable(Type.String({ maxLength: 500, description: 'e.g. "flat, one hill at km 30"' })),
    ),
  },
  { additionalProperties: false },
);
export type RaceInput = Static<typeof RaceInput>;

/** `PATCH /races/{raceId}`: what the creator changes; `status: cancelled` cancels it. */
export const RacePatch = Type.Object(
  {
    name: Type.Optional(RaceName),
    start_local: Type.Optional(LocalDateTime),
    timezone: Type.Optional(TimeZone),
    distance: Type.Optional(RaceDistance),
    distance_m: Type.Optional(Type.Number({ description: 'Metres (custom distance)' })),
    place: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    url: Type.Optional(Nullable(RaceLink)),
    elevation_note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    status: Type.Optional(StringEnum(['scheduled', 'cancelled'])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type RacePatch = Static<typeof RacePatch>;

const LocalDate = (description: string) => Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description });

/** `GET /races`: every runner's races. Without from/to: the upcoming ones (not started yet). */
export const RaceListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 120, description: 'Part of the name, any case' })),
    from: Type.Optional(LocalDate("First race day (the race's own calendar), YYYY-MM-DD")),
    to: Type.Optional(LocalDate('Last race day, YYYY-MM-DD')),
    distance: Type.Optional(RaceDistance),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type RaceListQuery = Static<typeof RaceListQuery>;

export const RaceList = Type.Object(
  {
    races: Type.Array(Race),
    total: Type.Integer({ minimum: 0, description: 'Races matching the filters' }),
    next_offset: Nullable(Type.Integer({ minimum: 0 }), { description: 'Offset of the next page; null on the last' }),
  },
  { additionalProperties: false },
);
export type RaceList = Static<typeof RaceList>;

/** `PUT /races/{raceId}/participants/{userId}`: "I'm running it", with a goal. */
export const ParticipationInput = Type.Object({ goal: RaceGoal }, { additionalProperties: false });
export type ParticipationInput = Static<typeof ParticipationInput>;

/** `PUT /races/{raceId}/participants/{userId}/result`: a result typed in. */
export const RaceResultInput = Type.Object(
  { elapsed_time_s: Type.Integer({ minimum: 1, maximum: 30 * 3600 }) },
  { additionalProperties: false },
);
export type RaceResultInput = Static<typeof RaceResultInput>;
