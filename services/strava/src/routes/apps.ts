// A runner's own Strava API application: registered before linking, removed while unlinked.
// The secret is sealed at rest and never returned.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, StravaAppBody, StravaAppReply, UserId, stravaScopes } from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import type { StravaDeps } from '../deps.ts';
import { stravaErrors } from '../errors.ts';
import { linkOf } from '../store.ts';
import { appOf, appView, removeApp, saveApp } from '../apps.ts';

const errors = { 401: ErrorBody, 403: ErrorBody };

export function appRoutes(deps: StravaDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const params = Type.Object({ userId: UserId });

    app.get(
      '/users/:userId/app',
      {
        config: { scopes: [stravaScopes.stravaRead] },
        schema: {
          summary: "The runner's own Strava application: its Client ID and whether a secret is set (never the secret)",
          tags: ['strava'],
          params,
          response: { 200: StravaAppReply, ...errors },
        },
      },
      async (request) => {
        const { userId } = request.params;
        assertUser(request.auth, userId);
        return appView(await appOf(deps, userId), await linkOf(deps.db, userId));
      },
    );

    app.put(
      '/users/:userId/app',
      {
        config: { scopes: [stravaScopes.stravaWrite] },
        schema: {
          summary: 'Register (or replace) the runner’s own Strava application, used by the next link',
          description:
            'For an instance whose Strava application allows only a few athletes: the runner (or the operator for them) creates an application at strava.com/settings/api with this instance’s callback domain. The secret is sealed like the tokens and never returned. Refused (409) while the current link uses the application.',
          tags: ['strava'],
          params,
          body: StravaAppBody,
          response: { 200: StravaAppReply, ...errors, 400: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => {
        const { userId } = request.params;
        assertUser(request.auth, userId);
        const link = await linkOf(deps.db, userId);
        if (link?.app_client_id) throw stravaErrors.appInUse();
        await saveApp(deps, userId, request.body.client_id, request.body.client_secret);
        return appView(await appOf(deps, userId), link);
      },
    );

    app.delete(
      '/users/:userId/app',
      {
        config: { scopes: [stravaScopes.stravaWrite] },
        schema: {
          summary: 'Remove the runner’s own Strava application (only while no link uses it)',
          tags: ['strava'],
          params,
          response: { 200: StravaAppReply, ...errors, 404: ErrorBody, 409: ErrorBody },
        },
      },
      async (request) => {
        const { userId } = request.params;
        assertUser(request.auth, userId);
        const link = await linkOf(deps.db, userId);
        if (link?.app_client_id) throw stravaErrors.appInUse();
        if (!(await removeApp(deps, userId))) throw stravaErrors.noApp();
        return appView(undefined, link);
      },
    );
  };
}
