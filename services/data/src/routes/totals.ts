import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  CalendarDay,
  commonErrorResponses,
  RunSearch,
  RunSort,
  RunTotals,
  SportType,
  TimeZone,
  TotalsPeriod,
  UserId,
  WeekStartDay,
  scopes,
} from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import { addDays, isValidTimeZone, localDate, startOfDay } from '@runnerly/calendar';
import { dataErrors } from '../errors.ts';
import type { DataDeps } from '../deps.ts';
import { answeredFromVersion } from '../revalidate.ts';
import { firstRunStart, runAmountsBetween, searchRuns } from '../store.ts';
import { bucketsBetween, MAX_BUCKETS, totalsPer } from '../domain/totals.ts';

/** Totals per day / week / month / year, and filtered, sorted, paged run lists, in the runner's calendar. */
export function totalsRoutes(deps: DataDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const zoneOf = (tz: string | undefined) => {
      const zone = tz ?? 'UTC';
      if (!isValidTimeZone(zone)) throw dataErrors.invalidTimeZone(zone);
      return zone;
    };

    app.get(
      '/users/:userId/totals',
      {
        config: { scopes: [scopes.runsRead] },
        schema: {
          summary: "A user's distance, time, elevation and runs per day, week, month or year",
          tags: ['runs'],
          description:
            'Every bucket from the one holding `from` to the one holding `to`, empty ones with zeros, oldest first. Runs count on their calendar day in `tz`; weeks start on `first_day`. Without `from`: since the first run (all time). Without `to`: today in `tz`.',
          params: Type.Object({ userId: UserId }),
          querystring: Type.Object(
            {
              period: TotalsPeriod,
              tz: Type.Optional(TimeZone),
              first_day: Type.Optional(WeekStartDay),
              from: Type.Optional(CalendarDay),
              to: Type.Optional(CalendarDay),
            },
            { additionalProperties: false },
          ),
          response: { 200: RunTotals, ...commonErrorResponses },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        // With `to` given the answer depends on the runs alone (without it, on today's date too).
        if (request.query.to && (await answeredFromVersion(deps, request, reply, request.params.userId))) return reply;
        const { period, first_day: firstDay = 'monday' } = request.query;
        const tz = zoneOf(request.query.tz);
        const to = request.query.to ?? localDate(deps.now?.() ?? new Date(), tz);
        const first = request.query.from ? null : await firstRunStart(deps.db, request.params.userId);
        const from = request.query.from ?? (first ? localDate(first, tz) : to);
        if (from > to) throw dataErrors.invalidRange('`from` is after `to`.');
        const buckets = bucketsBetween(period, from, to, firstDay);
        if (!buckets)
          throw dataErrors.invalidRange(`At most ${MAX_BUCKETS[period]} buckets per ${period}: narrow the range.`);
        const start = buckets[0]!.from;
        const end = buckets[buckets.length - 1]!.to;
        const runs = await runAmountsBetween(
          deps.db,
          request.params.userId,
          startOfDay(start, tz).toISOString(),
          startOfDay(addDays(end, 1), tz).toISOString(),
        );
        return {
          period,
          timezone: tz,
          first_day_of_week: firstDay,
          from: start,
          to: end,
          ...totalsPer(runs, buckets, period, tz, firstDay),
        };
      },
    );

    app.get(
      '/users/:userId/runs/search',
      {
        config: { scopes: [scopes.runsRead] },
        schema: {
          summary: "A page of a user's runs, filtered by calendar dates, type and name, sorted",
          tags: ['runs'],
          description:
            '`from` and `to` are calendar days in `tz` (both included). Paged by `offset`; `total` says how many match, `totals` sums them all.',
          params: Type.Object({ userId: UserId }),
          querystring: Type.Object(
            {
              from: Type.Optional(CalendarDay),
              to: Type.Optional(CalendarDay),
              tz: Type.Optional(TimeZone),
              type: Type.Optional(SportType),
              q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Words in the name' })),
              sort: Type.Optional(RunSort),
              order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
              limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
              offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: RunSearch, ...commonErrorResponses },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        if (await answeredFromVersion(deps, request, reply, request.params.userId)) return reply;
        const { from, to, type, q, sort = 'date', order = 'desc', limit, offset } = request.query;
        const tz = zoneOf(request.query.tz);
        if (from && to && from > to) throw dataErrors.invalidRange('`from` is after `to`.');
        const found = await searchRuns(deps.db, request.params.userId, {
          from: from ? startOfDay(from, tz).toISOString() : undefined,
          to: to ? startOfDay(addDays(to, 1), tz).toISOString() : undefined,
          sportType: type,
          text: q?.trim() || undefined,
          sort,
          order,
          limit,
          offset,
        });
        return { ...found, offset, limit };
      },
    );
  };
}
