import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, importScopes, UserId, Uuid } from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import type { ImportsDeps } from '../deps.ts';
import { importErrors } from '../errors.ts';
import { findOriginal } from '../originals.ts';

/** `attachment; filename="…"; filename*=UTF-8''…` for any name. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function originalRoutes(deps: Pick<ImportsDeps, 'db'>): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/users/:userId/runs/:runId/original',
      {
        config: { scopes: [importScopes.importsRead] },
        schema: {
          summary: 'The original file a run was imported from, byte for byte',
          description:
            "The uploaded file (a ZIP entry on its own) that produced the run or was merged into it; the file name in Content-Disposition. 404 when the run came from no file (Strava, typed in) or is not the user's.",
          tags: ['imports'],
          params: Type.Object({ userId: UserId, runId: Uuid }),
          produces: ['application/octet-stream'],
          response: {
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
            400: ErrorBody,
            401: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
          },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        const original = await findOriginal(deps.db, request.params.userId, request.params.runId);
        if (!original) throw importErrors.originalNotFound();
        return reply
          .type('application/octet-stream')
          .header('content-disposition', attachment(original.name))
          .header('cache-control', 'private, no-store')
          .send(original.bytes);
      },
    );
  };
}
