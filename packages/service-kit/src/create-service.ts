import Fastify, {
  LogController,
  type FastifyReply,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyServerOptions,
  type RouteOptions,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import compress from '@fastify/compress';
import { lazySerializers, lazyValidators } from './lazy-compilers.ts';
import etag from '@fastify/etag';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { pino, type Logger } from 'pino';
import { ErrorBody } from '@runnerly/contracts';
import { AppError, errorHandler, notFoundHandler } from './errors.ts';
import { logFormat, prettyStdout } from './console-log.ts';
import { safeUrl } from './safe-url.ts';
import { requestContext, requestIdFrom } from './request-context.ts';
import { registerMetrics } from './metrics.ts';
import { registerAll } from './bus-metrics.ts';
import type { Metric } from 'prom-client';
import { registerHealth, type ReadinessCheck } from './health.ts';
import type { Tracer } from '@opentelemetry/api';
import { traceRequests } from './tracing.ts';

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
  /** /metrics only with `Authorization: Bearer <token>`; null: not served (default: open, on internal ports). */
  metricsToken?: string | null;
  /** The request line and headers must arrive within this time (default 10 s). */
  headersTimeoutMs?: number;
  publicUrl?: string;
  /** Reverse proxies to trust for the client address (Fastify's `trustProxy`): off by default. */
  trustProxy?: boolean | string;
  /** A span per request (not for health and metrics), under the caller's trace: see tracing.ts. */
  tracer?: Tracer;
}

export type ServiceApp = FastifyInstance & { markClosing(): void };

/** A pino logger for one service: JSON lines with the service name on each (readable lines on a terminal). */
export function serviceLogger(name: string, level = 'info'): Logger {
  const options = {
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The request as Fastify logs it, with the secrets a URL may carry left out (safe-url.ts).
    serializers: {
      req: (req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
        method: req.method,
        url: safeUrl(req.url ?? ''),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  };
  return logFormat() === 'pretty' ? pino(options, prettyStdout) : pino(options);
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
    // On a terminal, no line per request (errors are still logged); JSON logs keep them.
    ...(logFormat() === 'pretty' ? { logController: new LogController({ disableRequestLogging: true }) } : {}),
    return503OnClosing: true,
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    // Each route's validators and serializers are compiled on its first request, not at start.
    schemaController: { compilersFactory: { buildValidator: lazyValidators(), buildSerializer: lazySerializers() } },
    // Errors before routing (a malformed URL) and before Fastify (headers too large): `{code, message}` too.
    frameworkErrors: (error, _request, res) => {
      const reply = res as unknown as FastifyReply;
      const bad = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_ASYNC_CONSTRAINT';
      void reply
        .status(bad ? 400 : (error.statusCode ?? 400))
        .send({ code: 'invalid_request', message: bad ? 'The URL is malformed.' : 'The request is malformed.' });
    },
    clientErrorHandler: clientError,
  };
  const app = Fastify(serverOptions).withTypeProvider<TypeBoxTypeProvider>();
  // Slow headers: the whole header block must arrive within this time (Node's default is a minute).
  app.server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  let closing = false;

  const traced = options.tracer ? traceRequests(app, options.tracer) : undefined;
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    const run = () => requestContext.run({ requestId: String(request.id) }, done);
    if (traced) traced(request, run);
    else run();
  });
  // Validation lets Infinity through as a number (`limit=Infinity`, `1e400`, a JSON 1e400): refused here.
  app.addHook('preHandler', async (request) => {
    if (tooDeep(request.body, 64)) throw new AppError(400, 'invalid_request', 'The body is nested too deeply.');
    if (hasNonFinite(request.query) || hasNonFinite(request.params) || hasNonFinite(request.body))
      throw new AppError(400, 'invalid_request', 'Numbers must be finite.');
    // PostgreSQL cannot store NUL in text (SQLite can): refused alike in both modes, never a 500.
    if (hasNul(request.query) || hasNul(request.params) || hasNul(request.body))
      throw new AppError(400, 'invalid_request', 'Text must not contain NUL characters.');
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addSchema({ ...ErrorBody, $id: 'ErrorBody' });
  app.addHook('onRoute', declareKitErrors);

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
  registerAll(registerMetrics(app, options.name, options.metricsToken), options.metrics ?? []);
  registerHealth(app, options.checks ?? {}, () => closing);
  await app.register(options.routes);

  const service = app as unknown as ServiceApp;
  service.markClosing = () => {
    closing = true;
  };
  const connections = trackConnections(app);
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
  app.addHook('preClose', async () => {
    closing = true;
    connections.closeIdle();
  });
  return service;
}

/**
 * Keep-alive sockets with no request in flight (also those opened but never used, as
 * browsers and pooled clients do) are closed when the service shuts down; a socket with a
 * request in flight is ended once its answer is sent. Without this, one idle client holds
 * the shutdown until its socket times out.
 */
function trackConnections(app: FastifyInstance): { closeIdle(): void } {
  const active = new Map<Socket, number>();
  let closing = false;
  app.server.on('connection', (socket: Socket) => {
    active.set(socket, 0);
    socket.once('close', () => active.delete(socket));
  });
  app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    active.set(socket, (active.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (active.get(socket) ?? 1) - 1;
      if (active.has(socket)) active.set(socket, left);
      if (closing && left === 0) socket.end();
    });
  });
  return {
    closeIdle() {
      closing = true;
      for (const [socket, inFlight] of active) if (inFlight === 0) socket.destroy();
    },
  };
}

/** Answers a request Node could not parse (431 headers too large, 400 otherwise) with `{code, message}`. */
function clientError(err: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const large = err.code === 'HPE_HEADER_OVERFLOW';
  const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const [status, text, code, message] = large
    ? [431, 'Request Header Fields Too Large', 'headers_too_large', 'The request headers are too large.']
    : timeout
      ? [408, 'Request Timeout', 'request_timeout', 'The request took too long to arrive.']
      : [400, 'Bad Request', 'invalid_request', 'The request is malformed.'];
  const body = JSON.stringify({ code, message });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The answers the kit itself gives on any route, declared on every route that declares its
 * responses (so the OpenAPI document lists every status a route can answer): 400 for a malformed
 * URL, parameter or body; 414 for a path parameter longer than the router reads (100
 * characters); for a method that may carry a body, 413 (too large) and 415 (a content type the
 * route does not read).
 */
function declareKitErrors(route: RouteOptions): void {
  const response = route.schema?.response as Record<string, unknown> | undefined;
  if (!response) return;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const statuses = [
    400,
    ...(/[:*]/.test(route.url) ? [414] : []),
    ...(methods.some((m) => bodyMethods.has(m)) ? [413, 415] : []),
  ];
  const added = Object.fromEntries(statuses.filter((s) => !(s in response)).map((s) => [s, ErrorBody]));
  route.schema = { ...route.schema, response: { ...response, ...added } };
}

/** Whether a parsed value holds an infinite or NaN number (bounded depth: deeper bodies are refused by size). */
function hasNonFinite(value: unknown, depth = 0): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value === null || typeof value !== 'object' || depth > 32) return false;
  if (Array.isArray(value)) return value.some((v) => hasNonFinite(v, depth + 1));
  if (Buffer.isBuffer(value)) return false;
  for (const v of Object.values(value)) if (hasNonFinite(v, depth + 1)) return true;
  return false;
}

/** Whether a parsed value holds a string (or a key) with a NUL character (bounded depth, as above). */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || depth > 32 || Buffer.isBuffer(value)) return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  for (const [k, v] of Object.entries(value)) if (k.includes('\u0000') || hasNul(v, depth + 1)) return true;
  return false;
}

/** Whether a parsed body nests objects or arrays deeper than `limit` levels. */
function tooDeep(value: unknown, limit: number, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  if (depth >= limit) return true;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (tooDeep(v, limit, depth + 1)) return true;
  return false;
}
