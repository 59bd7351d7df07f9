import { Type, type Static } from '@sinclair/typebox';
import { StringEnum, TimeZone } from './common.ts';
import { RunSummary } from './runs.ts';

export const CalendarDay = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
  description: 'Calendar date YYYY-MM-DD, as lived in the time zone asked for',
});
export const TotalsPeriod = StringEnum(['day', 'week', 'month', 'year'], { description: 'Length of each bucket' });
export type TotalsPeriod = Static<typeof TotalsPeriod>;
export const WeekStartDay = StringEnum(['monday', 'saturday', 'sunday'], {
  description: 'First day of the week (the runner profile’s)',
});

export const Totals = Type.Object({
  count: Type.Integer({ description: 'Runs' }),
  distance_m: Type.Number(),
  moving_time_s: Type.Integer(),
  elevation_gain_m: Type.Number(),
});
export type Totals = Static<typeof Totals>;

export const TotalsBucket = Type.Object({
  key: Type.String({ description: 'The day or week start (YYYY-MM-DD), the month (YYYY-MM) or the year (YYYY)' }),
  from: CalendarDay,
  to: CalendarDay,
  ...Totals.properties,
});
export type TotalsBucket = Static<typeof TotalsBucket>;

/** `GET /users/{userId}/totals`: every bucket of the range, empty ones with zeros, oldest first. */
export const RunTotals = Type.Object({
  period: TotalsPeriod,
  timezone: TimeZone,
  first_day_of_week: WeekStartDay,
  from: CalendarDay,
  to: CalendarDay,
  buckets: Type.Array(TotalsBucket),
  all: Totals,
});
export type RunTotals = Static<typeof RunTotals>;

export const RunSort = StringEnum(['date', 'distance', 'time', 'pace', 'elevation'], {
  description: 'Order of a run list (pace: seconds per km)',
});
export type RunSort = Static<typeof RunSort>;

/** `GET /users/{userId}/runs/search`: one page of the runs matching the filters, with how many match in all. */
export const RunSearch = Type.Object({
  runs: Type.Array(RunSummary),
  total: Type.Integer({ description: 'Runs matching the filters' }),
  offset: Type.Integer(),
  limit: Type.Integer(),
  totals: Totals,
});
export type RunSearch = Static<typeof RunSearch>;
