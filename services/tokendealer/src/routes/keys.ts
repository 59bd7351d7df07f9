import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorBody, Jwks, commonErrorResponses, scopes } from '@runnerly/contracts';
import { tokendealerErrors } from '../errors.ts';
import type { TokendealerDeps } from '../deps.ts';

export function keyRoutes(deps: TokendealerDeps): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/.well-known/jwks.json',
      {
        config: { public: true },
        schema: { summary: 'Public signing keys (JWKS)', tags: ['keys'], security: [], response: { 200: Jwks } },
      },
      async (_request, reply) => {
        void reply.header('cache-control', 'public, max-age=60');
        return deps.keys.jwks();
      },
    );
    app.post(
      '/keys/rotate',
      {
        config: { scopes: [scopes.keysRotate] },
        schema: {
          summary: 'Rotate the signing key',
          description:
            'A new key signs from now on; the old one stays published until its tokens expire. Refused with 409 (and Retry-After) while the newest key is younger than KEY_ROTATION_MIN_SECONDS; at most five keys are ever published.',
          tags: ['keys'],
          response: { 200: Type.Object({ kid: Type.String() }), ...commonErrorResponses, 409: ErrorBody },
        },
      },
      async (_request, reply) => {
        const outcome = await deps.keys.requestRotation();
        if ('kid' in outcome) return { kid: outcome.kid };
        void reply.header('retry-after', String(outcome.retryAfterSeconds));
        throw tokendealerErrors.rotationTooSoon(outcome.retryAfterSeconds);
      },
    );
  };
}
