import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ErrorBody,
  Race,
  RaceInput,
  RaceList,
  RaceListQuery,
  RacePatch,
  commonErrorResponses,
  scopes,
  Uuid,
} from '@runnerly/contracts';
import type { AuthContext } from '@runnerly/service-kit';
import { racesErrors } from '../errors.ts';
import type { RacesDeps } from '../deps.ts';
import { applyPatch, checkRaceInput, isCalendarDay, isProblem } from '../domain/races.ts';
import { createRace, deleteRace, findRace, findSameRace, listRaces, updateRace } from '../store.ts';

const RaceParams = Type.Object({ raceId: Uuid });
const Conflict = Type.Object(
  { code: Type.String(), message: Type.String(), race_id: Type.Optional(Uuid) },
  { additionalProperties: true, description: 'race_exists carries the id of the existing race in race_id' },
);

/** The runner behind a user token; races are added and changed by runners, not services. */
function runner(auth: AuthContext | null): string {
  if (!auth?.userId) throw racesErrors.userTokenOnly();
  return auth.userId;
}

export function raceRoutes(deps: RacesDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/races',
      {
        config: { scopes: [scopes.racesRead] },
        schema: {
          summary: 'Races every runner added: upcoming by default, searchable, paged',
          tags: ['races'],
          description:
            'Soonest first. `q` matches every word anywhere in the name (any case); `from`/`to` are race days in the race’s own calendar (without them: the races not started yet, cancelled ones included with their status); `distance` one of the standard distances or custom.',
          querystring: RaceListQuery,
          response: { 200: RaceList, ...commonErrorResponses },
        },
      },
      async (request) => {
        const query = request.query;
        for (const day of [query.from, query.to]) if (day && !isCalendarDay(day)) throw racesErrors.invalidDay(day);
        if (query.from && query.to && query.to < query.from) throw racesErrors.invalidRange();
        const { races, total } = await listRaces(deps.db, query, deps.now());
        const next = query.offset + races.length;
        return { races, total, next_offset: next < total ? next : null };
      },
    );

    app.post(
      '/races',
      {
        config: { scopes: [scopes.racesWrite] },
        schema: {
          summary: 'Add a race (as the signed-in runner)',
          tags: ['races'],
          description:
            'The start is a wall clock in the race’s time zone and must be ahead. Standard distances carry their metres; a custom one needs `distance_m` (100 m to 500 km). A race with the same name (any case and spacing), day and distance already there is refused with 409 `race_exists` and its id in `race_id`. Publishes `race.created`.',
          body: RaceInput,
          response: { 201: Race, ...commonErrorResponses, 409: Conflict },
        },
      },
      async (request, reply) => {
        const userId = runner(request.auth);
        const now = deps.now();
        const fields = checkRaceInput(request.body, now);
        if (isProblem(fields)) throw racesErrors.invalidRace(fields);
        const outcome = await createRace(deps.db, fields, userId, now);
        if (outcome.kind === 'exists') throw racesErrors.duplicate(outcome.id);
        deps.relay.nudge();
        return reply.status(201).send(outcome.race);
      },
    );

    app.get(
      '/races/:raceId',
      {
        config: { scopes: [scopes.racesRead] },
        schema: {
          summary: 'One race, with how many runners marked it',
          tags: ['races'],
          params: RaceParams,
          response: { 200: Race, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request) => {
        const race = await findRace(deps.db, request.params.raceId);
        if (!race) throw racesErrors.raceNotFound();
        return race;
      },
    );

    app.patch(
      '/races/:raceId',
      {
        config: { scopes: [scopes.racesWrite] },
        schema: {
          summary: 'Change or cancel a race (its creator only)',
          tags: ['races'],
          description:
            'Checked like a new race; a new start must be ahead. `status: cancelled` cancels it (participants keep their entry and see it cancelled), `scheduled` takes that back. Publishes `race.updated`.',
          params: RaceParams,
          body: RacePatch,
          response: { 200: Race, ...commonErrorResponses, 404: ErrorBody, 409: Conflict },
        },
      },
      async (request) => {
        const userId = runner(request.auth);
        const race = await findRace(deps.db, request.params.raceId);
        if (!race) throw racesErrors.raceNotFound();
        if (race.created_by !== userId) throw racesErrors.notCreator();
        const now = deps.now();
        const fields = applyPatch(race, request.body, now);
        if (isProblem(fields)) throw racesErrors.invalidRace(fields);
        const same = await findSameRace(deps.db, fields, race.id);
        if (same) throw racesErrors.duplicate(same);
        const outcome = await updateRace(
          deps.db,
          race.id,
          { ...fields, ...(request.body.status ? { status: request.body.status } : {}) },
          now,
        );
        if (outcome.kind === 'missing') throw racesErrors.raceNotFound();
        if (outcome.kind === 'exists') throw racesErrors.duplicate(outcome.id);
        deps.relay.nudge();
        return outcome.race;
      },
    );

    app.delete(
      '/races/:raceId',
      {
        config: { scopes: [scopes.racesWrite] },
        schema: {
          summary: 'Delete a race nobody marked (its creator only)',
          tags: ['races'],
          description: 'A race with participants answers 409 `race_has_participants`: cancel it instead.',
          params: RaceParams,
          response: { 204: Type.Null(), ...commonErrorResponses, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        const userId = runner(request.auth);
        const race = await findRace(deps.db, request.params.raceId);
        if (!race) throw racesErrors.raceNotFound();
        if (race.created_by !== userId) throw racesErrors.notCreator();
        const outcome = await deleteRace(deps.db, race.id);
        if (outcome.kind === 'has_participants') throw racesErrors.hasParticipants(outcome.count);
        if (outcome.kind === 'missing') throw racesErrors.raceNotFound();
        return reply.status(204).send(null);
      },
    );
  };
}
