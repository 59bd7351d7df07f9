import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, Nullable, StringEnum, TimeZone, UserId, Uuid } from './common.ts';

/**
 * Training plans: owned by the training service. A runner picks one of their races and gets a plan
 * built from their current fitness; done runs are matched to its sessions and the weeks ahead are
 * re-balanced when life gets in the way.
 */

export const CalendarDate = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: "Calendar date in the runner's time zone, YYYY-MM-DD",
});

export const PlanCreate = Type.Object(
  {
    race_id: Uuid,
    days_per_week: Type.Integer({ description: 'Running days a week, 3–7' }),
    long_run_day: Type.Integer({ description: 'ISO weekday of the long run: 1 = Monday … 7 = Sunday' }),
    time_zone: TimeZone,
    start_date: Type.Optional(CalendarDate),
    week_starts_on: Type.Optional(Type.Integer({ description: 'ISO weekday weeks start on: 1, 6 or 7' })),
    age: Type.Optional(Nullable(Type.Integer({ description: 'Years; from 50 a lighter week every third week' }))),
  },
  { additionalProperties: false },
);
export type PlanCreate = Static<typeof PlanCreate>;

export const PaceRange = Type.Object(
  { fast: Type.Number({ description: 'Seconds per km' }), slow: Type.Number({ description: 'Seconds per km' }) },
  { additionalProperties: false },
);

export const SessionType = StringEnum(['easy', 'long', 'tempo', 'intervals', 'repetitions', 'recovery', 'race']);
export const SessionStatus = StringEnum(['done', 'partly', 'missed', 'planned']);

export const PlanSession = Type.Object(
  {
    id: Type.String({ description: 'Stable within the plan (week and slot), kept when the session moves' }),
    date: CalendarDate,
    type: SessionType,
    title: Type.String(),
    distance_m: Type.Number(),
    duration_s: Type.Number(),
    pace: PaceRange,
    structure: Nullable(Type.String()),
    why: Type.String({ description: 'One sentence saying why the session is there' }),
    status: SessionStatus,
    run_id: Nullable(Uuid),
    status_reason: Type.String(),
  },
  { additionalProperties: false },
);
export type PlanSession = Static<typeof PlanSession>;

export const PlanWeek = Type.Object(
  {
    index: Type.Integer(),
    start_date: CalendarDate,
    end_date: CalendarDate,
    phase: StringEnum(['maintenance', 'base', 'build', 'peak', 'taper']),
    cutback: Type.Boolean(),
    target_km: Type.Number(),
    planned_km: Type.Number({ description: 'Sum of the sessions other than the race' }),
    done_km: Type.Number({ description: 'Distance run that week, whatever it matched' }),
    sessions: Type.Array(PlanSession),
  },
  { additionalProperties: false },
);
export type PlanWeek = Static<typeof PlanWeek>;

export const PlanPrediction = Type.Object(
  {
    week_start: CalendarDate,
    seconds: Type.Number({ description: "Daniels' equivalent time for the VDOT of that week" }),
    vdot: Type.Number(),
    estimated: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type PlanPrediction = Static<typeof PlanPrediction>;

export const PlanChange = Type.Object({ on: CalendarDate, message: Type.String() }, { additionalProperties: false });
export type PlanChange = Static<typeof PlanChange>;

export const PlanStatus = StringEnum(['active', 'abandoned']);

export const PlanFitness = Type.Object(
  {
    weekly_km: Type.Array(Type.Number(), { description: 'The last weeks, oldest first' }),
    longest_run_km: Type.Number(),
    vdot: Type.Number(),
    vdot_estimated: Type.Boolean(),
    vdot_source: Type.String({ description: 'The effort behind the VDOT, or how it was estimated' }),
  },
  { additionalProperties: false },
);

export const Plan = Type.Object(
  {
    id: Uuid,
    user_id: UserId,
    race_id: Uuid,
    race_name: Type.String(),
    race_date: CalendarDate,
    race_distance_m: Type.Number(),
    goal_s: Nullable(Type.Number({ description: 'Target time, seconds; null for "finish"' })),
    status: PlanStatus,
    time_zone: TimeZone,
    today: CalendarDate,
    fitness: PlanFitness,
    paces: Type.Object(
      {
        easy: PaceRange,
        marathon: PaceRange,
        threshold: PaceRange,
        interval: PaceRange,
        repetition: PaceRange,
      },
      { additionalProperties: false },
    ),
    predicted_s: Type.Number({ description: 'Predicted race time from the latest VDOT' }),
    warnings: Type.Array(Type.String()),
    weeks: Type.Array(PlanWeek),
    changes: Type.Array(PlanChange, { description: 'Re-balancing, newest first: what moved and why' }),
    predictions: Type.Array(PlanPrediction, { description: 'The prediction each week, oldest first' }),
    feed_url: Nullable(Type.String({ description: 'Path of the iCal feed (secret), null when revoked or never made' })),
    created_at: IsoDateTime,
    updated_at: IsoDateTime,
  },
  { additionalProperties: false },
);
export type Plan = Static<typeof Plan>;

export const PlanSummary = Type.Object(
  {
    id: Uuid,
    race_id: Uuid,
    race_name: Type.String(),
    race_date: CalendarDate,
    status: PlanStatus,
    created_at: IsoDateTime,
  },
  { additionalProperties: false },
);
export const PlanList = Type.Object({ plans: Type.Array(PlanSummary) }, { additionalProperties: false });
export type PlanList = Static<typeof PlanList>;

/** What Home shows: this week planned against done, the next session, the prediction against the goal. */
export const PlanHome = Type.Object(
  {
    plan: Nullable(
      Type.Object(
        {
          id: Uuid,
          race_name: Type.String(),
          race_date: CalendarDate,
          race_distance_m: Type.Number(),
          goal_s: Nullable(Type.Number()),
          predicted_s: Type.Number(),
          week: Nullable(
            Type.Object(
              {
                index: Type.Integer(),
                phase: Type.String(),
                planned_km: Type.Number(),
                done_km: Type.Number(),
                sessions: Type.Array(PlanSession),
              },
              { additionalProperties: false },
            ),
          ),
          next_session: Nullable(PlanSession),
          latest_change: Nullable(PlanChange),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PlanHome = Static<typeof PlanHome>;

/**
 * A calendar month against the runner's plan, as the monthly report tells it: the sessions planned in
 * that month and how they went, and the race the plan leads to when it is still ahead.
 */
export const PlanMonth = Type.Object(
  {
    plan: Nullable(
      Type.Object(
        {
          plan_id: Uuid,
          race_name: Type.String(),
          sessions_planned: Type.Integer({ minimum: 0 }),
          sessions_done: Type.Integer({ minimum: 0 }),
          sessions_partly_done: Type.Integer({ minimum: 0 }),
          sessions_missed: Type.Integer({ minimum: 0 }),
          planned_distance_m: Type.Number({ minimum: 0 }),
          done_distance_m: Type.Number({ minimum: 0, description: 'Distance of the runs matched to those sessions' }),
        },
        { additionalProperties: false },
      ),
    ),
    next_race: Nullable(
      Type.Object(
        {
          name: Type.String(),
          date: CalendarDate,
          distance_m: Type.Number(),
          place: Nullable(Type.String()),
          predicted_time_s: Nullable(Type.Number({ description: "From the runner's latest fitness" })),
          goal_time_s: Nullable(Type.Number()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PlanMonth = Static<typeof PlanMonth>;

export const FitnessDay = Type.Object(
  { date: CalendarDate, load: Type.Number(), fitness: Type.Number(), fatigue: Type.Number(), form: Type.Number() },
  { additionalProperties: false },
);
export const PlanFitnessSeries = Type.Object(
  { days: Type.Array(FitnessDay), method: Type.String({ description: 'How the loads were read' }) },
  { additionalProperties: false },
);
export type PlanFitnessSeries = Static<typeof PlanFitnessSeries>;

export const PlanFeed = Type.Object({ feed_url: Nullable(Type.String()) }, { additionalProperties: false });

export const PlanCreatedEvent = Type.Object({
  plan_id: Uuid,
  user_id: UserId,
  race_id: Uuid,
  race_date: Type.String(),
  weeks: Type.Integer(),
  predicted_s: Type.Number(),
});
export type PlanCreatedEvent = Static<typeof PlanCreatedEvent>;

export const SessionEvent = Type.Object({
  plan_id: Uuid,
  user_id: UserId,
  session_id: Type.String(),
  date: Type.String(),
  type: Type.String(),
  distance_m: Type.Number(),
  run_id: Nullable(Uuid),
  status: SessionStatus,
});
export type SessionEvent = Static<typeof SessionEvent>;
