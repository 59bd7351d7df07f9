import { statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { GatewayDeps } from '../deps.ts';
import { gatewayErrors } from '../errors.ts';

function isFile(path: string): boolean {
  try {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- callers pass a path resolved inside the dashboard folder (checked with startsWith(root + sep))
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false; // a name too long, a NUL byte…: no such file
  }
}

/** Paths no file of the dashboard can have: NUL bytes, names longer than a file system takes. */
const impossiblePath = (path: string) => path.includes('\0') || path.split('/').some((s) => s.length > 255);

export function sendIndex(deps: GatewayDeps, reply: FastifyReply): FastifyReply {
  if (!isFile(join(deps.settings.dashboardDir, 'index.html'))) {
    throw gatewayErrors.dashboardNotBuilt();
  }
  void reply.header('cache-control', 'no-cache');
  return reply.sendFile('index.html');
}

/**
 * The built dashboard: files from its dist folder (hashed assets cached for a year), and
 * index.html for every other GET outside /api (client-side routes).
 */
export function staticRoutes(deps: GatewayDeps): FastifyPluginAsync {
  return async (app) => {
    const root = resolve(deps.settings.dashboardDir);
    app.get('/*', { config: { rateLimit: false }, schema: { hide: true } }, async (request, reply) => {
      let path: string;
      try {
        path = decodeURIComponent(request.url.split('?')[0]!);
      } catch {
        throw gatewayErrors.badUrl();
      }
      if (impossiblePath(path)) throw gatewayErrors.noPage();
      if (path === '/api' || path.startsWith('/api/')) throw gatewayErrors.noRoute('GET', path);
      const rel = normalize(path).replace(/^[/\\]+/, '');
      const full = resolve(root, rel);
      if (rel && full.startsWith(root + sep) && isFile(full)) {
        void reply.header(
          'cache-control',
          rel.startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        return reply.sendFile(rel);
      }
      if (/\.[A-Za-z0-9]{1,8}$/.test(path)) throw gatewayErrors.noFile(path);
      return sendIndex(deps, reply);
    });
  };
}
