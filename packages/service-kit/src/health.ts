import type { FastifyInstance } from 'fastify';

export type ReadinessCheck = () => Promise<void>;

/** `/healthz`: the process answers. `/readyz`: the service's own dependencies answer too. */
export function registerHealth(
  app: FastifyInstance,
  checks: Record<string, ReadinessCheck>,
  isClosing: () => boolean,
): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (isClosing())
      return reply.status(503).send({ code: 'shutting_down', message: 'The service is shutting down.', checks: {} });
    const results: Record<string, string> = {};
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2000);
          results[name] = 'ok';
        } catch (err) {
          results[name] = err instanceof Error ? err.message : String(err);
        }
      }),
    );
    const failing = Object.entries(results)
      .filter(([, v]) => v !== 'ok')
      .map(([k]) => k);
    if (failing.length)
      return reply
        .status(503)
        .send({ code: 'not_ready', message: `Not ready: ${failing.join(', ')}.`, checks: results });
    return { status: 'ready', checks: results };
  });
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<void>((_, reject) => {
      t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}
