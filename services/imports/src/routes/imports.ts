import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, ImportAccepted, ImportJob, ImportJobList, importScopes, UserId, Uuid } from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import type { ImportsDeps } from '../deps.ts';
import { ZipRefused } from '../domain/zip.ts';
import { importErrors } from '../errors.ts';
import { createJob, findJob, jobView, listJobs, markEnqueued, type NewFile } from '../store.ts';
import { cleanName, makeJobDir, planUpload, saveUpload, type SavedUpload } from '../uploads.ts';
import { keepUploads } from '../upload-store.ts';
import { enqueuePending } from '../work.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function importRoutes(deps: ImportsDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/users/:userId/imports',
      {
        config: { scopes: [importScopes.importsWrite] },
        schema: {
          summary: 'Upload run files or a Strava export ZIP (multipart/form-data)',
          tags: ['imports'],
          description:
            'One or more files (any field name): GPX, TCX, FIT, their .gz, or a ZIP (a Strava bulk export with activities.csv, or a ZIP of activity files). Answers 202 with the job id at once; the files are parsed in the background (GET the job for progress and per-file results). The format is read from the content, not the name. A file that cannot be imported fails alone. A ZIP that looks like a zip bomb refuses the whole upload (413 zip_bomb).',
          consumes: ['multipart/form-data'],
          params: Type.Object({ userId: UserId }),
          querystring: Type.Object(
            {
              is_run: Type.Boolean({
                default: false,
                description:
                  'The runner says these files are runs: a sport guessed from a GPX (name, speed) or declared by the file is overruled',
              }),
            },
            { additionalProperties: false },
          ),
          response: { 202: ImportAccepted, ...errors, 413: ErrorBody, 415: ErrorBody },
        },
      },
      async (request, reply) => {
        assertUser(request.auth, request.params.userId);
        if (!request.isMultipart()) throw importErrors.notMultipart();
        const jobId = randomUUID();
        await makeJobDir(deps.blobDir, jobId);
        try {
          const saved: SavedUpload[] = [];
          try {
            for await (const part of request.files({
              limits: {
                fileSize: deps.limits.maxZipBytes + 1,
                files: deps.limits.maxFilesPerRequest,
                fields: 20,
                fieldSize: 4096,
                parts: deps.limits.maxFilesPerRequest + 20,
              },
              throwFileSizeLimit: false,
            })) {
              const index = saved.length;
              saved.push(
                await saveUpload(
                  part.file,
                  deps.blobDir,
                  `${jobId}/${index}`,
                  cleanName(part.filename, index),
                  deps.limits,
                ),
              );
            }
          } catch (err) {
            const code = (err as { code?: string }).code;
            if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')
              throw importErrors.tooManyFiles(deps.limits.maxFilesPerRequest);
            if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw importErrors.notMultipart();
            throw importErrors.badUpload();
          }
          if (!saved.length) throw importErrors.noFiles();
          const files: NewFile[] = [];
          for (const s of saved) {
            try {
              files.push(...(await planUpload(s, deps.blobDir, deps.limits)));
            } catch (err) {
              if (err instanceof ZipRefused) throw importErrors.zipBomb(`${s.name}: ${err.message}`);
              throw err;
            }
          }
          const isRun = request.query.is_run;
          const rows = await createJob(
            deps.db,
            { id: jobId, userId: request.params.userId },
            files.map((f) => ({ ...f, isRun })),
            deps.now(),
          );
          await keepUploads(deps, jobId, rows);
          // The job is stored: if the bus cannot take its work now, the sweeper hands it over
          // once it can (the answer does not wait for the broker).
          await enqueuePending(deps, jobId, rows)
            .then(() => markEnqueued(deps.db, jobId, deps.now()))
            .catch((err: unknown) =>
              request.log.warn({ err, jobId }, 'bus unavailable: the job is enqueued once it is back'),
            );
          if (!rows.some((r) => r.status === 'pending'))
            await rm(join(deps.blobDir, jobId), { recursive: true, force: true });
          request.log.info({ jobId, files: rows.length }, 'import job created');
          return reply.status(202).send({
            job_id: jobId,
            status: rows.some((r) => r.status === 'pending') ? 'queued' : (await findJob(deps.db, jobId))!.status,
            total: rows.length,
          });
        } catch (err) {
          await rm(join(deps.blobDir, jobId), { recursive: true, force: true });
          throw err;
        }
      },
    );

    app.get(
      '/users/:userId/imports',
      {
        config: { scopes: [importScopes.importsRead] },
        schema: {
          summary: "A user's recent import jobs, newest first",
          tags: ['imports'],
          params: Type.Object({ userId: UserId }),
          querystring: Type.Object(
            {
              limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
              offset: Type.Integer({
                minimum: 0,
                default: 0,
                description: 'Jobs to skip (the next page: offset + limit)',
              }),
            },
            { additionalProperties: false },
          ),
          response: { 200: ImportJobList, ...errors },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        return { jobs: await listJobs(deps.db, request.params.userId, request.query.limit, request.query.offset) };
      },
    );

    app.get(
      '/users/:userId/imports/:jobId',
      {
        config: { scopes: [importScopes.importsRead] },
        schema: {
          summary: 'An import job: status, counts and per-file results',
          tags: ['imports'],
          params: Type.Object({ userId: UserId, jobId: Uuid }),
          response: { 200: ImportJob, ...errors },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        const job = await findJob(deps.db, request.params.jobId);
        if (!job || job.user_id !== request.params.userId) throw importErrors.jobNotFound();
        return jobView(deps.db, job);
      },
    );
  };
}
