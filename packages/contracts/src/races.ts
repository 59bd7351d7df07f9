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
