import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, Nullable, StringEnum, TimeZone, Uuid } from './common.ts';

/**
 * The distances personal records are kept for: the standard best-effort distances (Strava's,
 * and what the file parsers compute), shortest first. A run's best effort counts for the
 * distance it is within 0.5% of, whatever its source named it.
 */
export const recordDistances = [
  { key: '400m', name: '400 m', distance_m: 400 },
  { key: 'half-mile', name: '1/2 mile', distance_m: 804.672 },
  { key: '1k', name: '1 km', distance_m: 1000 },
  { key: '1mi', name: '1 mile', distance_m: 1609.344 },
  { key: '2mi', name: '2 miles', distance_m: 3218.688 },
  { key: '5k', name: '5K', distance_m: 5000 },
  { key: '10k', name: '10K', distance_m: 10_000 },
  { key: '15k', name: '15K', distance_m: 15_000 },
  { key: '10mi', name: '10 miles', distance_m: 16_093.44 },
  { key: '20k', name: '20K', distance_m: 20_000 },
  { key: 'half', name: 'Half marathon', distance_m: 21_097.5 },
  { key: '30k', name: '30K', distance_m: 30_000 },
  { key: 'marathon', name: 'Marathon', distance_m: 42_195 },
] as const;

export type RecordDistanceKey = (typeof recordDistances)[number]['key'];
export const RecordDistanceKey = StringEnum(
  recordDistances.map((d) => d.key) as unknown as readonly RecordDistanceKey[],
  { description: 'A standard best-effort distance' },
);

const distanceFields = {
  distance: RecordDistanceKey,
  name: Type.String({ description: 'e.g. 5K, Half marathon' }),
  distance_m: Type.Number(),
};

/** One effort over a standard distance, with the run it was part of. */
export const RecordEffort = Type.Object({
  rank: Type.Integer({ minimum: 1, description: '1 for the fastest; efforts of the same time share a rank' }),
  elapsed_time_s: Type.Number(),
  run_id: Uuid,
  run_name: Type.String(),
  start_time: IsoDateTime,
  timezone: TimeZone,
  year: Type.Integer({ description: 'The calendar year of the run, in its own time zone' }),
});
export type RecordEffort = Static<typeof RecordEffort>;

export const PersonalRecord = Type.Object({
  ...distanceFields,
  count: Type.Integer({ description: 'Runs with an effort over this distance (in the year asked for)' }),
  efforts: Type.Array(RecordEffort, { description: 'The fastest first (up to three); empty when none' }),
});
export type PersonalRecord = Static<typeof PersonalRecord>;

/** `GET /users/{userId}/records`: personal records per distance, all time or of one year. */
export const UserRecords = Type.Object({
  year: Nullable(Type.Integer(), { description: 'The year asked for; null for all time' }),
  years: Type.Array(Type.Integer(), { description: 'Years with at least one effort, newest first' }),
  records: Type.Array(PersonalRecord, { description: 'Every standard distance, shortest first' }),
});
export type UserRecords = Static<typeof UserRecords>;

/** `GET /runs/{runId}/ranks`: where each of a run's best efforts stands among the runner's. */
export const RunRanks = Type.Object({
  run_id: Uuid,
  year: Type.Integer({ description: 'The calendar year of the run, in its own time zone' }),
  efforts: Type.Array(
    Type.Object({
      ...distanceFields,
      elapsed_time_s: Type.Number(),
      rank: Type.Integer({ minimum: 1, description: 'Among every effort of the runner over this distance' }),
      of: Type.Integer({ description: 'How many runs have an effort over this distance' }),
      year_rank: Type.Integer({ minimum: 1, description: 'Among the efforts of the same year' }),
      year_of: Type.Integer(),
    }),
    { description: 'Shortest distance first; only the standard distances' },
  ),
});
export type RunRanks = Static<typeof RunRanks>;
