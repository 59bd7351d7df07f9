import type { FastifyPluginAsync } from 'fastify';
import multipart from '@fastify/multipart';
import { authHook, type Verifier } from '@runnerly/service-kit';
import type { ImportsDeps } from './deps.ts';
import { importRoutes } from './routes/imports.ts';
import { originalRoutes } from './routes/originals.ts';
import { exportRoutes } from './routes/exports.ts';

/** The imports service: multipart uploads (streamed to disk), job status; every route needs a token. */
export function importsApp(deps: ImportsDeps, verifier: Verifier): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authHook(verifier));
    await app.register(multipart, {
      limits: { fileSize: deps.limits.maxZipBytes + 1, files: deps.limits.maxFilesPerRequest },
    });
    await app.register(importRoutes(deps));
    await app.register(originalRoutes(deps));
    await app.register(exportRoutes(deps));
  };
}
