import type {} from '@fastify/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CompressedForms, type ServiceClient } from '@runnerly/service-kit';
import type { SessionUser } from './session.ts';
import type { KeptAnswers } from './kept-answers.ts';
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
  const { forms, answers, ...call } = options;
  const ticket = answers?.kept.ticket();
  const res = await client.call<string>(method, path, { ...call, raw: true });
  const headers: Record<string, string> = {};
  for (const h of passHeaders) {
    const v = res.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  if (answers && ticket !== undefined && method === 'GET' && res.status === 200 && typeof res.body === 'string')
    answers.kept.keep(answers.userId, reply.request.url, ticket, { etag: headers.etag ?? '', headers, body: res.body });
  return send(reply, method, res.status, headers, res.body, forms);
}

async function send(
  reply: FastifyReply,
  method: string,
  status: number,
  headers: Record<string, string>,
  body: string | undefined,
  forms: ForwardOptions['forms'],
): Promise<FastifyReply> {
  void reply.headers(headers);
  void reply.status(status);
  if (status === 204 || body === '' || body === undefined) return reply.send();
  // A body tagged as one already sent to this runner at this URL goes out as it was compressed
  // then, not compressed again.
  const etag = headers.etag;
  if (forms && method === 'GET' && status === 200 && etag && !etag.startsWith('W/')) {
    const key = `${forms.userId} ${reply.request.url} ${etag}`;
    if (await forms.kept.sendOrKeep(reply.request, reply, key)) return reply;
  }
  return reply.send(body);
}

/**
 * `forward` as the signed-in runner, with their user token. The data service's version-tagged
 * reads are answered from the runner's kept answer while it is their latest (`KeptAnswers`), and
 * kept when asked; a write through the gateway drops the runner's kept answers, so that they read
 * it at once, before its `runs.changed` arrives. Call it once the route was matched to the runner.
 */
export async function forwardAs(
  deps: { answers?: KeptAnswers; compressed?: CompressedForms; userTokens: { get(userId: string): Promise<string> } },
  reply: FastifyReply,
  call: { service: string; client: ServiceClient; userId: string; method: string; path: string; body?: unknown },
): Promise<FastifyReply> {
  const { service, client, userId, method, path, body } = call;
  const forms = keptFor(deps, userId);
  const answers = service === 'data' ? deps.answers : undefined;
  if (answers && method === 'GET') {
    const kept = answers.get(userId, reply.request.url);
    answers.outcomes.inc({ outcome: kept ? 'kept' : 'asked' });
    if (kept) return send(reply, 'GET', 200, kept.headers, kept.body, forms.forms);
  }
  const token = await deps.userTokens.get(userId);
  try {
    return await forward(reply, client, method, path, {
      token,
      body,
      ...forms,
      ...(answers && method === 'GET' ? { answers: { kept: answers, userId } } : {}),
    });
  } finally {
    if (answers && method !== 'GET') answers.drop(userId);
  }
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
  /** Keep the runner's version-tagged answer (a data service read). */
  answers?: { kept: KeptAnswers; userId: string };
}
