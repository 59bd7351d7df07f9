import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ErrorBody,
  ParticipationInput,
  RaceEntry,
  RaceResultInput,
  UserId,
  UserRacesResponse,
  Uuid,
  commonErrorResponses,
  scopes,
} from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import { racesErrors } from '../errors.ts';
import type { RacesDeps } from '../deps.ts';
import { goalProblem, resultProblem } from '../domain/goals.ts';
import { deleteEntry, findEntry, findRace, saveEntry, saveResult, userEntries } from '../store.ts';

const EntryParams = Type.Object({ raceId: Uuid, userId: UserId });

export function participantRoutes(deps: RacesDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/users/:userId/races',
      {
        config: { scopes: [scopes.racesRead] },
        schema: {
          summary: 'The races a runner marked, soonest first, with goal and result',
          tags: ['participants'],
          description: 'A service token reads any runner’s; a user token only its own.',
          params: Type.Object({ userId: UserId }),
          response: { 200: UserRacesResponse, ...commonErrorResponses },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        return { races: await userEntries(deps.db, request.params.userId) };
      },
    );

    app.get(
      '/races/:raceId/participants/:userId',
      {
        config: { scopes: [scopes.racesRead] },
        schema: {
          summary: "A runner's entry for one race (goal, result)",
          tags: ['participants'],
          params: EntryParams,
          response: { 200: RaceEntry, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        const entry = await findEntry(deps.db, request.params.raceId, request.params.userId);
        if (!entry) {
          if (!(await findRace(deps.db, request.params.raceId))) throw racesErrors.raceNotFound();
          throw racesErrors.entryNotFound();
        }
        return entry;
      },
    );

    app.put(
      '/races/:raceId/participants/:userId',
      {
        config: { scopes: [scopes.racesWrite] },
        schema: {
          summary: '"I\'m running it": mark a race with a goal, or change the goal',
          tags: ['participants'],
          description:
            'The goal is `finish` or a target time, refused when faster than the world record or slower than walking (4 km/h). A cancelled race cannot be marked. A result already there stays.',
          params: EntryParams,
          body: ParticipationInput,
          response: { 200: RaceEntry, ...commonErrorResponses, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => {
        const { raceId, userId } = request.params;
        assertUser(request.auth, userId);
        const race = await findRace(deps.db, raceId);
        if (!race) throw racesErrors.raceNotFound();
        if (race.status === 'cancelled') throw racesErrors.cancelled();
        const problem = goalProblem(request.body.goal, race.distance_m);
        if (problem) throw racesErrors.invalidGoal(problem);
        await saveEntry(deps.db, raceId, userId, request.body.goal, deps.now());
        return (await findEntry(deps.db, raceId, userId))!;
      },
    );

    app.delete(
      '/races/:raceId/participants/:userId',
      {
        config: { scopes: [scopes.racesWrite] },
        schema: {
          summary: 'Not running it after all',
          tags: ['participants'],
          params: EntryParams,
          response: { 204: Type.Null(), ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const { raceId, userId } = request.params;
        assertUser(request.auth, userId);
        if (!(await deleteEntry(deps.db, raceId, userId))) {
          if (!(await findRace(deps.db, raceId))) throw racesErrors.raceNotFound();
          throw racesErrors.entryNotFound();
        }
        return reply.status(204).send(null);
      },
    );

    app.put(
      '/races/:raceId/participants/:userId/result',
      {
        config: { scopes: [scopes.racesWrite] },
        schema: {
          summary: 'Type in a result (replaces one taken from an imported run)',
          tags: ['participants'],
          description:
            'Once the race has started. A time beating the world record is refused. Results also arrive by themselves: an imported run on the race day (in the race’s zone) within 3% of its distance.',
          params: EntryParams,
          body: RaceResultInput,
          response: { 200: RaceEntry, ...commonErrorResponses, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => {
        const { raceId, userId } = request.params;
        assertUser(request.auth, userId);
        const entry = await findEntry(deps.db, raceId, userId);
        if (!entry) {
          if (!(await findRace(deps.db, raceId))) throw racesErrors.raceNotFound();
          throw racesErrors.entryNotFound();
        }
        const now = deps.now();
        if (entry.race.status === 'cancelled') throw racesErrors.cancelled();
        if (Date.parse(entry.race.start_time) > now.getTime()) throw racesErrors.notStarted();
        const problem = resultProblem(request.body.elapsed_time_s, entry.race.distance_m);
        if (problem) throw racesErrors.invalidResult(problem);
        await saveResult(deps.db, raceId, userId, { elapsed_time_s: request.body.elapsed_time_s, run_id: null }, now);
        return (await findEntry(deps.db, raceId, userId))!;
      },
    );
  };
}
