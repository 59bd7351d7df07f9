import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Bus, BusMessage, Handler } from '@runnerly/bus';
import type { Env } from './config.ts';

export interface Tracing {
  tracer: Tracer;
  /** Sends the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

let globalsInstalled = false;

/** One context manager and the W3C propagator for the process (every service of an all-in-one process shares them). */
async function installGlobals(): Promise<void> {
  if (globalsInstalled) return;
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { W3CTraceContextPropagator } = await import('@opentelemetry/core');
  if (globalsInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  globalsInstalled = true;
}

/**
 * OpenTelemetry traces of one service, exported over OTLP/HTTP when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set. Unset, nothing is installed, no span is made (the hooks
 * that would make them are not even registered) and the SDK is not loaded (some 200 modules and
 * their memory in every process).
 */
export async function startTracing(service: string, env: Env, version = '0.0.0'): Promise<Tracing | undefined> {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!base || env.OTEL_SDK_DISABLED === 'true') return undefined;
  await installGlobals();
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const { BatchSpanProcessor, TracerProvider } = await import('@opentelemetry/sdk-trace');
  const delay = Number(env.OTEL_BSP_SCHEDULE_DELAY);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': service,
      'service.namespace': 'runnerly',
      'service.version': version,
    }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${base.replace(/\/+$/, '')}/v1/traces` }),
        ...(Number.isFinite(delay) && delay > 0 ? { scheduledDelayMillis: delay } : {}),
      }),
    ],
  });
  return { tracer: provider.getTracer('@runnerly/service-kit', version), shutdown: () => provider.shutdown() };
}

/**
 * Runs `work` in a span under `parent` (the current context when not given), its context
 * active meanwhile; a throw marks the span failed. Every span of the kit is made here.
 */
async function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  parent: Context,
  work: (span: Span, ctx: Context) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(name, options, parent);
  const ctx = trace.setSpan(parent, span);
  try {
    return await context.with(ctx, () => work(span, ctx));
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    span.end();
  }
}

/** Probes and scrapes: no span each. */
const untraced = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * A server span per request (not for probes and scrapes), under the caller's trace when it
 * sends `traceparent`; `run` continues the request inside it. The span ends with the response.
 */
export function traceRequests(
  app: FastifyInstance,
  tracer: Tracer,
): (request: FastifyRequest, run: () => void) => void {
  const spans = new WeakMap<FastifyRequest, Span>();
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
  return (request, run) => {
    const route = request.routeOptions.url;
    if (route === undefined || untraced.has(route)) return run();
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'http.route': route, 'runnerly.request_id': request.id },
      },
      parent,
    );
    spans.set(request, span);
    context.with(trace.setSpan(parent, span), run);
  };
}

/** Runs `call` in a client span under the current one; `call` gets the headers that carry it (`traceparent`). */
export function inClientSpan<T>(
  tracer: Tracer,
  name: string,
  call: (span: Span, headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  return inSpan(tracer, name, { kind: SpanKind.CLIENT }, context.active(), (span, ctx) => call(span, carrier(ctx)));
}

/** Runs background work (a worker's turn) as a trace of its own; with no tracer, just runs it. */
export type Spanner = <T>(
  name: string,
  work: () => Promise<T>,
  attributes?: Record<string, string | number>,
) => Promise<T>;

export function spanner(tracer: Tracer | undefined): Spanner {
  if (!tracer) return (_name, work) => work();
  return (name, work, attributes) =>
    inSpan(tracer, name, { kind: SpanKind.INTERNAL, ...(attributes ? { attributes } : {}) }, ROOT_CONTEXT, work);
}

/** The headers that carry this context to another process. */
function carrier(ctx: Context): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers);
  return headers;
}

/**
 * The service's bus with traces: a producer span per event or job, its context carried in the
 * message's headers, and the consumer's handler run in a span under it (a job enqueued while
 * handling a request belongs to that request's trace).
 */
export function traceBus(bus: Bus, tracer: Tracer): Bus {
  const produce = (
    kind: 'publish' | 'enqueue',
    destination: string,
    send: (headers: Record<string, string>) => Promise<void>,
  ) =>
    inSpan(
      tracer,
      `${destination} ${kind}`,
      { kind: SpanKind.PRODUCER, attributes: { 'messaging.destination.name': destination } },
      context.active(),
      (_span, ctx) => send(carrier(ctx)),
    );
  const consume =
    (queue: string, handler: Handler): Handler =>
    (message: BusMessage) =>
      inSpan(
        tracer,
        `${queue} process`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.destination.name': message.topic,
            'messaging.consumer.group.name': queue,
            'messaging.message.id': message.id,
            'runnerly.bus.attempt': message.attempt,
          },
        },
        propagation.extract(ROOT_CONTEXT, message.headers ?? {}),
        () => handler(message),
      );
  return {
    get kind() {
      return bus.kind;
    },
    publish: (topic, payload, options = {}) =>
      produce('publish', topic, (headers) =>
        bus.publish(topic, payload, { ...options, headers: { ...options.headers, ...headers } }),
      ),
    enqueue: (queue, payload, options = {}) =>
      produce('enqueue', queue, (headers) =>
        bus.enqueue(queue, payload, { ...options, headers: { ...options.headers, ...headers } }),
      ),
    subscribe: (group, patterns, handler, options) => bus.subscribe(group, patterns, consume(group, handler), options),
    // A listener keeps local state in step (a cache): neither counted nor traced as handling.
    listen: (patterns, handler, onStep) => bus.listen(patterns, handler, onStep),
    work: (queue, handler, options) => bus.work(queue, consume(queue, handler), options),
    deadLetterCount: (queue) => bus.deadLetterCount(queue),
    ping: () => bus.ping(),
    close: () => bus.close(),
  };
}
