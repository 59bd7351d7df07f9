import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ErrorBody,
  Gear,
  GearCreate,
  GearList,
  GearPatch,
  StravaShoes,
  UserId,
  Uuid,
  commonErrorResponses,
  scopes,
} from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import { dataErrors } from '../errors.ts';
import type { DataDeps } from '../deps.ts';
import { addGear, deleteGear, findGear, listGear, syncStravaShoes, updateGear } from '../gear.ts';

/** A runner's shoes: add, rename, retire, remove; each with the distance of the runs that use it. */
export function gearRoutes(deps: DataDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const params = Type.Object({ userId: UserId, gearId: Uuid });

    app.get(
      '/users/:userId/gear',
      {
        config: { scopes: [scopes.runsRead] },
        schema: {
          summary: "A user's shoes, in use first, with the distance of their runs",
          tags: ['gear'],
          description:
            "Each pair's distance and run count are summed from the runs that name it (a run's `gear_id`) when read: editing or deleting a run is reflected at once.",
          params: Type.Object({ userId: UserId }),
          response: { 200: GearList, ...commonErrorResponses },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        return { gear: await listGear(deps.db, request.params.userId) };
      },
    );

    app.post(
      '/users/:userId/gear',
      {
        config: { scopes: [scopes.runsWrite] },
        schema: {
          summary: 'Add a pair of shoes',
          tags: ['gear'],
          params: Type.Object({ userId: UserId }),
          body: GearCreate,
          response: { 201: Gear, ...commonErrorResponses },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        if (!request.body.name.trim()) throw dataErrors.invalidGear('Give the shoes a name.');
        return reply.status(201).send(await addGear(deps.db, request.params.userId, request.body));
      },
    );

    app.put(
      '/users/:userId/gear/strava',
      {
        config: { scopes: [scopes.runsWrite] },
        schema: {
          summary: "The runner's shoes as Strava lists them: placeholder names replaced",
          description:
            'A known pair (added by a run naming its Strava gear id) still named `Strava shoes <id>` takes the name Strava gives, and is retired when Strava retired it; a name the runner gave stays; pairs no run named, or that the runner removed, are not added.',
          tags: ['gear'],
          params: Type.Object({ userId: UserId }),
          body: StravaShoes,
          response: { 200: GearList, ...commonErrorResponses },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        return { gear: await syncStravaShoes(deps.db, request.params.userId, request.body) };
      },
    );

    app.patch(
      '/users/:userId/gear/:gearId',
      {
        config: { scopes: [scopes.runsWrite] },
        schema: {
          summary: 'Rename, describe or retire a pair of shoes',
          tags: ['gear'],
          params,
          body: GearPatch,
          response: { 200: Gear, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        if (request.body.name !== undefined && !request.body.name.trim())
          throw dataErrors.invalidGear('Give the shoes a name.');
        const gear = await updateGear(deps.db, request.params.userId, request.params.gearId, request.body);
        if (!gear) throw dataErrors.gearNotFound();
        return gear;
      },
    );

    app.get(
      '/users/:userId/gear/:gearId',
      {
        config: { scopes: [scopes.runsRead] },
        schema: {
          summary: 'One pair of shoes',
          tags: ['gear'],
          params,
          response: { 200: Gear, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        const gear = await findGear(deps.db, request.params.userId, request.params.gearId);
        if (!gear) throw dataErrors.gearNotFound();
        return gear;
      },
    );

    app.delete(
      '/users/:userId/gear/:gearId',
      {
        config: { scopes: [scopes.runsWrite] },
        schema: {
          summary: 'Remove a pair of shoes (its runs stay, naming no shoes)',
          tags: ['gear'],
          params,
          response: { 204: Type.Null(), ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        if (!(await deleteGear(deps.db, request.params.userId, request.params.gearId))) throw dataErrors.gearNotFound();
        return reply.status(204).send(null);
      },
    );
  };
}
