import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { OAuthError, TOKEN_AUDIENCE, TokenRequest, TokenResponse } from '@runnerly/contracts';
import { clientCredentialsOf, decideGrant } from '../domain/grant.ts';
import { hashSecret, secretMatches } from '../domain/secrets.ts';
import { OAuthFailure, oauthErrors } from '../errors.ts';
import { clientLookup, type CheckedClient } from '../store.ts';
import type { TokendealerDeps } from '../deps.ts';

const DUMMY_HASH = hashSecret('not-a-client');

/** POST /oauth/token: client credentials (service tokens) and token exchange (user tokens). */
export function tokenRoutes(deps: TokendealerDeps): FastifyPluginAsync {
  const clients = clientLookup(deps.db);
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8192 },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );
    app.setErrorHandler((error, request, reply) => {
      if (error instanceof OAuthFailure) return sendOAuth(reply, error.status, error.error, error.message);
      if ((error as { validation?: unknown }).validation)
        return sendOAuth(
          reply,
          400,
          'invalid_request',
          `Invalid token request: ${(error as Error).message.replace(/^body\/?\s*/, '')}`,
        );
      // Unreadable bodies (bad JSON, wrong type, too large): the framework's 4xx, in OAuth's shape, without its internals.
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 413) return sendOAuth(reply, 413, 'invalid_request', 'The token request is too large.');
      if (status === 415)
        return sendOAuth(reply, 415, 'invalid_request', 'Send the token request as form fields or JSON.');
      if (status && status >= 400 && status < 500)
        return sendOAuth(reply, 400, 'invalid_request', 'The token request body could not be read.');
      throw error;
    });
    app.post(
      '/oauth/token',
      {
        config: { public: true },
        schema: {
          summary: 'Issue an access token',
          description:
            'OAuth 2 client credentials grant (RFC 6749 §4.4), and token exchange for a user token (RFC 8693). Client authentication by HTTP Basic or body parameters.',
          tags: ['oauth'],
          security: [],
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          body: TokenRequest,
          response: { 200: TokenResponse, 400: OAuthError, 401: OAuthError, 413: OAuthError, 415: OAuthError },
        },
      },
      async (request, reply) => {
        const creds = clientCredentialsOf(request.headers.authorization, request.body);
        const admits = (c: CheckedClient | undefined): boolean =>
          // The dummy digest for an unknown id: the same work, so the answer's timing says nothing.
          secretMatches(creds.secret, c?.secretHash ?? DUMMY_HASH) && !!c && !c.disabled;
        let client = await clients.find(creds.id);
        let admitted = admits(client);
        // A refusal is decided on the stored row, never on a kept one (a secret given a moment ago).
        if (!admitted && client?.cached) {
          client = await clients.find(creds.id, { fresh: true });
          admitted = admits(client);
        }
        if (!client || !admitted) throw oauthErrors.invalidClient();
        const grant = decideGrant(client, request.body);
        const ttl = grant.tokenUse === 'user' ? deps.config.userTokenTtlSeconds : deps.config.tokenTtlSeconds;
        const accessToken = await deps.keys.sign(
          {
            iss: deps.config.issuer,
            aud: TOKEN_AUDIENCE,
            sub: grant.subject,
            scope: grant.scope.join(' '),
            client_id: client.clientId,
            token_use: grant.tokenUse,
          },
          ttl,
        );
        void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        return {
          access_token: accessToken,
          token_type: 'Bearer' as const,
          expires_in: ttl,
          scope: grant.scope.join(' '),
          ...(grant.issuedTokenType ? { issued_token_type: grant.issuedTokenType } : {}),
        };
      },
    );
  };
}

function sendOAuth(reply: import('fastify').FastifyReply, status: number, error: string, description: string) {
  if (status === 401) void reply.header('www-authenticate', 'Basic realm="runnerly"');
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .send({ error, error_description: description, code: error, message: description });
}
