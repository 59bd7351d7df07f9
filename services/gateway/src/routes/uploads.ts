import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { request as undiciRequest, errors as undiciErrors } from 'undici';
import { AppError, currentRequestId, upstreamUrls } from '@runnerly/service-kit';
import type { GatewayDeps } from '../deps.ts';
import { requireUser } from '../http.ts';
import { gatewayErrors } from '../errors.ts';
import { errorsOf, upstreamAnswer, upstreamFailures } from '../responses.ts';

export const DEFAULT_UPLOAD_LIMIT = 501 * 1024 * 1024;
export const DEFAULT_UPLOAD_TIMEOUT_MS = 15 * 60_000;
export const DEFAULT_UPLOAD_MIN_BYTES_PER_SECOND = 10 * 1024;
export const DEFAULT_UPLOAD_RATE_WINDOW_MS = 10_000;

/**
 * Fails the stream when fewer than `minBytesPerSecond` arrived over a window (the first window is
 * the grace period): a client trickling an upload cannot hold a connection for the whole upload
 * timeout.
 */
class MinRate extends Transform {
  private inWindow = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(minBytesPerSecond: number, windowMs: number) {
    super();
    const least = (minBytesPerSecond * windowMs) / 1000;
    this.timer = setInterval(() => {
      if (this.inWindow < least) this.destroy(gatewayErrors.uploadTooSlow(minBytesPerSecond, windowMs));
      this.inWindow = 0;
    }, windowMs);
    this.timer.unref();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.inWindow += chunk.length;
    done(null, chunk);
  }
  override _flush(done: TransformCallback): void {
    clearInterval(this.timer);
    done();
  }
  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    clearInterval(this.timer);
    done(err);
  }
}

/** Passes bytes through and fails once more than `limit` went by. */
class ByteLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) return done(gatewayErrors.uploadTooLarge(this.limit));
    done(null, chunk);
  }
}

/**
 * `POST /api/imports/users/:me/imports`: the multipart body streamed as it comes to the imports
 * service (never buffered or parsed here), with the session's user token. Its own body limit
 * and timeout; CSRF as for every change.
 */
export function uploadRoutes(deps: GatewayDeps): FastifyPluginAsync {
  // IMPORTS_URL may list several replicas: each upload goes to the next one in turn.
  const replicas = upstreamUrls(deps.streamUrls?.imports);
  let turn = 0;
  const nextImports = () => (replicas.length ? replicas[turn++ % replicas.length] : undefined);
  return async (app) => {
    const limit = deps.settings.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT;
    const timeout = deps.settings.uploadTimeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS;
    const minRate = deps.settings.uploadMinBytesPerSecond ?? DEFAULT_UPLOAD_MIN_BYTES_PER_SECOND;
    const rateWindow = deps.settings.uploadRateWindowMs ?? DEFAULT_UPLOAD_RATE_WINDOW_MS;
    // Leave multipart bodies unread: the handler streams request.raw on.
    app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null, undefined));

    app.post<{ Params: { userId: string } }>(
      '/api/imports/users/:userId/imports',
      {
        bodyLimit: limit,
        config: { upload: true },
        schema: {
          summary:
            'Upload GPX/TCX/FIT files (.gz too) or a Strava export ZIP: multipart/form-data, streamed to the imports service',
          tags: ['routed'],
          response: { 202: upstreamAnswer, ...errorsOf(400, 401, 403, 404, 413, 415), ...upstreamFailures },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        if (request.params.userId !== user.id) throw gatewayErrors.notYours();
        const type = request.headers['content-type'] ?? '';
        if (!/^multipart\/form-data;.*boundary=/i.test(type)) throw gatewayErrors.uploadNotMultipart();
        const declared = Number(request.headers['content-length'] ?? NaN);
        if (declared > limit) throw gatewayErrors.uploadTooLarge(limit);
        const base = nextImports();
        if (!base) throw gatewayErrors.notConfigured('imports');
        const token = await deps.userTokens.get(user.id);
        const headers: Record<string, string> = {
          'content-type': type,
          authorization: `Bearer ${token}`,
          accept: 'application/json',
        };
        if (Number.isFinite(declared)) headers['content-length'] = String(declared);
        const id = currentRequestId();
        if (id) headers['x-request-id'] = id;

        const rate = new MinRate(minRate, rateWindow);
        const body = request.raw.pipe(rate).pipe(new ByteLimit(limit));
        request.raw.on('error', (err) => body.destroy(err));
        rate.on('error', (err) => body.destroy(err));
        const signal = AbortSignal.timeout(timeout);
        let res;
        try {
          res = await undiciRequest(
            new URL(`users/${encodeURIComponent(user.id)}/imports`, base.endsWith('/') ? base : `${base}/`),
            {
              method: 'POST',
              headers,
              body,
              signal,
              headersTimeout: timeout,
              bodyTimeout: timeout,
            },
          );
        } catch (err) {
          request.raw.unpipe(rate);
          request.raw.resume();
          if (rate.errored instanceof AppError) {
            // Nothing more is read from a client this slow: the connection ends with the answer.
            void reply.header('connection', 'close');
            throw rate.errored;
          }
          if (err instanceof AppError) throw err;
          if (
            signal.aborted ||
            err instanceof undiciErrors.HeadersTimeoutError ||
            err instanceof undiciErrors.BodyTimeoutError
          ) {
            throw gatewayErrors.upstreamTimeout('imports');
          }
          if (body.errored instanceof AppError) throw body.errored;
          throw gatewayErrors.upstreamFailed('imports');
        }
        const text = await res.body.text();
        // The imports service may answer (413, 400…) before reading everything: drain the rest.
        if (!request.raw.complete) {
          request.raw.unpipe(rate);
          request.raw.resume();
        }
        void reply.status(res.statusCode);
        const contentType = res.headers['content-type'];
        if (typeof contentType === 'string') void reply.type(contentType);
        return reply.send(text || undefined);
      },
    );
  };
}
