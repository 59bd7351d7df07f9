import type {} from '@fastify/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ServiceClient } from '@runnerly/service-kit';
import type { SessionUser } from './session.ts';
import { gatewayErrors } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in runner (from the session cookie), or null. */
    user: SessionUser | null;
  }
}

export function requireUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw gatewayErrors.unauthenticated();
  return request.user;
}

export function upstream(client: ServiceClient | undefined, name: string): ServiceClient {
  if (!client) throw gatewayErrors.notConfigured(name);
  return client;
}

// The upstream's ETag too: the body is passed on as it came, so its tag holds, and the gateway
// does not hash the body again.
const passHeaders = ['content-type', 'etag', 'content-disposition', 'cache-control', 'retry-after', 'location'];

/**
 * Calls an upstream and replies with its status and body, passed on as the upstream's text (not
 * parsed and serialised again). Upstream failure: 502/503/504 from the client.
 */
export async function forward(
  reply: FastifyReply,
  client: ServiceClient,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<FastifyReply> {
  const res = await client.call<string>(method, path, { ...options, raw: true });
  for (const h of passHeaders) {
    const v = res.headers[h];
    if (typeof v === 'string') void reply.header(h, v);
  }
  void reply.status(res.status);
  if (res.status === 204 || res.body === '' || res.body === undefined) return reply.send();
  return reply.send(res.body);
}
