import { Pool, errors as undiciErrors } from 'undici';
import {
  ConsecutiveBreaker,
  ExponentialBackoff,
  BrokenCircuitError,
  circuitBreaker,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { AppError } from './errors.ts';
import { currentRequestId } from './request-context.ts';
import type { TokenProvider } from './token-provider.ts';
import type { Tracer } from '@opentelemetry/api';
import { inClientSpan } from './tracing.ts';

export interface ServiceClientOptions {
  /** Name of the service called, for error messages. */
  service: string;
  /**
   * Where the service is; several replicas as a comma-separated list (`http://a:8083,http://b:8083`,
   * the same path on each): requests take them in turn, one that refuses connections is left out
   * for `ejectMs` and the request tried on another.
   */
  baseUrl: string;
  /** Attaches `Authorization: Bearer …` when set (this service's own token). */
  tokens?: TokenProvider;
  timeoutMs?: number;
  /** Extra attempts for idempotent calls on network errors and 502/503/504. */
  retries?: number;
  connections?: number;
  /** Consecutive failures that open the circuit; it half-opens after `halfOpenAfterMs`. */
  breakerThreshold?: number;
  halfOpenAfterMs?: number;
  /** Responses with an ETag kept for `If-None-Match` (per URL and token). */
  etagCacheSize?: number;
  /** A client span per attempt, its context sent in `traceparent` (see tracing.ts). */
  tracer?: Tracer;
  /** How long an upstream that refused a connection is left out of the turn (several upstreams). */
  ejectMs?: number;
}

/** One upstream of several: its keep-alive pool, and until when it is left out. */
interface Upstream {
  origin: string;
  pool: Pool;
  ejectedUntil: number;
}

export interface CallOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Use this bearer token instead of the service's own (e.g. a user token). */
  token?: string;
  /** Keep the body as the upstream's text, unparsed: for passing it on as it came. */
  raw?: boolean;
  /** Keep the body as the upstream's bytes (a file), unparsed and not cached. */
  binary?: boolean;
}

export interface ServiceResponse<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  /** Served from the ETag cache after a 304. */
  fromCache: boolean;
}

class TransientError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    /** The request never reached the upstream (no connection): safe to send again, whatever the method. */
    readonly notSent = false,
  ) {
    super(message);
  }
}

/** The replicas a `<SERVICE>_URL` names: one URL, or several comma-separated. */
export function upstreamUrls(setting: string | undefined): string[] {
  return (setting ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
}

/** Errors of a connection that was never made: the request was not sent. */
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Service-to-service HTTP: a keep-alive pool per upstream, a timeout on every call,
 * bounded retries for idempotent methods, a circuit breaker, the request id passed on,
 * and ETag revalidation for GETs. Upstream trouble surfaces as 502/503/504 AppErrors.
 */
export class ServiceClient {
  private readonly upstreams: Upstream[];
  private turn = 0;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly etags = new Map<
    string,
    { etag: string; body: unknown; headers: Record<string, string | string[] | undefined> }
  >();
  private readonly origin: URL;

  constructor(private readonly options: ServiceClientOptions) {
    const urls = upstreamUrls(options.baseUrl).map((u) => new URL(u));
    this.origin = urls[0]!;
    const poolOptions = { connections: options.connections ?? 32, keepAliveTimeout: 30_000, pipelining: 1 };
    this.upstreams = urls.map((u) => ({ origin: u.origin, pool: new Pool(u.origin, poolOptions), ejectedUntil: 0 }));
    this.breaker = circuitBreaker(
      handleWhen((e) => e instanceof TransientError),
      {
        halfOpenAfter: options.halfOpenAfterMs ?? 5_000,
        breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
      },
    );
  }

  get<T>(path: string, options: CallOptions = {}) {
    return this.call<T>('GET', path, options);
  }
  post<T>(path: string, options: CallOptions = {}) {
    return this.call<T>('POST', path, options);
  }
  put<T>(path: string, options: CallOptions = {}) {
    return this.call<T>('PUT', path, options);
  }
  delete<T>(path: string, options: CallOptions = {}) {
    return this.call<T>('DELETE', path, options);
  }

  async call<T>(method: string, path: string, options: CallOptions = {}): Promise<ServiceResponse<T>> {
    const idempotent = method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE';
    // Idempotent calls are tried again on any transient failure; the others only when they were never sent.
    const policy = retry(
      handleWhen((e) => e instanceof TransientError && (idempotent || e.notSent)),
      {
        maxAttempts: this.options.retries ?? 2,
        backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1000 }),
      },
    );
    try {
      return await policy.execute(() => this.breaker.execute(() => this.attempt<T>(method, path, options)));
    } catch (err) {
      if (err instanceof BrokenCircuitError)
        throw new AppError(
          503,
          'upstream_unavailable',
          `The ${this.options.service} service is unavailable; try again shortly.`,
        );
      if (err instanceof TransientError) {
        if (err.status === 504 || err.message === 'timeout')
          throw new AppError(504, 'upstream_timeout', `The ${this.options.service} service did not answer in time.`);
        throw new AppError(502, 'upstream_error', `The ${this.options.service} service failed to answer.`);
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.upstreams.map((u) => u.pool.close()));
  }

  /** The next upstream in turn that is not left out; when all are, the one back soonest. */
  private pick(): Upstream {
    const now = Date.now();
    for (let i = 0; i < this.upstreams.length; i++) {
      const u = this.upstreams[(this.turn + i) % this.upstreams.length]!;
      if (u.ejectedUntil <= now) {
        this.turn = (this.turn + i + 1) % this.upstreams.length;
        return u;
      }
    }
    return this.upstreams.reduce((a, b) => (b.ejectedUntil < a.ejectedUntil ? b : a));
  }

  /** One attempt, in a client span of its own when traced (its context sent along in the headers). */
  private attempt<T>(method: string, path: string, options: CallOptions): Promise<ServiceResponse<T>> {
    const tracer = this.options.tracer;
    if (!tracer) return this.once<T>(method, path, options);
    return inClientSpan(tracer, `${method} ${this.options.service}`, async (span, headers) => {
      span.setAttributes({ 'http.request.method': method, 'url.path': path, 'peer.service': this.options.service });
      const answer = await this.once<T>(method, path, { ...options, headers: { ...options.headers, ...headers } });
      span.setAttribute('http.response.status_code', answer.status);
      return answer;
    });
  }

  private async once<T>(method: string, path: string, options: CallOptions): Promise<ServiceResponse<T>> {
    const url = new URL(
      path.replace(/^\//, ''),
      this.origin.href.endsWith('/') ? this.origin.href : `${this.origin.href}/`,
    );
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const requestId = currentRequestId();
    if (requestId) headers['x-request-id'] = requestId;
    const token = options.token ?? (this.options.tokens ? await this.options.tokens.getToken() : undefined);
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const cacheKey =
      method === 'GET' && !options.binary
        ? `${options.raw ? 'raw ' : ''}${token ?? ''} ${url.pathname}${url.search}`
        : undefined;
    const cached = cacheKey ? this.etags.get(cacheKey) : undefined;
    if (cached) headers['if-none-match'] = cached.etag;
    const timeout = this.options.timeoutMs ?? 5000;
    let res;
    const upstream = this.pick();
    try {
      res = await upstream.pool.request({
        method: method as 'GET',
        path: url.pathname + url.search,
        headers,
        body,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (err) {
      if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError)
        throw new TransientError('timeout');
      const notSent = NOT_SENT.has((err as { code?: string }).code ?? '');
      if (notSent && this.upstreams.length > 1) upstream.ejectedUntil = Date.now() + (this.options.ejectMs ?? 10_000);
      throw new TransientError(err instanceof Error ? err.message : String(err), undefined, notSent);
    }
    if (res.statusCode === 304 && cached) {
      await res.body.dump();
      return { status: 200, headers: cached.headers, body: cached.body as T, fromCache: true };
    }
    const text: string | Buffer = options.binary ? Buffer.from(await res.body.arrayBuffer()) : await res.body.text();
    if (res.statusCode === 502 || res.statusCode === 503 || res.statusCode === 504)
      throw new TransientError(`upstream ${res.statusCode}`, res.statusCode);
    let parsed: unknown = text;
    if (
      !options.raw &&
      typeof text === 'string' &&
      String(res.headers['content-type'] ?? '').includes('json') &&
      text
    ) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new TransientError('invalid JSON from upstream');
      }
    }
    const etag = res.headers.etag;
    if (cacheKey && res.statusCode === 200 && typeof etag === 'string') {
      const max = this.options.etagCacheSize ?? 1000;
      if (this.etags.size >= max) this.etags.delete(this.etags.keys().next().value as string);
      this.etags.set(cacheKey, { etag, body: parsed, headers: res.headers });
    }
    return { status: res.statusCode, headers: res.headers, body: parsed as T, fromCache: false };
  }
}
