import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ServiceClient } from '@runnerly/service-kit';
import type { GatewayDeps } from '../deps.ts';
import { collectExport } from '../export.ts';
import { forward, requireUser, upstream } from '../http.ts';
import { errorsOf, upstreamAnswer, upstreamFailures } from '../responses.ts';

const mine = { ...errorsOf(401), ...upstreamFailures };
const segment = Type.String({ pattern: '^[A-Za-z0-9._~-]{1,200}$' });
const file = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The file, byte for byte' });

/** A file from an upstream, passed on as bytes with its name; an error answer as it came. */
async function forwardFile(
  reply: FastifyReply,
  client: ServiceClient,
  path: string,
  token: string,
): Promise<FastifyReply> {
  const res = await client.call<Buffer>('GET', path, { token, binary: true });
  for (const h of ['content-type', 'content-disposition', 'cache-control']) {
    const v = res.headers[h];
    if (typeof v === 'string') void reply.header(h, v);
  }
  return reply.status(res.status).send(res.body);
}

/**
 * The original file of a run, and the complete export: asked for here (the gateway gathers
 * runner.json as for `GET /api/me/export`), built by the imports service in the background,
 * downloaded with the owner's session only.
 */
export function exportRoutes(deps: GatewayDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const imports = () => upstream(deps.upstreams.imports, 'imports');
    const as = async (userId: string) => deps.userTokens.get(userId);

    app.get(
      '/api/runs/:id/original',
      {
        schema: {
          summary: 'Download the original file of one of my runs',
          tags: ['me'],
          params: Type.Object({ id: segment }),
          produces: ['application/octet-stream'],
          response: { 200: file, ...errorsOf(400, 403, 404), ...mine },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        return forwardFile(reply, imports(), `/users/${user.id}/runs/${request.params.id}/original`, await as(user.id));
      },
    );

    app.post(
      '/api/me/exports',
      {
        schema: {
          summary: 'Ask for a complete export of my data (a ZIP built in the background)',
          description:
            'runner.json (what GET /api/me/export answers), every run in full (streams, splits, best efforts), the original files, a GPX of each run with a track and no file. 202 with its progress; a mail with the link when it is ready.',
          tags: ['me'],
          response: { 202: upstreamAnswer, ...errorsOf(400, 403, 404), ...mine },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const token = await as(user.id);
        const sources = {
          accounts: upstream(deps.upstreams.accounts, 'accounts'),
          data: upstream(deps.upstreams.data, 'data'),
          strava: deps.upstreams.strava,
          imports: imports(),
          races: deps.upstreams.races,
        };
        const runner = await collectExport(sources, user.id, token, new Date());
        return forward(reply, imports(), 'POST', `/users/${user.id}/exports`, { token, body: { runner } });
      },
    );

    app.get(
      '/api/me/exports',
      {
        schema: {
          summary: 'My latest exports with their progress',
          tags: ['me'],
          response: { 200: upstreamAnswer, ...errorsOf(403, 404), ...mine },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        return forward(reply, imports(), 'GET', `/users/${user.id}/exports`, { token: await as(user.id) });
      },
    );

    app.get(
      '/api/me/exports/:id/zip',
      {
        schema: {
          summary: 'Download a ready export (my session only)',
          tags: ['me'],
          params: Type.Object({ id: segment }),
          produces: ['application/zip'],
          response: { 200: file, ...errorsOf(400, 403, 404, 409, 410), ...mine },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        return forwardFile(reply, imports(), `/users/${user.id}/exports/${request.params.id}/zip`, await as(user.id));
      },
    );
  };
}
