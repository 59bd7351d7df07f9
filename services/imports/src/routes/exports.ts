import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DataExport, DataExportList, ErrorBody, importScopes, UserId, Uuid } from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import type { ImportsDeps } from '../deps.ts';
import { importErrors } from '../errors.ts';
import { exportView, listExports, requestExport } from '../exports.ts';
import { attachment } from './originals.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function exportRoutes(deps: ImportsDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/users/:userId/exports',
      {
        config: { scopes: [importScopes.importsWrite] },
        bodyLimit: 64 * 1024 * 1024,
        schema: {
          summary: "Build the runner's complete export (a ZIP) in the background",
          description:
            'Answers 202 at once with the export (or the one already being built). `runner` is what becomes runner.json (the gateway gathers it from every service); the ZIP adds every run in full (streams, splits, best efforts), the original files and a GPX of each run with a track and no file. GET the exports for progress; `export.ready` is published when it is done.',
          tags: ['exports'],
          params: Type.Object({ userId: UserId }),
          body: Type.Object(
            { runner: Type.Object({}, { additionalProperties: true }) },
            { additionalProperties: false },
          ),
          response: { 202: DataExport, ...errors },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        const row = await requestExport(deps, request.params.userId, request.body.runner);
        return reply.status(202).send(exportView(row));
      },
    );

    app.get(
      '/users/:userId/exports',
      {
        config: { scopes: [importScopes.importsRead] },
        schema: {
          summary: "A runner's latest exports, newest first, with their progress",
          tags: ['exports'],
          params: Type.Object({ userId: UserId }),
          response: { 200: DataExportList, ...errors },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        return { exports: (await listExports(deps, request.params.userId)).map(exportView) };
      },
    );

    app.get(
      '/users/:userId/exports/:exportId/zip',
      {
        config: { scopes: [importScopes.importsRead] },
        schema: {
          summary: 'The ZIP of a ready export',
          tags: ['exports'],
          params: Type.Object({ userId: UserId, exportId: Uuid }),
          produces: ['application/zip'],
          response: {
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
            ...errors,
            409: ErrorBody,
            410: ErrorBody,
          },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        const job = await deps.db
          .selectFrom('export_jobs')
          .selectAll()
          .where('id', '=', request.params.exportId)
          .where('user_id', '=', request.params.userId)
          .executeTakeFirst();
        if (!job) throw importErrors.exportNotFound();
        if (job.status === 'expired' || (job.expires_at && job.expires_at <= deps.now().toISOString()))
          throw importErrors.exportExpired();
        if (job.status !== 'ready') throw importErrors.exportNotReady(job.status);
        const zip = await deps.db
          .selectFrom('export_zips')
          .select('bytes')
          .where('job_id', '=', job.id)
          .executeTakeFirst();
        if (!zip) throw importErrors.exportExpired();
        return reply
          .type('application/zip')
          .header('content-disposition', attachment(`runnerly-export-${job.created_at.slice(0, 10)}.zip`))
          .header('cache-control', 'private, no-store')
          .send(Buffer.from(zip.bytes));
      },
    );
  };
}
