import type {} from '@fastify/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CompressedForms, type ServiceClient } from '@runnerly/service-kit';
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
  options: ForwardOptions = {},
): Promise<FastifyReply> {
  const { forms, ...call } = options;
  const res = await client.call<string>(method, path, { ...call, raw: true });
  for (const h of passHeaders) {
    const v = res.headers[h];
    if (typeof v === 'string') void reply.header(h, v);
  }
  void reply.status(res.status);
  if (res.status === 204 || res.body === '' || res.body === undefined) return reply.send();
  // The upstream answered this request (and checked it): a body it tagged as one already sent to
  // this runner at this URL goes out as it was compressed then, not compressed again.
  const etag = res.headers.etag;
  if (forms && method === 'GET' && res.status === 200 && typeof etag === 'string' && !etag.startsWith('W/')) {
    const key = `${forms.userId} ${reply.request.url} ${etag}`;
    if (await forms.kept.sendOrKeep(reply.request, reply, key)) return reply;
  }
  return reply.send(res.body);
}

/** The forward option that keeps a runner's compressed answers, when the gateway keeps them. */
export function keptFor(deps: { compressed?: CompressedForms }, userId: string): Pick<ForwardOptions, 'forms'> {
  return deps.compressed ? { forms: { kept: deps.compressed, userId } } : {};
}

export interface ForwardOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Keep the compressed forms of the runner's tagged answers (reads that are repeated). */
  forms?: { kept: CompressedForms; userId: string };
}
