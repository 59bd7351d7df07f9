import type { RouteOptions } from 'fastify';
import { Type, type TSchema } from '@sinclair/typebox';
import { ErrorBody } from '@runnerly/contracts';

/** Error statuses, each with the `{code, message}` body. */
export function errorsOf(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}

/** An upstream that fails, is down or is slow: what a route that calls one may answer besides its own. */
export const upstreamFailures = errorsOf(502, 503, 504);

/** The upstream's answer, passed on as it came (its own document describes it). */
export const upstreamAnswer = Type.Unknown({ description: "The upstream service's answer, passed on as it came" });

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What the gateway adds on every route that declares its responses: 429 (the rate limit covers
 * every route), and 403 on a route that checks the CSRF token (every unsafe one but the public
 * routes other sites call). The kit adds 400, 413 and 415.
 */
export function declareGatewayErrors(route: RouteOptions): void {
  const response = route.schema?.response as Record<string, unknown> | undefined;
  if (!response) return;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  const csrf = route.config?.csrf !== false && methods.some((m) => !safeMethods.has(m));
  const statuses = csrf ? [403, 429] : [429];
  route.schema = {
    ...route.schema,
    response: { ...errorsOf(...statuses.filter((s) => !(s in response))), ...response },
  };
}
