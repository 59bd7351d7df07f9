import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Bus, BusMessage, Handler } from '@runnerly/bus';
import type { Env } from './config.ts';

export interface Tracing {
  tracer: Tracer;
  /** Sends the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

let globalsInstalled = false;

/** One context manager and the W3C propagator for the process (every service of an all-in-one process shares them). */
function installGlobals(): void {
  if (globalsInstalled) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  globalsInstalled = true;
}

/**
 * OpenTelemetry traces of one service, exported over OTLP/HTTP when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set. Unset, nothing is installed and no span is made: the
 * hooks that would make them are not even registered.
 */
export function startTracing(service: string, env: Env, version = '0.0.0'): Tracing | undefined {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!base || env.OTEL_SDK_DISABLED === 'true') return undefined;
  installGlobals();
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

type Headers = Record<string, string | string[] | undefined>;

/** A span started under the caller's trace (from `traceparent`), or a new trace. */
export function serverSpan(tracer: Tracer, name: string, headers: Headers): { span: Span; context: Context } {
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `call` in a client span under the current one, with `traceparent` added to `headers`. */
export async function inClientSpan<T>(
  tracer: Tracer,
  name: string,
  headers: Record<string, string>,
  call: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT });
  const ctx = trace.setSpan(context.active(), span);
  propagation.inject(ctx, headers);
  try {
    return await context.with(ctx, () => call(span));
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** Runs background work (a worker's turn) as a trace of its own; with no tracer, just runs it. */
export type Spanner = <T>(
  name: string,
  work: () => Promise<T>,
  attributes?: Record<string, string | number>,
) => Promise<T>;

export function spanner(tracer: Tracer | undefined): Spanner {
  if (!tracer) return (_name, work) => work();
  return async (name, work, attributes) => {
    const span = tracer.startSpan(
      name,
      { kind: SpanKind.INTERNAL, ...(attributes ? { attributes } : {}) },
      ROOT_CONTEXT,
    );
    try {
      return await context.with(trace.setSpan(ROOT_CONTEXT, span), work);
    } catch (err) {
      failed(span, err);
      throw err;
    } finally {
      span.end();
    }
  };
}

export function failed(span: Span, err: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

/**
 * The service's bus with traces: a producer span per event or job, its context carried in the
 * message's headers, and the consumer's handler run in a span under it (a job enqueued while
 * handling a request belongs to that request's trace).
 */
export function traceBus(bus: Bus, tracer: Tracer): Bus {
  const produce = (
    kind: 'publish' | 'enqueue',
    topic: string,
    send: (headers: Record<string, string>) => Promise<void>,
  ) => inProducerSpan(tracer, `${topic} ${kind}`, topic, send);
  const consume =
    (queue: string, handler: Handler): Handler =>
    async (message: BusMessage) => {
      const parent = propagation.extract(ROOT_CONTEXT, message.headers ?? {});
      const span = tracer.startSpan(
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
        parent,
      );
      try {
        await context.with(trace.setSpan(parent, span), () => handler(message));
      } catch (err) {
        failed(span, err);
        throw err;
      } finally {
        span.end();
      }
    };
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
    work: (queue, handler, options) => bus.work(queue, consume(queue, handler), options),
    deadLetterCount: (queue) => bus.deadLetterCount(queue),
    ping: () => bus.ping(),
    close: () => bus.close(),
  };
}

async function inProducerSpan(
  tracer: Tracer,
  name: string,
  destination: string,
  send: (headers: Record<string, string>) => Promise<void>,
): Promise<void> {
  const span = tracer.startSpan(name, {
    kind: SpanKind.PRODUCER,
    attributes: { 'messaging.destination.name': destination },
  });
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  try {
    await send(headers);
  } catch (err) {
    failed(span, err);
    throw err;
  } finally {
    span.end();
  }
}
