import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** A coded error a route may throw; the central handler turns it into `{code, message}`. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string) => new AppError(400, code, message);
export const unauthorized = (message = 'A valid bearer token is required.') =>
  new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'This token may not do that.') => new AppError(403, 'forbidden', message);
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);

/** Fastify's own errors, mapped to stable codes. */
const fastifyCodes: Record<string, [number, string, string?]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'This content type is not accepted here.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request', 'Content-Length does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'The JSON body is empty.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'The body is not valid JSON.'],
  FST_ERR_BAD_URL: [400, 'invalid_request', 'The URL is malformed.'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'invalid_request', 'The request is malformed.'],
};

/** Seconds a client is told to wait (`Retry-After`) when a dependency is down. */
export const RETRY_AFTER_SECONDS = 5;

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
// PostgreSQL: connection exceptions (08…), the server shutting down or starting (57P01-57P03), too many connections.
const postgresUnavailable = /^(08...|57P0[123]|53300)$/;

/**
 * The service's own database is down or unreachable (not a bad query): PostgreSQL
 * restarting or gone, no connection within the pool's timeout, SQLite locked for longer
 * than its busy timeout. Such a request may succeed if tried again in a few seconds.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (connectionCodes.has(code) || postgresUnavailable.test(code) || code === 'SQLITE_BUSY') return true;
  if (
    /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable|Client was closed and is not queryable|the database system is (starting up|shutting down|in recovery)/i.test(
      message,
    )
  )
    return true;
  return e.cause !== undefined && e.cause !== error && isStoreUnavailable(e.cause);
}

export function errorHandler(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply): void {
  if (isStoreUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable: answered 503');
    void reply.status(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({
      code: 'unavailable',
      message: 'Temporarily unavailable: a database this request needs is not answering. Try again in a few seconds.',
    });
    return;
  }
  if (error instanceof AppError) {
    if (error.statusCode === 503 && !reply.hasHeader('retry-after'))
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void reply.status(error.statusCode).send({ code: error.code, message: error.message, ...error.extra });
    return;
  }
  if (error.validation) {
    const where = error.validationContext ?? 'request';
    void reply.status(400).send({
      code: 'invalid_request',
      message: `Invalid ${where}: ${error.message.replace(/^(body|querystring|params|headers)\/?\s*/, '')}`,
    });
    return;
  }
  const mapped = error.code ? fastifyCodes[error.code] : undefined;
  if (mapped) {
    void reply.status(mapped[0]).send({ code: mapped[1], message: mapped[2] ?? error.message });
    return;
  }
  if (error instanceof SyntaxError || (error as { type?: string }).type === 'entity.parse.failed') {
    void reply.status(400).send({ code: 'invalid_json', message: 'The body is not valid JSON.' });
    return;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    void reply.status(status).send({ code: status === 429 ? 'rate_limited' : 'bad_request', message: error.message });
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void reply.status(status >= 500 && status < 600 ? status : 500).send({
    code: 'internal_error',
    message: 'Something went wrong on our side. It has been logged; try again later.',
  });
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .status(404)
    .send({ code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` });
}
