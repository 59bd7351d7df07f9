import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import compress from '@fastify/compress';
import etag from '@fastify/etag';
import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { ErrorBody } from '@runnerly/contracts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { requestContext, requestIdFrom } from './request-context.ts';
import { registerMetrics } from './metrics.ts';
import { registerAll } from './bus-metrics.ts';
import type { Metric } from 'prom-client';
import { registerHealth, type ReadinessCheck } from './health.ts';

export interface ServiceOptions {
  name: string;
  /** More metrics for /metrics (the bus's, the outbox's). */
  metrics?: Metric[];
  version?: string;
  description?: string;
  /** The service's routes: one plugin, registered under the kit's hooks. */
  routes: FastifyPluginAsync;
  /** Readiness checks of the service's own dependencies (database, bus). */
  checks?: Record<string, ReadinessCheck>;
  logger?: Logger;
  logLevel?: string;
  bodyLimit?: number;
  /** Requests that take longer are answered 503 by Node (socket timeout). */
  requestTimeoutMs?: number;
  publicUrl?: string;
  /** Reverse proxies to trust for the client address (Fastify's `trustProxy`): off by default. */
  trustProxy?: boolean | string;
}

export type ServiceApp = FastifyInstance & { markClosing(): void };

/** A pino logger for one service: JSON lines with the service name on each. */
export function serviceLogger(name: string, level = 'info'): Logger {
  return pino({ level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * Builds a service's Fastify app (never listens): request ids, JSON logs, the central
 * error handler, strict validation, OpenAPI + Swagger UI at /docs, /healthz, /readyz,
 * /metrics, ETags and compression, then the service's own routes.
 */
export async function createService(options: ServiceOptions): Promise<ServiceApp> {
  const logger = options.logger ?? serviceLogger(options.name, options.logLevel);
  const serverOptions: FastifyServerOptions = {
    loggerInstance: logger,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    return503OnClosing: true,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
  };
  const app = Fastify(serverOptions).withTypeProvider<TypeBoxTypeProvider>();
  let closing = false;

  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    requestContext.run({ requestId: String(request.id) }, done);
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addSchema({ ...ErrorBody, $id: 'ErrorBody' });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: `Runnerly ${options.name} service`,
        version: options.version ?? '0.1.0',
        ...(options.description ? { description: options.description } : {}),
      },
      ...(options.publicUrl ? { servers: [{ url: options.publicUrl }] } : {}),
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', logLevel: 'warn' });
  // Responses are compressed; compressed request bodies are not accepted (no service needs them).
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    threshold: 1024,
    encodings: ['br', 'gzip', 'deflate'],
  });
  // An ETag only has to change with the body: a one-shot MD5 is several times cheaper than SHA-1 streams.
  await app.register(etag, {
    hashFn: (payload: Buffer | string) => createHash('md5').update(payload).digest('base64url'),
  });
  registerAll(registerMetrics(app, options.name), options.metrics ?? []);
  registerHealth(app, options.checks ?? {}, () => closing);
  await app.register(options.routes);

  const service = app as unknown as ServiceApp;
  service.markClosing = () => {
    closing = true;
  };
  app.addHook('preClose', async () => {
    closing = true;
  });
  return service;
}
