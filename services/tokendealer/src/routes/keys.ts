import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { commonErrorResponses, Jwks, scopes } from '@runnerly/contracts';
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
          description: 'A new key signs from now on; the old one stays published until its tokens expire.',
          tags: ['keys'],
          response: { 200: Type.Object({ kid: Type.String() }), ...commonErrorResponses },
        },
      },
      async () => ({ kid: await deps.keys.rotate() }),
    );
  };
}
