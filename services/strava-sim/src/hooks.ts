// Request hooks of the Strava side: count calls, inject faults, apply rate limits.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { STATUS_CODES } from 'node:http';
import type { Sim } from './options.ts';
import { RATE_LIMIT_EXCEEDED } from './rate-limit.ts';

const callAthlete = new WeakMap<FastifyRequest, number>();
const faulted = new WeakSet<FastifyRequest>();

export function setCallAthlete(request: FastifyRequest, athleteId: number): void {
  callAthlete.set(request, athleteId);
}

const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? request.url;
const isStravaPath = (path: string): boolean => path.startsWith('/api/') || path.startsWith('/oauth/');

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? pathOf(request);
}

export function stravaOnRequest(sim: Sim) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const path = pathOf(request);
    if (!isStravaPath(path)) return undefined;
    const fault = sim.faults.take(request.method, path);
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.action?.kind === 'drop') {
      faulted.add(request);
      sim.calls.record(
        {
          at: new Date(sim.clock.now()).toISOString(),
          method: request.method,
          route: routeOf(request),
          path,
          status: 'dropped',
          athleteId: null,
        },
        { faulted: true },
      );
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fault.action?.kind === 'error') {
      faulted.add(request);
      const status = fault.action.status;
      return reply.code(status).send({ message: STATUS_CODES[status] ?? 'Error', errors: [] });
    }
    if (path.startsWith('/api/')) {
      // Each application has its own limits: the one whose token makes the call (the main one without a valid token).
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const clientId = bearer ? sim.tokens.authenticate(bearer)?.clientId : undefined;
      const limiter = (clientId && sim.apps.get(clientId)?.limiter) || sim.limiter;
      const decision = limiter.take(false);
      reply.headers(decision.headers);
      if (decision.limited) return reply.code(429).send(RATE_LIMIT_EXCEEDED);
    }
    return undefined;
  };
}

export function stravaOnResponse(sim: Sim) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const path = pathOf(request);
    if (!isStravaPath(path)) return;
    sim.calls.record(
      {
        at: new Date(sim.clock.now()).toISOString(),
        method: request.method,
        route: routeOf(request),
        path,
        status: reply.statusCode,
        athleteId: callAthlete.get(request) ?? null,
      },
      { faulted: faulted.has(request) },
    );
  };
}
