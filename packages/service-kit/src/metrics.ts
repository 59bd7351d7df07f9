import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** `/metrics`: process metrics plus a latency histogram per route, in a registry of the service's own. */
/**
 * Prometheus metrics at /metrics. `token`: only a scraper sending `Authorization: Bearer <token>`
 * reads them (a public port's); null: not served at all.
 */
export function registerMetrics(app: FastifyInstance, service: string, token?: string | null): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    latency.observe({ method: request.method, route, status_code: reply.statusCode }, reply.elapsedTime / 1000);
  });
  // eslint-disable-next-line security/detect-possible-timing-attacks -- compares with undefined only; the token itself is compared by sameSecret (constant time)
  if (token === null) return registry;
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token !== undefined && !sameSecret(String(request.headers.authorization ?? ''), `Bearer ${token}`)) {
      return reply.status(404).send({ code: 'not_found', message: 'No route for GET /metrics.' });
    }
    void reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}

function sameSecret(a: string, b: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(a), digest(b));
}
